"""Named-entity extraction with spaCy: the only module that imports it (the types it returns are
in :mod:`nlp.raw`, so nothing else imports this module for them).

Only the components extraction needs are loaded: the NER and the sentence segmenter
(``senter``). In the small English pipeline both carry their own embedding layer, so the
shared ``tok2vec``, the tagger, parser, attribute ruler and lemmatizer are excluded.
Measured on the demo articles: the same entities as the full pipeline
(``tests/test_model.py``), at 1.75 times its speed (7,080 against 4,050 words a second on
one core here, batches of 16).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.util import get_package_path, is_package, load_config

from nlp.casing import recase_caps_lines
from nlp.model import INSTALL_HINT, ModelNotFound, resolve_model
from nlp.raw import BATCH_SIZE, RawDoc, RawSpan
from nlp.repeats import names_missed

NEEDED_COMPONENTS = ("senter", "ner")
"""The pipeline components extraction runs."""


class SpacyExtractor:
    """Runs a spaCy pipeline restricted to :data:`NEEDED_COMPONENTS`."""

    def __init__(self, model: str | None = None) -> None:
        self.model_name = resolve_model(model)
        self._nlp = None

    @property
    def nlp(self):
        """The loaded pipeline (loaded on first use)."""
        if self._nlp is None:
            self._nlp = load_pipeline(self.model_name)
        return self._nlp

    def extract(self, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[RawDoc]:
        """Yield one :class:`RawDoc` per text, in order.

        ALL-CAPS lines are read re-cased (:mod:`nlp.casing`); offsets index *texts* unchanged.
        The names the model missed there (:func:`nlp.repeats.names_missed`) come first among
        the spans, so they win over the model's where both start at the same place.
        """
        texts = list(texts)
        docs = self.nlp.pipe((recase_caps_lines(t) for t in texts), batch_size=batch_size)
        for text, doc in zip(texts, docs):
            raw = doc_to_raw(doc)
            raw.spans[:0] = names_missed(text, raw.spans)
            yield raw


def load_pipeline(name: str):
    """Load *name* with only the NER and sentence segmenter enabled.

    Raises :class:`ModelNotFound` (one line) when *name* is not a spaCy pipeline that finds entities.
    """
    try:
        nlp = spacy.load(name, exclude=unneeded_components(name))
    except (OSError, ImportError, KeyError, ValueError) as err:
        reason = " ".join(str(err).split())
        raise ModelNotFound(f"The spaCy model {name!r} cannot be loaded ({reason}). {INSTALL_HINT}") from None
    for component in NEEDED_COMPONENTS:
        if component in nlp.disabled:
            nlp.enable_pipe(component)
    if "ner" not in nlp.pipe_names:
        raise ModelNotFound(f"The spaCy model {name!r} has no 'ner' component, so it cannot find entities.")
    return nlp


def unneeded_components(name: str) -> list[str]:
    """Components of *name* that neither the NER nor the sentence segmenter depend on.

    A shared embedding layer (``tok2vec``, ``transformer``) is kept when a needed component
    listens to it, as in the larger pipelines.
    """
    root = get_package_path(name) if is_package(name) else Path(name)
    config_path = next(root.glob("*/config.cfg"), root / "config.cfg")
    components = load_config(config_path, interpolate=False)["components"]
    listened = {
        upstream
        for needed in NEEDED_COMPONENTS
        for upstream in ("tok2vec", "transformer")
        if "Listener" in str(components.get(needed, {}).get("model", {}))
    }
    return [c for c in components if c not in NEEDED_COMPONENTS and c not in listened]


def doc_to_raw(doc) -> RawDoc:
    """Convert a spaCy ``Doc`` into a :class:`RawDoc`."""
    spans = [RawSpan(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents] if doc.has_annotation("SENT_START") else []
    return RawDoc(spans, sentences)
