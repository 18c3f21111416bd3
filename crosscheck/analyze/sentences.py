"""Sentences with their paragraph (line) index.

The spaCy pipeline already starts a sentence after every line break (crosscheck.nlp), so a
headline never merges with the first body sentence. The parser sometimes cuts a line into
pieces that are not sentences: a short headline split before its verb, a stray closing quote
mark. Those pieces are merged back into the piece before them on the same line.
"""

from __future__ import annotations

import bisect
import re

from crosscheck.records import Sentence, Span
from crosscheck.settings import AnalyzeSettings

# A sentence "really" ends when its last non-space characters are terminal punctuation,
# possibly followed by closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_HAS_WORD = re.compile(r"\w")


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


def split_sentences(doc, text: str, *, settings: AnalyzeSettings) -> tuple[Sentence, ...]:  # type: ignore[no-untyped-def]
    """The article's sentences, trimmed of surrounding white space, in order."""
    starts = line_starts(text)
    paragraphs = paragraph_index(text)
    pieces: list[tuple[int, int, int, bool]] = []  # start, end, line, has_verb
    for sent in doc.sents:
        start, end = _trimmed(text, sent.start_char, sent.end_char)
        if start >= end:
            continue
        line = bisect.bisect_right(starts, start) - 1
        has_verb = any(token.pos_ in ("VERB", "AUX") for token in sent)
        previous = pieces[-1] if pieces else None
        if previous and previous[2] == line and _is_fragment(
            text, previous, (start, end), len(sent), has_verb, settings
        ):
            pieces[-1] = (previous[0], end, line, previous[3] or has_verb)
        elif _HAS_WORD.search(text, start, end):
            pieces.append((start, end, line, has_verb))
        # else: a line of only punctuation ("-", a stray quote mark) is no sentence
    return tuple(
        Sentence(span=Span(start, end), index=index, paragraph=paragraphs[line])
        for index, (start, end, line, _) in enumerate(pieces)
    )


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

