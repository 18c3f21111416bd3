"""Quote versions side by side, with the words one version has and the others lack marked.

The dossier lists a quote's wording differences pair by pair (``differences``: "a thousand"
in one, "1,000" in the other); a reader comparing columns wants them marked in place. Each
version is compared word by word with the first (the column to read the others against),
and the words it does not share are marked; the first is marked where any other differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from crosscheck.web.dossier_view import unquoted


@dataclass(frozen=True)
class Chunk:
    text: str  # consecutive words, one space between them (the page puts one between chunks)
    changed: bool


def marked_versions(texts: list[str]) -> list[list[Chunk]]:
    """One list of chunks per text; joined by spaces, a text's chunks give back its words."""
    if not texts:
        return []
    reference = texts[0].split()
    changed_in_reference: set[int] = set()
    others = []
    for text in texts[1:]:
        words = text.split()
        matcher = SequenceMatcher(None, [_folded(w) for w in reference],
                                  [_folded(w) for w in words], autojunk=False)
        changed: set[int] = set()
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                changed_in_reference.update(range(i1, i2))
                changed.update(range(j1, j2))
        others.append(_chunks(words, changed))
    # the reference is marked once every comparison has marked it
    return [_chunks(reference, changed_in_reference), *others]


def _folded(word: str) -> str:
    """A word as compared: case and the punctuation around it do not count as a change."""
    return word.strip(".,;:!?\"'“”‘’()[]").lower()


def _chunks(words: list[str], changed: set[int]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for n, word in enumerate(words):
        flag = n in changed
        if chunks and chunks[-1].changed == flag:
            chunks[-1] = Chunk(chunks[-1].text + " " + word, flag)
        else:
            chunks.append(Chunk(word, flag))
    return chunks


def quote_columns(quote: dict[str, Any]) -> list[list[Chunk]]:
    """A cross-outlet quote's versions (in its variants' order), marked."""
    return marked_versions([unquoted(variant["evidence"]["text"]) for variant in quote["variants"]])
