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

Which sentences are background is decided here too: a sentence dated a month or more before
its report, the sentence after it that opens on "It" or "They", and the rest of a paragraph
that dates its happening ("in July 2012") until it dates another.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from crosscheck.records import Analysis, Article

if TYPE_CHECKING:
    from crosscheck.compare.figures import Figure

# A figure in a sentence dated this many days or more before the article is background (an
# earlier quake's toll), not a report of the story's own event.
BACKGROUND_DAYS = 30
# A date that says when the sentence's happening took place ("in July 2012", "on 3 May"), not
# one that names something ("the 2015 deal").
DATED_WHEN = re.compile(r"\b(?:in|on|during|since|last|early|late)\s+(?:the\s+)?$", re.IGNORECASE)
# A sentence opening on these goes on about the one before ("It killed 612 people").
LEADING_PRONOUNS = frozenset({"It", "It's", "Its", "They", "That", "This", "There",
                              "it", "it's", "its", "they", "that", "this", "there"})
LEADING_CONJUNCTIONS = frozenset({"But", "And", "Yet", "So"})
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
    words and honorifics left out (a day ties nothing: the figures' days are compared on
    their own)."""
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


def recall_one_happening(a: Figure, b: Figure) -> bool:
    """Two figures, one at least of the story's background , that
    tell of one earlier happening: their sentences name one thing the leads never name, and
    their days agree or the other sentence gives none."""
    if not tied(a.ties, b.ties):
        return False
    older, other = (a, b) if a.background else (b, a)
    return comparable_days(older.day, other.day)


def background_sentences(article: Article, analysis: Analysis) -> set[int]:
    """Sentences dated well before the article: what they count is history."""
    if not article.published:
        return set()
    try:
        published = date.fromisoformat(article.published[:10])
    except ValueError:
        return set()
    found, dated_when = set(), set()
    for ref in analysis.dates:
        when = as_date(ref.resolved)
        if when is not None and (published - when).days >= BACKGROUND_DAYS:
            found.add(ref.sentence)
            if DATED_WHEN.search(article.text[max(0, ref.span.start - 12): ref.span.start]):
                dated_when.add(ref.sentence)
    dated = {ref.sentence for ref in analysis.dates}
    paragraph = {sentence.index: sentence.paragraph for sentence in analysis.sentences}
    for sentence in analysis.sentences:  # "It killed 612 people": the earlier quake again
        before = sentence.index - 1
        words = sentence.span.of(article.text).split()
        if words and words[0] in LEADING_CONJUNCTIONS:
            words = words[1:]  # "But it flew only 998 miles": the earlier launch still
        if before in found and words and words[0] in LEADING_PRONOUNS:
            found.add(sentence.index)
        elif before in dated_when and sentence.index not in dated and \
                paragraph.get(before) == sentence.paragraph:
            # "... in Aurora in July 2012, opening fire. Twelve people and 70 wounded.": the
            # paragraph goes on about the happening it dated until it dates another
            found.add(sentence.index)
            dated_when.add(sentence.index)
    return found


def as_date(resolved: str | None) -> date | None:
    """The last day a resolved date can mean ("2003" -> 2003-12-31), or None."""
    if not resolved:
        return None
    parts = resolved.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return date(year, month, day)
    except (ValueError, IndexError):
        return None
