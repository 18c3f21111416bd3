"""Sentences with their paragraph (line) index.

The spaCy pipeline already starts a sentence after every line break (crosscheck.nlp), so a
headline never merges with the first body sentence. The parser sometimes cuts a line into
pieces that are not sentences: a short headline split before its verb, a stray closing quote
mark, a quotation of several sentences cut after its first (`he said: "The buyer delayed the
ship.` | `We were waiting."`). Those pieces are merged back into the piece before them on the
same line, so that no sentence ends inside a quotation that closes further on.
"""

from __future__ import annotations

import bisect
import re

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.records import Sentence, Span
from crosscheck.settings import AnalyzeSettings

# A sentence "really" ends when its last non-space characters are terminal punctuation,
# possibly followed by closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_HAS_WORD = re.compile(r"\w")
_QUOTE_MARK = re.compile(r'["“”«»„]|\n')
_OPENING, _CLOSING = "“«„", "”»"
# A dateline opening a paragraph: a place in capitals ("KYIV", "NEW YORK, N.Y."), or any
# place followed by a credit in brackets ("Kyiv, Ukraine (CNN)"); then an optional date
# ("March 12", "Jan. 5, 2024"), an optional credit, and a dash. It says where and by whom
# the report was filed; the sentence, and so a claim or a summary line, starts after it.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:,\s+{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"
_CREDIT = r"\s*\([^()\n]{2,40}\)"
# After the dash a sentence begins: "NATO - the alliance - said" holds no dateline.
_DASH = r"\s*[-—–]+\s+(?=[A-Z0-9\"“‘'])"
_DATELINE = re.compile(
    rf"(?:[A-Z][A-Z.'’ -]*[A-Z.](?:,\s+[A-Z][A-Za-z.' ]{{1,24}})?{_DATE}(?:{_CREDIT})?"
    rf"|[A-Z][\w.'’ -]{{1,30}}(?:,\s+[A-Z][\w.' ]{{1,24}})?{_DATE}{_CREDIT}){_DASH}"
)


def line_starts(text: str) -> list[int]:
    """Start offsets of every line in ``text`` (line 0 starts at 0)."""
    return [0] + [match.end() for match in re.finditer("\n", text)]


def paragraph_index(text: str) -> list[int]:
    """For each line, its paragraph number: blank lines do not count as paragraphs."""
    numbers, current = [], -1
    for line in text.split("\n"):
        if line.strip():
            current += 1
        numbers.append(max(current, 0))
    return numbers


def split_sentences(doc, text: str, *, settings: AnalyzeSettings,  # type: ignore[no-untyped-def]
                    index: DocIndex | None = None) -> tuple[Sentence, ...]:
    """The article's sentences, trimmed of surrounding white space, in order; ``index`` is
    the Doc's ``DocIndex`` if built."""
    index = index if index is not None else DocIndex.of(doc)
    pos = index.pos
    starts = line_starts(text)
    paragraphs = paragraph_index(text)
    quotations = closed_quotations(text)
    pieces: list[tuple[int, int, int, bool]] = []  # start, end, line, has_verb
    for sent in index.sents:
        start, end = _trimmed(text, sent.start_char, sent.end_char)
        if start >= end:
            continue
        line = bisect.bisect_right(starts, start) - 1
        has_verb = any(pos[i] in ("VERB", "AUX") for i in range(sent.start, sent.end))
        previous = pieces[-1] if pieces else None
        if previous and previous[2] == line and (
            _inside_quotation(quotations, previous[1], start)
            or _is_fragment(text, previous, (start, end), sent.end - sent.start, has_verb,
                            settings)
        ):
            pieces[-1] = (previous[0], end, line, previous[3] or has_verb)
        elif _HAS_WORD.search(text, start, end):
            pieces.append((start, end, line, has_verb))
        # else: a line of only punctuation ("-", a stray quote mark) is no sentence
    return tuple(  # the parser may cut a dateline off as a piece: look once they are joined
        Sentence(span=Span(after_dateline(text, start, end) if start == starts[line] else start,
                           end), index=index, paragraph=paragraphs[line])
        for index, (start, end, line, _) in enumerate(pieces)
    )


def after_dateline(text: str, start: int, end: int) -> int:
    """Where a paragraph's first sentence starts once its dateline is left out (``start``
    when there is none, or when nothing would be left of the sentence)."""
    match = _DATELINE.match(text, start, end)
    if match is None or not _HAS_WORD.search(text, match.end(), end):
        return start
    return match.end()


def closed_quotations(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of every quotation closed on its own line.

    Curly marks and guillemets pair as opening and closing, straight marks alternate; a
    quotation left open at the end of its line (news style for a quote that goes on into the
    next paragraph) is not listed. Single quotes are left out: mostly apostrophes."""
    found: list[tuple[int, int]] = []
    opened: int | None = None
    for match in _QUOTE_MARK.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "\n":
            opened = None
        elif opened is None and mark not in _CLOSING:
            opened = at
        elif opened is not None and mark not in _OPENING:
            found.append((opened, at))
            opened = None
    return found


def _inside_quotation(quotations: list[tuple[int, int]], end: int, start: int) -> bool:
    """Whether a quotation opened before ``end`` closes at or after ``start``: the boundary
    between the two pieces falls inside it."""
    index = bisect.bisect_left(quotations, (end,))
    return index > 0 and quotations[index - 1][1] >= start


def _is_fragment(text, previous, current, n_tokens, has_verb, settings) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``current`` continues ``previous`` rather than starting a sentence."""
    if not _HAS_WORD.search(text, current[0], current[1]):
        return True  # a stray quote mark or dash
    if _TERMINAL.search(text[previous[0] : previous[1]]):
        return False
    return not (previous[3] and has_verb) or n_tokens <= settings.fragment_max_tokens


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

