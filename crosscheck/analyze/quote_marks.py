"""Pairing quote marks: straight and curly, within a paragraph, tolerant of unbalanced text.

A quote opens at “ or " (or typewriter '' and ``) and closes at ” or the next ". News style
opens every paragraph of a multi-paragraph quote without closing the one before, so an
unclosed quote ends at the end of its paragraph. Single quotes are left alone: they are apostrophes far more often than quotes. Marks inside markup tags
(``<tweet author="@x">``) are not quote marks.
"""

from __future__ import annotations

import re

from crosscheck.records import Span

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'


def quoted_spans(text: str) -> tuple[Span, ...]:
    """Content spans (without the marks, trimmed) of every quote in ``text``."""
    spans: list[Span] = []
    line_start = 0
    for line in text.split("\n"):
        for start, end in _pairs(line):
            span = _trim(text, line_start + start, line_start + end)
            if span is not None:
                spans.append(span)
        line_start += len(line) + 1
    return tuple(spans)


def quoted_tokens(doc, marks: tuple[Span, ...]) -> set[int]:  # type: ignore[no-untyped-def]
    """Indices of the tokens of ``doc`` (a spaCy parse of the text) inside quote marks."""
    inside: set[int] = set()
    for span in marks:
        words = doc.char_span(span.start, span.end, alignment_mode="expand")
        if words is not None:
            inside.update(range(words.start, words.end))
    return inside


def _pairs(line: str) -> list[tuple[int, int]]:
    """(content start, content end) pairs in one paragraph."""
    pairs = []
    opened: int | None = None
    for index, width, role in _marks(line):
        if opened is None and role in ("open", "either"):
            opened = index + width
        elif opened is not None and role in ("close", "either"):
            pairs.append((opened, index))
            opened = None
    if opened is not None:  # unclosed: runs to the end of the paragraph
        pairs.append((opened, len(line)))
    return pairs


_MARK = re.compile("''|``|[" + OPENING + CLOSING + STRAIGHT + "]")
# Markup left in a text (embedded tweets: <tweet author="@x" datetime="...">): the quote
# marks around attribute values are not quotations.
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")


def _marks(line: str) -> list[tuple[int, int, str]]:
    """(position, width, role) of each quote mark. Typewriter-style doubled apostrophes
    ('' and ``, as in Penn Treebank and some wire copy) count as straight double quotes."""
    tags = [match.span() for match in _TAG.finditer(line)] if "<" in line else []
    marks = []
    for match in _MARK.finditer(line):
        if any(start < match.start() < end for start, end in tags):
            continue
        mark = match.group()
        if mark == "``" or mark in OPENING:
            role = "open"
        elif mark in CLOSING:
            role = "close"
        else:
            role = "either"
        marks.append((match.start(), len(mark), role))
    return marks


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    if not any(char.isalnum() for char in text[start:end]):
        return None
    return Span(start, end)
