"""Speakers carried across paragraphs: quotes with no cue of their own keep their paragraph's
speaker.

Two newspaper habits put a quote's cue in another paragraph:

- a quote over several paragraphs is attributed once, at its end ("... we boarded," the
  officer said): each paragraph before it that runs on (ends inside its quote marks) is
  the same speaker's;
- a paragraph of quote follows the paragraph that named the speaker ("Inspector Jane Roe
  said the road was closed.\\n"It will take days."): it is the speaker named just before.

A quote that has a cue, or a speaker of its own, is never changed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from crosscheck.records import Quote, Span

# What may stand between the end of a quote's words and the next paragraph when the quote
# runs on: closing punctuation, but no closing mark.
RUN_ON_TAIL = frozenset(" \t,.;:!?-–—…")
# A paragraph break: line breaks with nothing but spaces between them.
PARAGRAPH_BREAK = re.compile(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*")
# What may stand between a paragraph's start and its quote: opening marks and spaces.
OPENING_MARKS = frozenset(" \t\"“„«'`")


def carried_speakers(quotes: list[Quote], text: str) -> list[Quote]:
    """``quotes`` in reading order, each orphan quote given the speaker its paragraphs give."""
    ordered = sorted(quotes, key=lambda quote: (quote.span.start, quote.span.end))
    for i in range(len(ordered) - 2, -1, -1):  # backwards: a chain takes the closing speaker
        quote, following = ordered[i], ordered[i + 1]
        if _orphan(quote) and following.speaker and _runs_into(text, quote, following):
            ordered[i] = _carried(following, quote)
    carried: set[int] = set()  # given a speaker here: passed on only to their run-ons
    for i, quote in enumerate(ordered):
        if _orphan(quote) and _opens_paragraph(text, quote):
            before = _speaker_of_paragraph_before(ordered[:i], text, quote)
            if before is not None and (ordered.index(before) not in carried
                                       or runs_on(text, before.span, quote.span)):
                ordered[i] = _carried(before, quote)
                carried.add(i)
    return ordered


def _orphan(quote: Quote) -> bool:
    return quote.kind != "indirect" and quote.speaker is None and quote.cue is None


def _carried(source: Quote, quote: Quote) -> Quote:
    return replace(source, span=quote.span, kind=quote.kind, sentence=quote.sentence)


def _runs_into(text: str, quote: Quote, following: Quote) -> bool:
    return runs_on(text, quote.span, following.span)


def paragraph_breaks(text: str, start: int, end: int) -> int:
    """How many paragraph breaks lie between ``start`` and ``end``: runs of line breaks, a
    blank line between two paragraphs counting once (plain text often separates
    paragraphs with one, as PolNeAR does)."""
    return len(PARAGRAPH_BREAK.findall(text, start, end))


def runs_on(text: str, span: Span, following: Span) -> bool:
    """Quoted ``span`` ends its paragraph inside the marks and ``following`` opens the next."""
    between = text[span.end : following.start]
    if paragraph_breaks(between, 0, len(between)) != 1:
        return False
    tail, head = PARAGRAPH_BREAK.split(between)
    return set(tail) <= RUN_ON_TAIL and set(head) <= OPENING_MARKS


def _opens_paragraph(text: str, quote: Quote) -> bool:
    line_start = text.rfind("\n", 0, quote.span.start) + 1
    return line_start > 0 and set(text[line_start : quote.span.start]) <= OPENING_MARKS


def _speaker_of_paragraph_before(earlier: list[Quote], text: str, quote: Quote) -> Quote | None:
    """The last quote with a speaker that ends in the paragraph just before ``quote``'s."""
    line_start = text.rfind("\n", 0, quote.span.start) + 1
    previous_end = len(text[:line_start].rstrip())  # blank lines between are no paragraph
    previous_start = text.rfind("\n", 0, previous_end) + 1
    for candidate in reversed(earlier):
        if candidate.span.end <= previous_start:
            return None
        if candidate.speaker and candidate.span.end < line_start:
            return candidate
    return None
