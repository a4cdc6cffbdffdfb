"""What an article's names were found with: the model and the rules, as ``articles.indexed_by``
records them, so ``margin reindex`` redoes only the articles something else indexed.

The rules are identified by a fingerprint of the modules that turn a model's spans into the
library's names (cleaning, clustering, linking: every module of :mod:`nlp` but those listed
in :data:`NOT_RULES`, and the linking lookups of :mod:`nlp.index.writes`), so a changed rule is
never forgotten and a new module counts at once.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

NOT_RULES = frozenset({"__init__", "bulk", "config", "dossier", "importer", "markdown", "model", "prepare",
                       "reading", "reindex", "rules", "web"})
"""Modules of :mod:`nlp` that read, fetch, configure, store or show articles: they decide no name."""


@cache
def rules_fingerprint() -> str:
    """Twelve hex digits that change whenever a rule module's source does."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in [*sorted(package.glob("*.py")), package / "index" / "writes.py"]:
        if path.stem not in NOT_RULES:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def model_version(model_name: str) -> str:
    """*model_name* with the installed package's version ("en_core_web_sm 3.8.0"), when it has one."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{model_name} {version(model_name)}"
    except (PackageNotFoundError, ValueError):
        return model_name


def indexed_by(extractor: object) -> str:
    """What *extractor* and the current rules write in ``articles.indexed_by``: "MODEL VERSION, rules FINGERPRINT".

    An extractor without a ``model_name`` (a test double) is named by its class.
    """
    name = getattr(extractor, "model_name", None) or type(extractor).__name__
    return f"{_model_label(name)}, rules {rules_fingerprint()}"


@cache
def _model_label(name: str) -> str:
    return model_version(name)
