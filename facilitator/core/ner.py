"""Statistical named-entity recognition for French (spaCy fr_core_news_sm), loaded on demand.

Loading takes seconds, so callers run `load_french_ner` in a worker and hand the result to
`Pseudonymiser.set_ner`. spaCy is imported only inside the loader: importing this module is free.
"""

from __future__ import annotations

import threading

from facilitator.core.pseudonymise import NerFn

MODEL = "fr_core_news_sm"
LABELS = frozenset({"PER", "LOC"})
# Components the entity recogniser does not need; skipping them makes each call several times faster.
_EXCLUDE = ["parser", "lemmatizer", "attribute_ruler", "morphologizer", "senter", "tagger"]


class ModelMissingError(RuntimeError):
    """The French model is not installed (it is a normal dependency; nothing is downloaded)."""


def load_french_ner() -> NerFn:
    """Load the small French model (blocking, a few seconds) and return a thread-safe entity finder.

    The finder returns `(start, end, label)` character spans for persons (PER) and places (LOC).
    """
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=_EXCLUDE)
    except OSError as exc:   # spaCy raises OSError [E050] when the package is absent
        raise ModelMissingError(f"spaCy model {MODEL} is not installed") from exc

    lock = threading.Lock()   # one call at a time: spaCy does not promise thread safety

    def find_entities(text: str) -> list[tuple[int, int, str]]:
        if not text.strip():
            return []
        with lock:
            doc = nlp(text)
        return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents if ent.label_ in LABELS]

    return find_entities


_shared: NerFn | None = None


def shared_french_ner() -> NerFn:
    """`load_french_ner` done once per process (tests, the `anonymise` command, benchmarks)."""
    global _shared
    if _shared is None:
        _shared = load_french_ner()
    return _shared
