"""What a claim asserts, and whether two aligned claims contradict each other.

A claim unit is one sentence of one article with the items the analysis found in it:
quantities (as intervals: "at least 5" is [5, inf), "about 50" is [45, 55]; read here,
compared across the whole story by ``figures``), dates, entities, its speaker when it
reports speech, and its polarity. Two aligned units conflict when one denies what the other
says in the same words, when another person is said to have said it, or when another day
is given. Compatible statements are not conflicts: "more than 1,000 troops" and "won't be
just 1,000 troops" are both "at least 1,000"; "Y said it" and "X reported it, and Y
confirmed it" both credit Y (a speaker conflict needs each side to credit someone the other
side does not name at all).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from crosscheck.compare.records import Conflict, Evidence
from crosscheck.records import DateRef, Quantity
from crosscheck.settings import CompareSettings

LOWER_BOUND = re.compile(
    r"(?:more than|over|at least|upwards of|in excess of|no fewer than|no less than|"
    r"not just|not only|not merely|won['’]t be just|beyond|above|exceeding|"
    r"tens of|hundreds of|thousands of|dozens of)" + r"[\"“”']?\s*(?:the\s+)?$", re.IGNORECASE,
)
UPPER_BOUND = re.compile(
    r"(?:less than|fewer than|under|up to|at most|no more than|below|"
    r"as many as)" + r"[\"“”']?\s*(?:the\s+)?$", re.IGNORECASE,
)
# "almost $2 million" is a little under 2 million, not any sum up to it.
NEAR_BELOW = re.compile(r"(?:nearly|almost|just under)" + r"[\"“”']?\s*(?:the\s+)?$",
                        re.IGNORECASE)
APPROXIMATE = re.compile(
    r"(?:about|around|roughly|approximately|some|an estimated|estimated|close to|"
    r"or so)\s*$", re.IGNORECASE,
)
QUALIFIER_KIND = {
    "more than": "lower", "over": "lower", "at least": "lower", "upwards of": "lower",
    "in excess of": "lower", "thousands": "lower",
    "hundreds": "lower", "dozens": "lower", "less than": "upper", "fewer than": "upper",
    "up to": "upper", "at most": "upper", "nearly": "near", "almost": "near",
    "just under": "near",
    "under": "upper", "about": "approx", "around": "approx", "roughly": "approx",
    "approximately": "approx", "some": "approx", "an estimated": "approx",
}
NEGATION = re.compile(r"\b(?:not|never|no longer|denied|denies|deny|refused to|dismiss(?:ed|es)?|"
                      r"reject(?:ed|s)?|refut(?:ed|es|e))\b|n['’]t\b",
                      re.IGNORECASE)
SCALAR_NEGATION = re.compile(r"\b(?:not|n['’]t)\s+(?:be\s+)?(?:just|only|merely)\b|"
                             r"won['’]t be just", re.IGNORECASE)
LOOKBEHIND_CHARS = 30
DAY_WORDS = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                       r"yesterday|today|tomorrow|tonight)\b", re.IGNORECASE)
NEGATION_WORDS = frozenset({"not", "never", "no", "nor", "without", "neither"})
# Words, negations aside, that a statement and its denial may differ by: "The minister
# confirmed the talks took place" / "... said the talks did not take place" differ by two
# (confirmed/said, took/take). A reworded statement, or one sentence with a clause more
# ("..., indicating the test may not have accomplished its goals"), differs by far more.
NEGATION_CHANGED_WORDS = 3


@dataclass(frozen=True)
class Amount:
    evidence: Evidence
    low: float
    high: float
    counted: str | None
    value: float | None

WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                      "sunday"})
# A day right after a verb of saying dates the saying: "said Wednesday", "told reporters on
# Tuesday", "announced on Friday".
SAID_ON = re.compile(r"\b(?:said|says|told(?:\s+[\w.]+){0,2}|announced|confirmed|reported|added|"
                     r"stated|wrote|tweeted|posted|explained|insisted)\s+(?:on\s+)?$", re.IGNORECASE)

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
    negated: bool | None = False  # None: negations in several clauses, polarity unknown
    speaker_names: frozenset[str] = frozenset()  # words of the credited speakers' names
    # the last name-word of each credited speaker ("Smith" of "Asst Ch Con Robin Smith"):
    # the other side writing it names that speaker too, whatever the parse credited there
    speaker_surnames: frozenset[str] = frozenset()
    quotes: frozenset[int] = frozenset()  # ids of cross-outlet quote groups the sentence carries
    credited_as: tuple[str, ...] = ()  # the credited speakers as the sentence names them

    @property
    def text(self) -> str:
        return self.evidence.text

    @property
    def credited(self) -> frozenset[int]:
        """Everyone the sentence gives the words to."""
        return self.speakers | ({self.speaker} if self.speaker is not None else set())


def sentence_polarity(text: str) -> bool | None:
    """Negated (True) or not (False) when the sentence has at most one polarity negation;
    None with two or more, which sit in different clauses more often than they cancel out
    (X "doesn't pose a threat ... Do not take part in this war")."""
    count = len(NEGATION.findall(SCALAR_NEGATION.sub(" ", text)))
    return None if count >= 2 else count == 1


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
    if NEAR_BELOW.search(before):
        return "near"
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
    if kind == "near":
        return value * (1 - tolerance), value
    if kind == "approx":
        return value * (1 - tolerance), value * (1 + tolerance)
    return value, value


def _lemma(word: str) -> str:
    word = word.lower().strip()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def date_conflict(a: ClaimUnit, b: ClaimUnit) -> Conflict | None:
    """Two aligned sentences naming one day each, of one kind, and different days ("on
    Thursday" / "on Friday"). A sentence naming two days, days of different kinds ("on July
    13" / "the White House confirmed Thursday": the visit and its announcement) or a stretch
    of time ("this weekend") is no ground for a conflict."""
    dates_a, dates_b = _event_dates(a), _event_dates(b)
    days_a = {d.resolved: d for d in dates_a if _one_day(d)}
    days_b = {d.resolved: d for d in dates_b if _one_day(d)}
    if len([d for d in dates_a if d.resolved]) != 1 or len([d for d in dates_b if d.resolved]) != 1:
        return None
    if len(days_a) != 1 or len(days_b) != 1 or set(days_a) & set(days_b):
        return None
    if next(iter(days_a.values())).kind != next(iter(days_b.values())).kind:
        return None
    left, right = next(iter(days_a.values())), next(iter(days_b.values()))
    if left.kind == "relative" and _weekdays(left.phrase) and \
            _weekdays(left.phrase) == _weekdays(right.phrase):
        return None  # "from Saturday" twice: the reports agree; resolving them may not
    detail = f"{left.phrase} = {left.resolved} vs {right.phrase} = {right.resolved}"
    return Conflict("date", detail, (Evidence(a.article_id, left.span, left.phrase),
                                     Evidence(b.article_id, right.span, right.phrase)))


def _weekdays(phrase: str) -> set[str]:
    return {word for word in _words(phrase) if word in WEEKDAYS}


def _event_dates(unit: ClaimUnit) -> list[DateRef]:
    """The sentence's dates but the day of its telling ("the airline said Wednesday"): an
    outlet reporting the statement's day and one reporting the event's are not at odds."""
    start = unit.evidence.span.start
    return [d for d in unit.dates
            if not SAID_ON.search(unit.text[max(0, d.span.start - start - 30): d.span.start - start])]


def the_one_day(unit: ClaimUnit) -> DateRef | None:
    """The one day a sentence dates what it tells ("on Thursday", beside a "since
    September" of its background), the day of a saying left out; None when it names no
    day or two."""
    days = [d for d in _event_dates(unit) if _one_day(d)]
    return days[0] if len(days) == 1 else None


def _one_day(date: DateRef) -> bool:
    """A phrase that names one day: a weekday, yesterday / today / tomorrow, or a date."""
    if not date.resolved or len(date.resolved) != 10:
        return False
    return date.kind == "absolute" or bool(DAY_WORDS.search(date.phrase))


def speakers_exclusive(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Both sides credit someone, no one in common, and neither names the other's speaker
    ("Meridian reported that ..., a figure Terentyev confirmed" names Terentyev: no conflict
    with "Terentyev said ...")."""
    left, right = a.credited, b.credited
    if a.speaker_names & b.speaker_names:  # "Robin Smith" twice: one person, two entities
        return False
    if _names_any(a.text, b.speaker_surnames) or _names_any(b.text, a.speaker_surnames):
        return False  # "Inspector Pell's deputy, Ana Ruiz, said" / "Ruiz said": one person
    return bool(left and right) and not (left & right or left & b.entities
                                         or right & a.entities)


def _names_any(text: str, surnames: frozenset[str]) -> bool:
    capitalised = {word.lower() for word in re.findall(r"\b[A-Z][\w'’-]*", text)}
    return bool(surnames & capitalised)


def negation_only_difference(a: str, b: str) -> bool:
    """The two sentences say the same words but for a negation: "X was found" / "X was not
    found". Counting negations alone is not enough: "not very deep, a tsunami is not
    expected" and "not deep enough that we can expect tsunamis" have two and one."""
    left, right = _words(a), _words(b)
    negations_left = [w for w in left if w in NEGATION_WORDS]
    negations_right = [w for w in right if w in NEGATION_WORDS]
    if len(negations_left) % 2 == len(negations_right) % 2:
        return False
    rest_left = [w for w in left if w not in NEGATION_WORDS]
    rest_right = [w for w in right if w not in NEGATION_WORDS]
    matcher = SequenceMatcher(None, rest_left, rest_right, autojunk=False)
    changed = max(sum(i2 - i1 for op, i1, i2, _, _ in matcher.get_opcodes() if op != "equal"),
                  sum(j2 - j1 for op, _, _, j1, j2 in matcher.get_opcodes() if op != "equal"))
    return changed <= NEGATION_CHANGED_WORDS


def _words(text: str) -> list[str]:
    """Lowercase words with apostrophes folded ("can't", "cant" and "can’t" are one word,
    and "n't" is split off as "not")."""
    folded = re.sub(r"[’‘`]", "'", text.lower())
    folded = re.sub(r"\b(ca|wo|do|does|did|is|are|was|were|has|have|had|could|would|should)"
                    r"n'?t\b", r"\1 not", folded)
    return re.findall(r"[a-z0-9]+", folded.replace("'", ""))


def speaker_detail(a: ClaimUnit, b: ClaimUnit) -> str:
    """Who each side gives the words to, naming the articles as figure conflicts do:
    "attributed to different people: Ana Ruiz (A) vs Tom Bell (B)"."""
    def named(unit: ClaimUnit) -> str:
        return " and ".join(unit.credited_as) or "someone else"

    return (f"attributed to different people: {named(a)} ({a.article_id}) "
            f"vs {named(b)} ({b.article_id})")


def find_conflict(a: ClaimUnit, b: ClaimUnit, *, similarity: float,
                  settings: CompareSettings) -> Conflict | None:
    """The first disagreement between two aligned units, or None when they are compatible.
    Figures are compared across the whole story (``figures``), not here."""
    if (a.quotes & b.quotes and similarity >= settings.speaker_conflict_min_similarity
            and speakers_exclusive(a, b)):
        return Conflict("speaker", speaker_detail(a, b), (a.evidence, b.evidence))
    if (None not in (a.negated, b.negated) and a.negated != b.negated
            and negation_only_difference(a.text, b.text)):
        return Conflict("negation", "one account negates the other", (a.evidence, b.evidence))
    return date_conflict(a, b)
