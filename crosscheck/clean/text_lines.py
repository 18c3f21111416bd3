"""Lines of a plain text and the shape measures every cleaning signal reads from them.

A line is kept with its 1-based number in the text as read, so that every removed line can be
reported where the user sees it. Shape measures (word count, terminal punctuation, title case,
stopword ratio) are shared by the line rules and by the learned line scorer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Closing quotes and brackets may follow the full stop: 'he said.”' ends a sentence.
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
# Rule characters only: a full stop or a question mark alone on a line is a sentence cut at
# a link (or a character lost to a bad encoding), not a separator.
_SEPARATOR = re.compile(r"^[-–—_=*~•·#+|/\\<>\s]{1,80}$")

# Function words of English: prose has many, menus and headlines few. A short closed list,
# not tuned: the learned scorer weighs the ratio.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their them then there
    these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours said says""".split()
)


@dataclass(frozen=True)
class Line:
    """A non-blank line of the text as read."""

    line_no: int  # 1-based, counting blank lines too
    text: str
    piece: bool = False  # a sentence of a long line cut up (crosscheck.clean.pipeline)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their 1-based numbers in ``text`` (any newline convention)."""
    return [
        Line(number, raw.strip())
        for number, raw in enumerate(text.splitlines(), start=1)
        if raw.strip()
    ]


def normalise(text: str) -> str:
    """A key under which the same line in two articles compares equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(folded))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def is_separator(text: str) -> bool:
    """A rule drawn with symbols: '-', '***', '|', '• • •', '====='."""
    return bool(_SEPARATOR.match(text.strip()))


def stopword_ratio(tokens: list[str]) -> float:
    if not tokens:
        return 0.0
    return sum(token.casefold() in STOPWORDS for token in tokens) / len(tokens)


def capitalised_ratio(tokens: list[str]) -> float:
    """Share of words that start with a capital letter (headlines and menus are high)."""
    if not tokens:
        return 0.0
    return sum(token[0].isupper() for token in tokens) / len(tokens)


def is_title_like(text: str, *, max_words: int) -> bool:
    """A heading's shape: short, no closing full stop, content words capitalised or not.

    A question mark or exclamation mark is allowed (headlines ask questions).
    """
    tokens = words(text)
    if not tokens or len(tokens) > max_words:
        return False
    stripped = text.rstrip(" \"'”’")
    return not stripped.endswith((".", ",", ";", ":"))


def is_prose(text: str, *, min_words: int) -> bool:
    """A body paragraph's shape: enough words, mostly function words around, a full stop."""
    tokens = words(text)
    return len(tokens) >= min_words and ends_sentence(text) and stopword_ratio(tokens) >= 0.2
