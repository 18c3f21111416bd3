"""Pairing quote marks: straight and curly, within a paragraph, tolerant of unbalanced text.

A quote opens at “ or " (or typewriter '' and ``) and closes at ” or the next ". News style
opens every paragraph of a multi-paragraph quote without closing the one before, so an
unclosed quote ends at the end of its paragraph. Some copy does not reopen the next
paragraphs: when the paragraphs after an unclosed one start without a mark and the first of
them with any mark has an odd number of marks (its first mark closes the quote), those
paragraphs are quoted up to that mark. Single quotes are left alone: they are apostrophes
far more often than quotes. Marks inside markup tags (``<tweet author="@x">``) are not
quote marks.
"""

from __future__ import annotations

import re

from crosscheck.records import Span

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'


# How many unmarked paragraphs an unclosed quote may run on through before a closing mark.
CARRY_PARAGRAPHS = 3


def quoted_spans(text: str) -> tuple[Span, ...]:
    """Content spans (without the marks, trimmed) of every quote in ``text``."""
    spans: list[Span] = []
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    carried = 0  # paragraphs of this line's start still inside a quote opened before
    for number, line in enumerate(lines):
        pairs = _pairs(line, carried=carried > 0)
        carried = max(carried - 1, 0)
        for start, end in pairs:
            span = _trim(text, starts[number] + start, starts[number] + end)
            if span is not None:
                spans.append(span)
        if carried == 0 and pairs and pairs[-1][1] == len(line) and _unclosed(line):
            carried = _carry(lines, number + 1)
    return tuple(spans)


def _unclosed(line: str) -> bool:
    """The paragraph ends inside a quote it opened (its marks do not pair up)."""
    marks = _marks(line)
    return bool(marks) and (len(marks) % 2 == 1 or marks[-1][2] == "open")


def _carry(lines: list[str], first: int) -> int:
    """How many paragraphs from ``first`` go on with a quote left open without reopening it:
    unmarked ones, then one whose first mark closes it (an odd count of marks); 0 when the
    next marked paragraph opens a quote of its own or none comes soon."""
    for offset, line in enumerate(lines[first : first + CARRY_PARAGRAPHS + 1]):
        marks = _marks(line)
        if not marks:
            continue
        if line.lstrip()[:1] in OPENING + STRAIGHT or marks[0][2] == "open":
            return 0
        return offset + 1 if len(marks) % 2 == 1 else 0
    return 0


def quoted_tokens(doc, marks: tuple[Span, ...]) -> set[int]:  # type: ignore[no-untyped-def]
    """Indices of the tokens of ``doc`` (a spaCy parse of the text) inside quote marks."""
    inside: set[int] = set()
    for span in marks:
        words = doc.char_span(span.start, span.end, alignment_mode="expand")
        if words is not None:
            inside.update(range(words.start, words.end))
    return inside


def _pairs(line: str, *, carried: bool = False) -> list[tuple[int, int]]:
    """(content start, content end) pairs in one paragraph; ``carried``: it starts inside
    a quote opened in a paragraph before."""
    pairs = []
    opened: int | None = 0 if carried else None
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
