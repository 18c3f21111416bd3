"""Cutting a long line into sentences, so that each is judged on its own.

A body given as one paragraph (a JSONL ``text`` without line breaks, as many exports and
scrapers write it) would otherwise be one "line": too long and too mixed to look like any
line of a page, and removed or kept whole. Cut into sentences, the body's sentences look like
the body and a newsletter prompt glued to its end looks like a prompt.

The splitter is a plain rule, not a model: a sentence ends at ". ! ? …" (and closing quotes or
brackets) followed by space and a capital letter, a digit or an opening quote, unless the word
before the full stop is a known abbreviation ("Mr.", "Jan.", "U.S.") or a single initial.
It never drops or changes a character: joining the pieces with single spaces gives the line
back with its runs of spaces collapsed.
"""

from __future__ import annotations

import re

# A candidate boundary: terminal punctuation, closing quotes or brackets, then whitespace,
# then something that can open a sentence.
_BOUNDARY = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9])")
# Words written with a full stop that do not end a sentence. Titles, months, and the usual
# short forms of news copy; checked case-insensitively on the word before the full stop.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt capt sgt adm rev st jr sr no vs etc inc ltd
    co corp dept univ jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd fig
    approx est u.s u.k u.n e.g i.e a.m p.m d.c""".split()
)
_LAST_WORD = re.compile(r"([\w.]+)[.]$")


def _ends_with_abbreviation(text: str) -> bool:
    match = _LAST_WORD.search(text)
    if not match:
        return False
    word = match.group(1).casefold().rstrip(".")
    return word in _ABBREVIATIONS or len(word) == 1  # "J. Smith", "U."


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (whitespace inside each collapsed to single spaces)."""
    text = " ".join(text.split())
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.end()].rstrip()
        if candidate.endswith(".") and _ends_with_abbreviation(candidate):
            continue
        pieces.append(candidate)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces
