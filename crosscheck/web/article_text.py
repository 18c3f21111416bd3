"""An article's cleaned text cut into blocks for its HTML page, so that citations can land.

Every sentence becomes a block whose anchor is ``s-START-END`` (its character span), and the
span a citation link asks for (``?span=START-END``) is marked inside the blocks it covers;
when it is not itself a sentence, its first marked piece carries the anchor. A dossier link
``/articles/ID?span=S-E#s-S-E`` therefore always lands on an element with that id, which the
page's CSS highlights through ``:target``. This is layout only: the spans come from the
store's analysis and the dossier, nothing is computed about the text here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

SPAN_PATTERN = r"^\d+-\d+$"


@dataclass(frozen=True)
class Piece:
    text: str
    cited: bool = False  # inside the span the link asks for
    anchor: str | None = None  # the cited span's anchor, on its first piece


@dataclass(frozen=True)
class Block:
    """A sentence (anchor ``s-START-END``) or the text between two sentences (no anchor)."""

    pieces: tuple[Piece, ...]
    anchor: str | None = None
    cited: bool = False  # the whole sentence is the cited span


def span_anchor(start: int, end: int) -> str:
    return f"s-{start}-{end}"


def parse_span(value: str, *, text_length: int) -> tuple[int, int]:
    """``"START-END"`` as a non-empty span inside a text of ``text_length`` characters."""
    if not re.match(SPAN_PATTERN, value):
        raise ValueError(f"span {value!r} is not START-END (two character offsets)")
    start, end = (int(part) for part in value.split("-"))
    if not 0 <= start < end <= text_length:
        raise ValueError(
            f"span {value!r} is not a non-empty range inside the article's "
            f"{text_length} characters"
        )
    return start, end


def article_blocks(
    text: str, sentences: Iterable[tuple[int, int]], *, cited: tuple[int, int] | None = None
) -> list[Block]:
    """The text as blocks in order; joined, their pieces give back ``text`` exactly."""
    blocks: list[Block] = []
    position = 0
    for start, end in _usable_sentences(sentences, len(text)):
        if start > position:
            blocks.append(Block(_pieces(text, position, start, cited)))
        whole = cited == (start, end)
        blocks.append(Block(_pieces(text, start, end, None if whole else cited),
                            anchor=span_anchor(start, end), cited=whole))
        position = end
    if position < len(text) or not blocks:
        blocks.append(Block(_pieces(text, position, len(text), cited)))
    return blocks


def _usable_sentences(sentences: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Sentences in order, inside the text, none overlapping the one before (so anchors and
    blocks stay well nested even if a stored analysis were off)."""
    usable: list[tuple[int, int]] = []
    for start, end in sorted(sentences):
        if 0 <= start < end <= length and (not usable or start >= usable[-1][1]):
            usable.append((start, end))
    return usable


def _pieces(text: str, start: int, end: int, cited: tuple[int, int] | None) -> tuple[Piece, ...]:
    """text[start:end] cut where the cited span begins and ends."""
    cuts = sorted({start, end} | {c for c in (cited or ()) if start < c < end})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        inside = cited is not None and cited[0] <= left and right <= cited[1]
        anchor = span_anchor(*cited) if inside and cited is not None and left == cited[0] else None
        pieces.append(Piece(text[left:right], cited=inside, anchor=anchor))
    return tuple(pieces)
