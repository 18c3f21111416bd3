"""What a claim asserts, and whether two aligned claims contradict each other.

A claim unit is one sentence of one article with the items the analysis found in it:
quantities (as intervals: "at least 5" is [5, inf), "about 50" is [42.5, 57.5]), dates,
entities, its speaker when it reports speech, and its polarity. Two aligned units conflict
when a number about the same thing falls outside the other's range, when one negates what
the other affirms, when another person is said to have said it, or when another day is
given. Compatible statements are not conflicts: "more than 1,000 troops" and "won't be just
1,000 troops" are both "at least 1,000"; "at least 5" and "7" overlap; "Y said it" and "X
reported it, and Y confirmed it" both credit Y (a speaker conflict needs each side to credit
someone the other side does not name at all).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from crosscheck.compare.records import Conflict, Evidence
from crosscheck.records import DateRef, Quantity
from crosscheck.settings import CompareSettings

LOWER_BOUND = re.compile(
    r"(?:more than|over|at least|upwards of|in excess of|no fewer than|no less than|"
    r"not just|not only|not merely|won['’]t be just|beyond|above|exceeding|"
    r"tens of|hundreds of|thousands of|dozens of)\s*$", re.IGNORECASE,
)
UPPER_BOUND = re.compile(
    r"(?:less than|fewer than|under|up to|at most|no more than|nearly|almost|below|"
    r"as many as)\s*$", re.IGNORECASE,
)
APPROXIMATE = re.compile(
    r"(?:about|around|roughly|approximately|some|an estimated|estimated|close to|"
    r"or so)\s*$", re.IGNORECASE,
)
QUALIFIER_KIND = {
    "more than": "lower", "over": "lower", "at least": "lower", "upwards of": "lower",
    "in excess of": "lower", "tens of thousands": "lower", "thousands": "lower",
    "hundreds": "lower", "dozens": "lower", "less than": "upper", "fewer than": "upper",
    "up to": "upper", "at most": "upper", "nearly": "upper", "almost": "upper",
    "under": "upper", "about": "approx", "around": "approx", "roughly": "approx",
    "approximately": "approx", "some": "approx", "an estimated": "approx",
}
NEGATION = re.compile(r"\b(?:not|never|no longer|denied|denies|deny|refused to|dismiss(?:ed|es)?|"
                      r"reject(?:ed|s)?|refut(?:ed|es|e))\b|n['’]t\b",
                      re.IGNORECASE)
SCALAR_NEGATION = re.compile(r"\b(?:not|n['’]t)\s+(?:be\s+)?(?:just|only|merely)\b|"
                             r"won['’]t be just", re.IGNORECASE)
LOOKBEHIND_CHARS = 30


@dataclass(frozen=True)
class Amount:
    evidence: Evidence
    low: float
    high: float
    counted: str | None
    value: float | None


@dataclass(frozen=True)
class ClaimUnit:
    article_id: str
    sentence: int
    evidence: Evidence
    amounts: tuple[Amount, ...] = ()
    dates: tuple[DateRef, ...] = ()
    entities: frozenset[int] = frozenset()
    speaker: int | None = None  # CrossEntity id when the sentence reports someone's words
    speakers: frozenset[int] = frozenset()  # every speaker of the sentence's quotes
    negated: bool = False
    quotes: frozenset[int] = frozenset()  # ids of cross-outlet quote groups the sentence carries

    @property
    def text(self) -> str:
        return self.evidence.text

    @property
    def credited(self) -> frozenset[int]:
        """Everyone the sentence gives the words to."""
        return self.speakers | ({self.speaker} if self.speaker is not None else set())


def polarity_negated(text: str) -> bool:
    """An odd number of polarity negations, ignoring scalar ones ("not just 1,000")."""
    return len(NEGATION.findall(SCALAR_NEGATION.sub(" ", text))) % 2 == 1


def amount_of(quantity: Quantity, *, text: str, article_id: str,
              settings: CompareSettings) -> Amount | None:
    """The interval a quantity asserts, reading its qualifier and the words just before it."""
    if quantity.value is None and quantity.low is None and quantity.high is None:
        return None
    before = text[max(0, quantity.span.start - LOOKBEHIND_CHARS): quantity.span.start]
    kind = _bound_kind(quantity.qualifier, before)
    value = quantity.value
    low = quantity.low if quantity.low is not None else value
    high = quantity.high if quantity.high is not None else value
    if value is not None and quantity.low is None and quantity.high is None:
        low, high = _interval(value, kind, settings.approximate_tolerance)
    elif kind == "lower":
        high = math.inf
    evidence = Evidence(article_id, quantity.span, quantity.span.of(text))
    return Amount(evidence, float(low or 0.0), float(high if high is not None else math.inf),
                  quantity.counted, value)


def _bound_kind(qualifier: str | None, before: str) -> str | None:
    if LOWER_BOUND.search(before):
        return "lower"
    if UPPER_BOUND.search(before):
        return "upper"
    if APPROXIMATE.search(before):
        return "approx"
    if qualifier:
        return QUALIFIER_KIND.get(qualifier.lower().strip())
    return None


def _interval(value: float, kind: str | None, tolerance: float) -> tuple[float, float]:
    if kind == "lower":
        return value, math.inf
    if kind == "upper":
        return 0.0, value
    if kind == "approx":
        return value * (1 - tolerance), value * (1 + tolerance)
    return value, value


def _comparable(a: Amount, b: Amount) -> bool:
    if a.counted and b.counted:
        return _lemma(a.counted) == _lemma(b.counted)
    return False


def _lemma(word: str) -> str:
    word = word.lower().strip()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _overlap(a: Amount, b: Amount) -> bool:
    return not (a.high < b.low or b.high < a.low)


def _same_figure(a: Amount, b: Amount) -> bool:
    return a.low == b.low or (a.value is not None and a.value == b.value)


def number_conflict(a: ClaimUnit, b: ClaimUnit) -> Conflict | None:
    """Figures about one thing that contradict each other. Figures of the same counted noun
    are paired in order of appearance ("12 killed ... 200 injured" with "8 died ... 230
    treated"); a pair conflicts when the ranges are disjoint and the figure does not occur
    elsewhere on the other side (the same figures in another order are no conflict).
    "31 votes to 12" vs "31 to 12", or "9 percent" vs "9 percent; 4.5 percent" (an extra
    figure) are not conflicts."""
    for noun in dict.fromkeys(_lemma(x.counted) for x in a.amounts if x.counted):
        left = [x for x in a.amounts if x.counted and _lemma(x.counted) == noun]
        right = [x for x in b.amounts if x.counted and _lemma(x.counted) == noun]
        for one, other in zip(left, right):
            if _overlap(one, other) or any(_same_figure(one, x) for x in right) \
                    or any(_same_figure(other, x) for x in left):
                continue
            detail = (f"{one.counted}: {one.evidence.text} ({a.article_id}) vs "
                      f"{other.evidence.text} ({b.article_id})")
            return Conflict("number", detail, (one.evidence, other.evidence))
    return None


def date_conflict(a: ClaimUnit, b: ClaimUnit) -> Conflict | None:
    days_a = {d.resolved: d for d in a.dates if d.resolved and len(d.resolved) == 10}
    days_b = {d.resolved: d for d in b.dates if d.resolved and len(d.resolved) == 10}
    if not days_a or not days_b or set(days_a) & set(days_b):
        return None
    left, right = next(iter(days_a.values())), next(iter(days_b.values()))
    detail = f"{left.phrase} = {left.resolved} vs {right.phrase} = {right.resolved}"
    return Conflict("date", detail, (Evidence(a.article_id, left.span, left.phrase),
                                     Evidence(b.article_id, right.span, right.phrase)))


def speakers_exclusive(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Both sides credit someone, no one in common, and neither names the other's speaker
    ("Meridian reported that ..., a figure Terentyev confirmed" names Terentyev: no conflict
    with "Terentyev said ...")."""
    left, right = a.credited, b.credited
    return bool(left and right) and not (left & right or left & b.entities
                                         or right & a.entities)


def find_conflict(a: ClaimUnit, b: ClaimUnit, *, similarity: float,
                  settings: CompareSettings) -> Conflict | None:
    """The first disagreement between two aligned units, or None when they are compatible."""
    found = number_conflict(a, b)
    if found:
        return found
    if (a.quotes & b.quotes and similarity >= settings.speaker_conflict_min_similarity
            and speakers_exclusive(a, b)):
        return Conflict("speaker", "attributed to different people", (a.evidence, b.evidence))
    if a.negated != b.negated and similarity >= settings.negation_min_similarity:
        return Conflict("negation", "one account negates the other", (a.evidence, b.evidence))
    return date_conflict(a, b)

