"""Figures of the story's background: earlier happenings the reports recall.

A report of a jewellery raid recalls the thefts of the months before; a report of a state
visit recalls last year's petition against it. Outlets recall them with figures that can
disagree as much as the story's own ("stole £910,000" / "stealing almost $2 million"), but a
background figure must never be set against a figure of the story's own happening (a past
quake's toll against today's). So a background figure is compared only with a figure whose
sentence names, as a proper noun, something the story's leads never name: the jeweller, the
festival, the parliament of that earlier happening. Names are read as capitalised words, not
as entities, because one outlet's tagger finds "Chopard" and the next misses it; a place the
leads name (the country of both quakes) ties nothing, nor does the place a distance is
measured from ("1,150 km from Tehran" and "602 miles from Tehran" measure two places).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crosscheck.records import Analysis, Article

# The sentences of each article that tell the story's own happening.
LEAD_SENTENCES = 2
# A capitalised word inside a sentence (not its first): a proper noun, mostly.
INNER_CAPITALISED = re.compile(r"(?<=[\w,;:)’'\"”]\s)([A-Z][\w’'-]*[a-z][\w’'-]*)")
# Calendar words and honorifics are capitalised but name nothing a sentence is about.
NOT_TIES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr".split())


def proper_words(text: str) -> frozenset[str]:
    """The capitalised words inside a sentence, lower case, possessives dropped, calendar
    words and honorifics left out (a day ties nothing: the figures' days are compared on their own)."""
    words = {re.sub(r"[’']s$", "", w).lower() for w in INNER_CAPITALISED.findall(text)}
    return frozenset(words - NOT_TIES)


def lead_words(articles: Sequence[Article], analyses: Sequence[Analysis]) -> frozenset[str]:
    """Proper words any article writes in its first sentences."""
    found: set[str] = set()
    for article, analysis in zip(articles, analyses):
        for sentence in analysis.sentences[:LEAD_SENTENCES]:
            found |= proper_words(sentence.span.of(article.text))
    return frozenset(found)


def ties_of(context: str, frame: str | None, lead: frozenset[str]) -> frozenset[str]:
    """What a figure's sentence names that could tie it to another's: its proper words, less
    the leads' and the frame's own ("from tehran")."""
    return proper_words(context) - lead - set((frame or "").split())


def tied(one: frozenset[str], other: frozenset[str]) -> bool:
    """Two figures' ties have one in common."""
    return bool(one & other)


def comparable_days(background_day: str, other_day: str) -> bool:
    """A background figure's day against the other figure's: the same month (or the same
    day, when both give one), or no day on the other side — a sentence that recalls the
    earlier happening without dating it again."""
    if not other_day or not background_day:
        return True
    return background_day.startswith(other_day) or other_day.startswith(background_day)
