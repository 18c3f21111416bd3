"""Figures compared across the whole story, whatever sentence they sit in.

Most real disagreements are worded differently ("a magnitude-5.9 earthquake" / "registering
6.1 on the Richter scale"), so they never fall into one aligned claim. Here every figure of
every article is read as a measurement of something:

- what it measures (its *key*): a unit converted to one scale (kilometres, miles and feet are
  lengths in metres; pounds, euros and US dollars are "money" in dollars at the average rate of
  the report's year, compare/currencies.py; other currencies stay apart),
  a magnitude, a person's age (per resolved person), or the counted noun ("village",
  "aftershock"; people, persons, residents and inhabitants are one "people");
- what the figure is of (its *frame*): the word it hangs on in the parse ("killing 10
  people": kill; "home to 120,000 people": home), because 10 killed and 80 injured are both
  people;
- the interval it asserts ("at least 4" is [4, inf); "about 50" is 50 +- 10 %; "almost
  2,000" is 1,800-2,000).

Two figures of different articles are about the same thing when their keys are equal, their
frames match (equal, or near in meaning: injured / wounded) and nothing sets them apart: the
places their sentences name (when the other article never names them), the people and ages
they name, the subjects of their clauses ("Halloran fell" / "Vossberg fell"). Figures of sentences
dated a month before the article are background: compared only with figures whose sentences
name what that earlier happening's sentence names and no lead does (compare/background.py:
the earlier festival's theft, not today's raid). Two figures conflict when
their intervals are disjoint, neither is a rounding of the other, neither article gives the
other's figure too (an article giving 5.9 from Marrowby and 6.1 from a foreign survey knows both:
compatible), and the reports are of one moment: a count given differently by reports two
days apart or more is a change over time instead. Each conflict becomes a claim of status
conflict whose versions group the articles by value (compare/claims.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from crosscheck.compare.assertions import SAID_ON, amount_of
from crosscheck.compare.background import (
    as_date, background_sentences, lead_words, recall_one_happening, ties_of,
)
from crosscheck.compare.currencies import usd_rate
from crosscheck.compare.evaluations import KEY_PREFIX as QUALITY
from crosscheck.compare.evaluations import PROSPECT_PREFIX as PROSPECT
from crosscheck.compare.evaluations import evaluations, prospects
from crosscheck.compare.figure_words import (
    CURRENCIES, DURATIONS, LENGTHS, MAGNITUDES, WEIGHTS, adds_to_others, age_at_a_moment,
    base_words, degree_after, kind_words, label_of, names_a_part, period_after, pound_weight,
    rate_after, sizes_a_noun,
)
from crosscheck.compare.names import surname
from crosscheck.compare.records import Conflict, Evidence, FigureChange
from crosscheck.compare.similarity import EmbeddingCache, sentence_vectors
from crosscheck.records import Analysis, Article, Quantity, Span
from crosscheck.settings import CompareSettings

PEOPLE = frozenset({"people", "person", "resident", "inhabitant", "individual"})
# Where people live, said four ways: "home to 120,000 people", "120,000 residents", "a
# population of 120,000", "120,000 inhabitants" are one figure.
RESIDENCE = frozenset({"home", "population", "resident", "inhabitant", "live"})
# A signature is a person who signed: "a petition signed by 1.8 million people" and "a
# petition that received 900,000 signatures" count the same people doing the same thing.
SIGNATURES = frozenset({"signature", "signatory"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words a figure can hang on that say nothing of what happened to what it counts ("three
# aftershocks were felt" / "followed by four aftershocks"): a light frame matches another
# light frame of a count (never of people, never of a measured length).
LIGHT_FRAMES = frozenset({"be", "have", "feel", "follow", "include", "number", "total",
                          "record", "register", "report", "put", "give", "reach", "estimate",
                          "say", "measure", "last", "locate", "lie", "situate"})
DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                        "southwest", "away", "off", "from"})
# Reports this many days apart or more give a count at two moments of a developing story.
CHANGE_MIN_DAYS = 2
SQUARE = re.compile(r"^[-\s]square\b", re.IGNORECASE)
HYPOTHETICAL = frozenset({"modal", "speculation"})
# A sentence that says what something can do tells a specification, not a happening: "the
# truck can carry a 36,000-kilogram load" and "the rocket is capable of lifting 60,000 kg" are
# two vehicles' limits, not two reports of one figure.
GENERIC_CAN = re.compile(r"\bcan(?:not|'t|’t)?\b|\bcapable\s+of\b", re.IGNORECASE)
# A figure of what would be, must be or is foreseen is no report of what happened: "he
# needs to take Arizona (for 279 votes)", "would get 270", "are projected to win 157 seats".
PROSPECTIVE = re.compile(r"\b(?:would|needs?\s+to|(?:projected|forecast|predicted|expected)"
                         r"\s+to)\b", re.IGNORECASE)
# A toll that counts the attacker among the dead is the victims' toll plus one: "four people
# were killed (including the shooter)" and "killed three people" agree.
WITH_PERPETRATOR = re.compile(r"^[^.;]{0,40}?\bincluding\s+(?:the\s+)?(?:gunman|shooter|attacker|"
                              r"bomber|assailant|perpetrator|suspect|driver|killer)\b",
                              re.IGNORECASE)
# A sentence that opens on what the one before counted: "Two of them", "Both", "It", "They".
CONTINUES = re.compile(r"^\s*(?:(?:But|And|Yet|So)\s+)?(?:(?:[\w-]+|all|both|each|most|some|none)"
                       r"\s+of\s+(?:them|those|these)\b|(?:It|They|Both|This|These)\b)")
# A day told apart from the other report's: the day one sentence dates against the day the
# other says (two days apart or more: CHANGE_MIN_DAYS), or, for a report that names no day,
# against its publication, this many days or more after the dated one (an undated report of
# the story's own event is of its last day or two).
UNDATED_AFTER_DAYS = 3
# A weekday or month name that could not be resolved (no publication date), kept as written.
UNRESOLVED = "~"
UNDATED_DAY = re.compile(r"(?:(?:on|in|last|this|next|early|late)\s+)?(?:monday|tuesday|wednesday|"
                         r"thursday|friday|saturday|sunday|january|february|march|april|may|june|"
                         r"july|august|september|october|november|december)", re.IGNORECASE)
# A converted figure is rounded by the outlet that converts it (1,500 km = 932 miles, given
# as "about 940 miles"; 35 miles = 56.3 km, given as 60 km, 6.6 % apart): figures in
# different units this far apart (relative) are one figure. 2,000 ft = 610 m against 700 m
# (15 % apart) stays a conflict.
CONVERSION_SLACK = 0.08
# Sums in two currencies, each converted at its year's average rate, are one sum unless they
# are further apart than this (relative): the pound and the euro move up to about 10 % within
# a year, and outlets round what they convert. £600,000 (about $0.94m in 2013) against "almost
# $1.3 million" (over 20 % apart) is a conflict; €50m / £43m / $66m is one sum.
CURRENCY_SLACK = 0.2
# A vague amount's top is soft: "tens of thousands" of files and "100,000 files" are one
# figure told loosely and precisely, while "hundreds of thousands" against "more than 1.8
# million" still disagree.
VAGUE_TOP_SLACK = 0.1
# An article giving this many values of one count lists a statistic of many players or
# happenings (points, touchdowns, games): such counts are compared only when both sentences
# name whom they are of. Counts of people, measures and money have frames and units that
# tell their many values apart, and are left out.
LISTED_VALUES = 3
UNLISTED_KEYS = frozenset({"people", "magnitude", "length", "weight", "money"})
# Figures told exactly this many times apart are of two things, not rival values of one: a
# game's points and a career's (23 / 2,129), one attack's dead and another's (80 / 1); real
# disagreements between outlets measured on the dev gold are within a factor of 3.
MAX_RIVAL_RATIO = 20.0
# Two figures this close are one figure rounded (-1,861.81 vs -1,861.82 points).
ROUNDING = 0.005
# Frames (lemmas) whose MiniLM vectors, as words or as "<key> <frame>" phrases, are at least
# this close are one frame. Measured (the better of the two): synonyms 0.64-0.81 (injure/
# wound 0.70, kill/lose 0.64, arrest/detain 0.69, kill/die 0.81), different events 0.43-0.56
# (kill/injure 0.48, kill/leave 0.56, trap/have 0.46). Some synonyms fall short (destroy/
# flatten 0.37, injure/hurt 0.59) and stay apart: a missed conflict, never a false one.
FRAME_SIMILARITY = 0.6
# Frames whose words alone are further apart than this are two things, however near their
# phrases with the key are: the key's word weighs on both phrases. Measured with the MiniLM
# model: synonyms of news frames (injure/wound, rescue/save, arrest/custody) from 0.41,
# unrelated ones (die/use, involve/attendance, injure/treat) up to 0.36.
FRAME_WORDS_FLOOR = 0.4
FRAMELESS_KEYS = frozenset({"magnitude"})
# Two sentences giving figures of one thing about one happening ("killing 10 people and
# injuring 80" / "wounding other 70") are topical neighbours; a shop's lost sales and a
# company's yearly cost, both "cost ... euros", are not.
# Measured on the dev dossier gold: sentences holding two sides of a real conflict scored
# 0.27-0.98 (a figure inside a long sentence about something else scores low), so this is
# only a floor against unrelated pairs, not a test of sameness.
RELATED_SENTENCES = 0.25


@dataclass(frozen=True)
class Figure:
    """One figure of one article, read as a measurement of something."""

    article_id: str
    sentence: int
    evidence: Evidence
    low: float
    high: float
    key: str  # what is measured: "length", "magnitude", "dollar", "age:3", "village"
    frame: str | None  # the word the figure hangs on: "kill", "injure", "fall"
    thing: str  # what a reader is told the figure is about
    places: frozenset[int] = frozenset()  # cross entities of places its sentence names
    people: frozenset[int] = frozenset()  # people its sentence names, its speakers aside
    ages: frozenset[float] = frozenset()  # ages its sentence gives ("a 36-year-old climber")
    article_places: frozenset[int] = frozenset()  # places its whole article names
    subject: int | None = None  # the cross entity the figure's clause is about, if named
    unit: str = ""  # the unit as written ("mile"), where one was converted
    context: str = ""  # the sentence that gives the figure
    degree: str = ""  # "serious" for "four seriously injured" (a part of all the injured);
    # "more" for "two more", "a further four" (an increment on a count told before); "size"
    # for "a 10-metre boat" (the size of one thing)
    subject_word: str = ""  # the last word of the clause's named subject, as written
    day: str = ""  # the day or month its sentence says it happened in ("on Saturday"), ISO
    kind: frozenset[str] = frozenset()  # words between figure and counted noun: "ambulance"
    background: bool = False  # its sentence is dated well before the report (an earlier theft)
    part: bool = False  # narrowed by origin: "12 Somali pirates" of all the pirates
    vague: bool = False  # told as a vague amount: "tens of thousands", "dozens"
    ties: frozenset[str] = frozenset()  # proper words its sentence has and no lead has

    def same_setting(self, other: Figure) -> bool:
        """Not set apart by what the sentences name: figures of a quake in Dunmere and of one
        in Korran, or of two climbers' falls, are different things."""
        if self.other_places(other) or self.degree != other.degree:
            return False  # "40 injured" and "four seriously injured" are not one count
        if self.key.startswith(QUALITY):  # a judgement is of someone named on both sides
            return bool(self.people & other.people)
        if self.key.startswith(PROSPECT):  # what is expected to be met, signed, visited
            return bool(self.kind & other.kind)
        if self.kind and other.kind and self.kind.isdisjoint(other.kind):
            return False  # "four fire crews" and "22 ambulance crews" count two things
        if self.subject is not None and other.subject is not None:
            return self.subject == other.subject  # "Halloran fell 700 m" / "Vossberg fell 150 m"
        if self.subject_word and other.subject_word and self.subject_word != other.subject_word:
            return False  # a subject the names missed ("Palmer is retiring after 15 seasons")
        if self.people & other.people:
            return True
        return not any(mine and theirs and mine.isdisjoint(theirs) for mine, theirs in
                       ((self.people, other.people), (self.ages, other.ages)))

    def other_places(self, other: Figure) -> bool:
        """Each sentence names a place the other article never names: a village of the
        story inside the region another outlet names is not another place."""
        return bool(self.places and other.places and self.places.isdisjoint(other.places)
                    and self.places.isdisjoint(other.article_places)
                    and other.places.isdisjoint(self.article_places))

    def overlaps(self, other: Figure) -> bool:
        # each side widened by half the slack: two figures CONVERSION_SLACK apart overlap
        slack = 0.0
        if self.unit != other.unit:
            money = self.key == "money"
            slack = (CURRENCY_SLACK if money else CONVERSION_SLACK) / 2
        return not (self.high * (1 + slack) < other.low * (1 - slack)
                    or other.high * (1 + slack) < self.low * (1 - slack))

    def middle(self) -> float:
        return self.low if math.isinf(self.high) else (self.low + self.high) / 2

    def rounds_to(self, other: Figure) -> bool:
        if math.isinf(self.high) or math.isinf(other.high):
            return False
        a, b = (self.low + self.high) / 2, (other.low + other.high) / 2
        return abs(a - b) <= ROUNDING * max(abs(a), abs(b))


@dataclass(frozen=True)
class FigureConflict:
    """Figures of one thing that cannot all be true, grouped by value."""

    about: str
    versions: tuple[tuple[Figure, ...], ...]

    def conflict(self) -> Conflict:
        values = " vs ".join(
            f"{version[0].evidence.text} ({', '.join(dict.fromkeys(f.article_id for f in version))})"
            for version in self.versions)
        sides = tuple(f.evidence for version in self.versions for f in version)
        return Conflict(self.reason, f"{self.about}: {values}", sides, about=self.about)

    @property
    def reason(self) -> str:
        """"judgement" ("well equipped" / "ill-equipped") and "expectation" ("will meet" /
        "unlikely to meet") are no numbers, though compared as figures."""
        key = self.versions[0][0].key
        if key.startswith(QUALITY):
            return "judgement"
        return "expectation" if key.startswith(PROSPECT) else "number"


def story_figures(articles: Sequence[Article], analyses: Sequence[Analysis], *,
                  entity_index: Mapping[tuple[str, int], int],
                  settings: CompareSettings) -> list[Figure]:
    """Every figure of the story that measures something nameable."""
    figures = []
    story_year = _story_year(articles)
    lead = lead_words(articles, analyses)
    for article, analysis in zip(articles, analyses):
        year = _year(article.published) or story_year
        people = _people_at(analysis, article.id, entity_index)
        background = background_sentences(article, analysis)
        hedged = _hedged_sentences(article, analysis)
        days = _sentence_days(article, analysis)

        def placed(figure: Figure) -> Figure:
            return _in_setting(figure, analysis, article.text, entity_index, lead)

        figures += [placed(judged) for judged in _judgements(article, analysis, days)
                    if judged.sentence not in background | hedged]
        # an expectation is hedged by nature ("reports suggest he will"): kept when hedged
        figures += [placed(expected) for expected in _expectations(article, analysis, days)]
        for quantity in analysis.quantities:
            figure = _figure(quantity, article=article, analysis=analysis, people=people,
                             settings=settings, year=year)
            if figure is not None and figure.sentence not in hedged:
                figures.append(placed(replace(figure, day=days.get(figure.sentence, ""),
                                              background=figure.sentence in background)))
    return figures


def _judgements(article: Article, analysis: Analysis, days: Mapping[int, str]) -> list[Figure]:
    """"well equipped" / "ill-equipped" as figures +1 / -1 of the quality "how well equipped"
    (compare/evaluations.py)."""
    return [Figure(article.id, sentence, Evidence(article.id, span, span.of(article.text)),
                   value, value, f"{QUALITY}{participle}", None, f"how well {participle}",
                   day=days.get(sentence, ""))
            for sentence, span, participle, value in evaluations(article, analysis)]


def _expectations(article: Article, analysis: Analysis, days: Mapping[int, str]
                  ) -> list[Figure]:
    """"will meet the Queen" / "unlikely to meet Queen Elizabeth" as figures +1 / -1 of
    "whether it will happen" (compare/evaluations.py)."""
    return [Figure(article.id, sentence, Evidence(article.id, span, span.of(article.text)),
                   value, value, f"{PROSPECT}{verb}", None, f"whether to {verb}",
                   day=days.get(sentence, ""), kind=objects)
            for sentence, span, verb, value, objects in prospects(article, analysis)]


def _year(published: str | None) -> int | None:
    try:
        return int((published or "")[:4])
    except ValueError:
        return None


def _story_year(articles: Sequence[Article]) -> int | None:
    """The year most of the story's reports give, for a report that gives none."""
    years = [y for y in (_year(a.published) for a in articles) if y is not None]
    return max(set(years), key=years.count) if years else None


def _in_setting(figure: Figure, analysis: Analysis, article_text: str,
                entity_index: Mapping[tuple[str, int], int],
                lead: frozenset[str] = frozenset()) -> Figure:
    """The figure with the places and people its sentence names (speakers left out: who
    said a figure does not say what it is about), and what it names that no lead does."""
    sentence = next((s for s in analysis.sentences if s.index == figure.sentence), None)
    if sentence is None:
        return figure
    speakers = {q.speaker_entity for q in analysis.quotes if q.sentence == figure.sentence}
    places, people = set(), set()
    for mention in analysis.mentions:
        if mention.entity is None or not sentence.span.contains(mention.span):
            continue
        cross = entity_index.get((figure.article_id, mention.entity))
        label = analysis.entities[mention.entity].label
        if cross is None:
            continue
        if label in PLACE_LABELS:
            places.add(cross)
        elif label == "PERSON" and mention.entity not in speakers and mention.label != "PRON":
            people.add(cross)
    article_places = {entity_index[(figure.article_id, m.entity)] for m in analysis.mentions
                      if m.entity is not None and (figure.article_id, m.entity) in entity_index
                      and analysis.entities[m.entity].label in PLACE_LABELS}
    ages = {q.value for q in analysis.quantities
            if q.counted == "age" and q.value is not None and sentence.span.contains(q.span)}
    return replace(figure, places=frozenset(places), people=frozenset(people),
                   ages=frozenset(ages), article_places=frozenset(article_places),
                   context=sentence.span.of(article_text),
                   ties=ties_of(sentence.span.of(article_text), figure.frame, lead))


def _hedged_sentences(article: Article, analysis: Analysis) -> set[int]:
    """Sentences that say what may be, not what is ("the toll could rise to 100", "a
    magnitude-6.0 quake can cause severe damage"): their figures assert nothing."""
    found = set()
    for sentence in analysis.sentences:
        modal = any(h.kind in HYPOTHETICAL and sentence.span.overlaps(h.span)
                    for h in analysis.hedges)
        text = sentence.span.of(article.text)
        if modal or GENERIC_CAN.search(text) or PROSPECTIVE.search(text):
            found.add(sentence.index)
    return found


def _sentence_days(article: Article, analysis: Analysis) -> dict[int, str]:
    """Sentence -> the one day ("launched three missiles on Saturday") or month ("in
    August"), ISO, it dates what it tells, the day of a saying left out ("police said
    Wednesday"); a sentence that goes on about the one before ("Two of them traveled 155
    miles") keeps its day."""
    days: dict[int, str] = {}
    for ref in analysis.dates:
        before = article.text[max(0, ref.span.start - 30): ref.span.start]
        if SAID_ON.search(before):
            continue
        if ref.resolved and len(ref.resolved) in (7, 10):
            days.setdefault(ref.sentence, ref.resolved)
        elif ref.resolved is None and UNDATED_DAY.fullmatch(ref.phrase.strip()):
            # no publication date to resolve it against: the phrase itself ("~monday")
            days.setdefault(ref.sentence, UNRESOLVED + ref.phrase.strip().lower())
    for sentence in analysis.sentences:
        if sentence.index not in days and sentence.index - 1 in days and \
                CONTINUES.match(sentence.span.of(article.text)):
            days[sentence.index] = days[sentence.index - 1]
    return days


def _people_at(analysis: Analysis, article_id: str,
               entity_index: Mapping[tuple[str, int], int]) -> list[tuple[int, int, int, str]]:
    """(start, end, cross entity id, name) of every resolved mention of the article."""
    found = []
    for mention in analysis.mentions:
        if mention.entity is not None and (article_id, mention.entity) in entity_index:
            name = analysis.entities[mention.entity].name
            found.append((mention.span.start, mention.span.end,
                          entity_index[(article_id, mention.entity)], name))
    return found


def _figure(quantity: Quantity, *, article: Article, analysis: Analysis,
            people: list[tuple[int, int, int, str]], settings: CompareSettings,
            year: int | None = None) -> Figure | None:
    if (quantity.counted or "").lower() == "pound" and pound_weight(quantity, article.text):
        quantity = replace(quantity, counted="lb")
    if age_at_a_moment(quantity, article.text, analysis):
        return None
    measured = _measure(quantity, people)
    if measured is None:
        return None
    key, scale, thing = measured
    unit = (quantity.counted or "") if scale != 1.0 or key in ("length", "weight") else ""
    if key in CURRENCIES:
        dollars = usd_rate(key, year, text=article.text, start=quantity.span.start,
                           end=quantity.span.end)
        if dollars is not None:
            key, scale, unit, thing = "money", dollars, key, "sum of money (in US dollars)"
    if article.text[max(0, quantity.span.start - 1): quantity.span.start] == "(":
        return None  # "about 58km (36 miles)": the conversion of the figure before it
    if key == "length" and SQUARE.match(article.text[quantity.span.end:]):
        return None  # "a 1,500-square-kilometer island": an area, not a distance
    rate = rate_after(article.text, quantity)
    if rate:  # "38 million euros a year" is a rate, never comparable with a total
        key, thing = f"{key}/{rate}", f"{thing} per {rate}"
    period = period_after(article.text, quantity)
    if period:  # "50 games in his five seasons": a sum over a stretch of time of its own
        key, thing = f"{key}/{period}", f"{thing} {period}"
    amount = amount_of(quantity, text=article.text, article_id=article.id, settings=settings)
    if amount is None:
        return None
    sentence = next((s.index for s in analysis.sentences if s.span.contains(quantity.span)), -1)
    frame = None if key.startswith("age:") or key == "magnitude" else quantity.head
    if frame is not None and frame in ((quantity.counted or "").lower(), key):
        frame = None  # "people" hanging on "people": the parse says nothing of what happened
    if frame in DIRECTIONS:
        frame = "from"  # "1,500 km south of Marrowby" and "1,150 km southeast of Marrowby"
    if frame in LENGTHS or frame in WEIGHTS or frame in DURATIONS or frame in CURRENCIES:
        return None  # "1,150 kilometers (700 miles)": the conversion of the figure before it
    if key == "people" and (frame in RESIDENCE or (quantity.counted or "") in RESIDENCE):
        frame = "home"
    if (quantity.counted or "").lower() in SIGNATURES:
        frame = "sign"
    subject = _entity_at(quantity.subject_span, people)
    low, high = amount.low, amount.high
    if key == "people" and WITH_PERPETRATOR.match(article.text[quantity.span.end:]):
        low = max(0.0, low - 1)  # the victims are one fewer
    vague = quantity.value is None and bool(quantity.qualifier)
    if vague:
        high *= 1 + VAGUE_TOP_SLACK  # "tens of thousands" reaches the round 100,000
    return Figure(article.id, sentence, amount.evidence, low * scale, high * scale,
                  key, frame, label_of(thing, frame, quantity, analysis, article.text),
                  subject=subject, unit=unit,
                  degree=degree_after(article.text, quantity)
                  or ("more" if adds_to_others(article.text, quantity) else "")
                  or ("size" if key == "length"
                      and sizes_a_noun(article.text, quantity) else ""),
                  kind=kind_words(article.text, quantity) | base_words(article.text, quantity),
                  part=names_a_part(article.text, quantity), vague=vague,
                  subject_word=surname(quantity.subject_span.of(article.text))
                  if quantity.subject_span else "")


def _measure(quantity: Quantity, people: list[tuple[int, int, int, str]]
             ) -> tuple[str, float, str] | None:
    """(key, scale to the key's unit, what a reader is told it is) of a quantity."""
    counted = (quantity.counted or "").lower()
    if counted == "age":
        person = _person_at(quantity, people)
        return None if person is None else (f"age:{person[0]}", 1.0, f"age of {person[1]}")
    if not counted and quantity.head and quantity.head in MAGNITUDES | RESIDENCE:
        counted = "people" if quantity.head in RESIDENCE else quantity.head
    if counted in LENGTHS:
        return "length", LENGTHS[counted], "distance"
    if counted in WEIGHTS and counted != "pound":  # a pound that weighs came in as "lb"
        return "weight", WEIGHTS[counted], "weight"
    if counted in DURATIONS:
        # On real news durations measured different things too often to compare ("four
        # hours into the flight" / "in the last 24 hours"; a tremor felt in a distant city /
        # at the epicentre): left out.
        return None
    if counted in MAGNITUDES:
        return "magnitude", 1.0, "magnitude"
    if counted in CURRENCIES:
        return counted, 1.0, f"amount in {counted}s"
    if counted in PEOPLE or counted in SIGNATURES:
        return "people", 1.0, "people"
    if counted and quantity.value is not None and quantity.value != int(quantity.value):
        return None  # "3.6 aftershocks": a measure of each, not a count of them
    if quantity.value == 1 and not quantity.low:
        return None  # "one of the party", "a climber": one is an article more than a count
    return (counted, 1.0, counted) if counted else None


def _entity_at(where: Span | None, people: list[tuple[int, int, int, str]]) -> int | None:
    """The cross entity of the mention holding the span, if any."""
    if where is None:
        return None
    return next((entity for start, end, entity, _ in people
                 if start <= where.start and where.end <= end), None)


def _person_at(quantity: Quantity, people: list[tuple[int, int, int, str]]
               ) -> tuple[int, str] | None:
    where = quantity.counted_span
    if where is None:
        return None
    return next(((entity, name) for start, end, entity, name in people
                 if start <= where.start and where.end <= end), None)


@dataclass(frozen=True)
class FigureComparison:
    conflicts: list[FigureConflict]
    changes: list[FigureChange]


def compare_figures(figures: Sequence[Figure], *, original: Mapping[str, str],
                    published: Mapping[str, str | None] | None = None,
                    use_embeddings: bool = True,
                    cache: EmbeddingCache | None = None) -> FigureComparison:
    """Figures of one thing that disagree: a conflict, or, for a count given by reports of
    different days ("3 dead" on Sunday, "10 dead" on Monday), a change over time."""
    day = {article: (when or "")[:10] for article, when in (published or {}).items()}
    same_frame = _frame_matcher(figures, use_embeddings=use_embeddings, cache=cache)
    related = _sentence_matcher(figures, use_embeddings=use_embeddings, cache=cache)
    by_article: dict[str, list[Figure]] = {}
    for figure in figures:
        by_article.setdefault(original.get(figure.article_id, figure.article_id), []).append(figure)

    def same_thing(a: Figure, b: Figure, *, loose: bool = False) -> bool:
        return a.key == b.key and same_frame(a, b, loose=loose) and a.same_setting(b)

    def knows(article: str, figure: Figure, mine: Figure | None = None) -> bool:
        """The article gives this figure too: the same value of the same key, whatever its
        own parse says it hangs on, or a compatible one of what may be the same thing (the
        looser test: a figure known is a conflict withheld, never one made). With ``mine``,
        the article's figure compared, the others of its sentence are left out: a sentence
        recalling two earlier thefts ("stole £910,000 ... and a second theft saw a necklace
        worth £1.2m stolen") gives two things, not two versions of one."""
        return any(own.key == figure.key and (
            _same_value(own, figure)
            or (same_thing(own, figure, loose=True) and own.overlaps(figure)))
            for own in by_article.get(article, ())
            if mine is None or own is mine or own.context != mine.context)  # a copy's too

    listed = _listed_things(by_article)
    pairs, recalled, changes = [], [], []
    for i, a in enumerate(figures):
        for b in figures[i + 1:]:
            left, right = (original.get(a.article_id, a.article_id),
                           original.get(b.article_id, b.article_id))
            if left == right or not same_thing(a, b) or a.overlaps(b) or a.rounds_to(b):
                continue
            if not related(a, b) or _part_of_whole(a, b) or _part_of_whole(b, a) \
                    or _orders_apart(a, b):
                continue
            if a.key in listed and not _same_named_subject(a, b):
                continue  # one player's points against another's
            if a.background or b.background:
                # an earlier happening both recall, tied by what only it names
                if recall_one_happening(a, b) and not (knows(left, b, a) or knows(right, a, b)):
                    recalled.append((a, b))
                continue
            if knows(left, b) or knows(right, a) or _of_other_days(a, b, day):
                continue
            if days_apart(day.get(a.article_id), day.get(b.article_id)):
                # two moments of a developing story: a count that moved is a change; other
                # figures of reports days apart are often of different happenings
                if _may_change(a):
                    changes.append(_change(a, b, day))
                continue
            pairs.append((a, b))
    return FigureComparison(_grouped(pairs, same_thing) + _grouped(recalled, same_thing),
                            changes)


def _listed_things(by_article: Mapping[str, Sequence[Figure]]) -> set[str]:
    """(key, frame) of counts some article gives LISTED_VALUES or more values of: a statistic
    of many players, games or drives ("scored 23 points", "had 14 points", "2,129 points"),
    not one fact of the story. People, measures and money are told apart by their frames
    and units, and are left out."""
    found = set()
    for figures in by_article.values():
        values: dict[str, set[float]] = {}
        for figure in figures:
            if figure.unit == "" and figure.key not in UNLISTED_KEYS \
                    and not figure.key.startswith(("age:", "quality:", "prospect:")):
                values.setdefault(figure.key, set()).add(figure.middle())
        found |= {key for key, seen in values.items() if len(seen) >= LISTED_VALUES}
    return found


def _same_named_subject(a: Figure, b: Figure) -> bool:
    """Both clauses are about one named subject, or both sentences name one person."""
    if a.subject is not None and a.subject == b.subject:
        return True
    return bool(a.people & b.people)


def _orders_apart(a: Figure, b: Figure) -> bool:
    """Two figures told exactly, more than MAX_RIVAL_RATIO apart: a game's 23 points and a
    career's 2,129, the 80 dead of one attack and the one of another. Outlets that disagree
    disagree within a factor of a few (80 / 50 injured, 120,000 / 200,000 residents); vague
    amounts ("tens" / "hundreds of thousands") are left to their bounds."""
    if a.vague or b.vague or math.isinf(a.high) or math.isinf(b.high):
        return False
    low, high = sorted((a.middle(), b.middle()))
    return low > 0 and high / low > MAX_RIVAL_RATIO


def _part_of_whole(part: Figure, whole: Figure) -> bool:
    """"12 Somali pirates" against "the 23 pirates": the Somali among them, no rival count
    (the part can still not exceed the whole)."""
    return part.part and not whole.kind and part.high <= whole.low


def _of_other_days(a: Figure, b: Figure, published: Mapping[str, str]) -> bool:
    """The sentences date their figures to different days ("three missiles on Saturday"
    against Tuesday's launch): two happenings, or one count at two moments. Without
    publication dates, a weekday or month named against another ("on Monday" / "in August")
    tells the same."""
    if a.day.startswith(UNRESOLVED) or b.day.startswith(UNRESOLVED):
        return a.day.startswith(UNRESOLVED) and b.day.startswith(UNRESOLVED) and a.day != b.day
    if a.day and b.day:
        if len(a.day) == len(b.day) == 10:
            return days_apart(a.day, b.day)
        return not (a.day.startswith(b.day) or b.day.startswith(a.day))  # in another month
    dated, undated = (a, b) if a.day else (b, a)
    last_day = as_date(dated.day)
    if last_day is None:
        return False
    try:
        gap = date.fromisoformat(published.get(undated.article_id, "")[:10]) - last_day
    except ValueError:
        return False
    return gap.days >= UNDATED_AFTER_DAYS


def _may_change(figure: Figure) -> bool:
    """Counts move as a story develops (tolls, arrests); distances, magnitudes, ages,
    populations and sums of money are facts of one moment."""
    return (figure.unit == "" and not figure.key.startswith(("age:", QUALITY, PROSPECT))
            and figure.frame != "home"
            and figure.key not in ("magnitude", "length", "weight", "duration", "money",
                                   *CURRENCIES))


def days_apart(one: str | None, other: str | None) -> bool:
    """Reports at least CHANGE_MIN_DAYS apart: outlets reporting one moment publish a day
    apart all the time (time zones, the next morning's paper)."""
    try:
        first = date.fromisoformat((one or "")[:10])
        second = date.fromisoformat((other or "")[:10])
    except ValueError:
        return False
    return abs((second - first).days) >= CHANGE_MIN_DAYS


def _change(a: Figure, b: Figure, day: Mapping[str, str]) -> FigureChange:
    earlier, later = sorted((a, b), key=lambda f: day[f.article_id])
    return FigureChange(a.thing, earlier.evidence, day[earlier.article_id], later.evidence,
                        day[later.article_id])


def _same_value(a: Figure, b: Figure) -> bool:
    """One value, rounded, or converted from another unit or currency ("2 million euros"
    and "$2.6 million" are one sum)."""
    if math.isinf(a.high) or math.isinf(b.high):
        return False
    return a.rounds_to(b) or (a.unit != b.unit and a.overlaps(b))


def _frame_matcher(figures: Sequence[Figure], *, use_embeddings: bool,
                   cache: EmbeddingCache | None):  # type: ignore[no-untyped-def]
    """A test of whether two figures' frames are one: equal; both light; or near in meaning,
    as words or said with the key ("people injure" / "people wound"); the loose test lets
    the phrase alone decide, however far apart the words are."""
    words = sorted({f.frame for f in figures if f.frame})
    phrases = sorted({_phrase(f) for f in figures if f.frame})
    texts = words + phrases
    index = {text: n for n, text in enumerate(texts)}
    vectors = sentence_vectors(texts, use_embeddings=use_embeddings, cache=cache)
    near = vectors.matrix @ vectors.matrix.T if vectors.kind == "embedding" else None

    def same(a: Figure, b: Figure, *, loose: bool = False) -> bool:
        if a.frame is None or b.frame is None:
            # a magnitude or an age has no frame by design; any other figure needs one
            return (a.frame is None and b.frame is None
                    and (a.key in FRAMELESS_KEYS
                         or a.key.startswith(("age:", QUALITY, PROSPECT))))
        if a.frame == b.frame:
            # "there were thousands of people" / "there were about 100 people": a light
            # frame says nothing of which people
            return not (a.frame in LIGHT_FRAMES and a.key == "people")
        if a.frame.startswith("from ") or b.frame.startswith("from "):
            return False  # distances from two places: place names are never synonyms
        if a.frame in LIGHT_FRAMES or b.frame in LIGHT_FRAMES:
            # "three aftershocks were felt" / "followed by four": counts only; a length put
            # or situated somewhere is a distance from anywhere
            return (a.frame in LIGHT_FRAMES and b.frame in LIGHT_FRAMES and a.unit == ""
                    and a.key != "people")  # "thousands were there" / "100 were hurt"
        if near is None:
            return False
        words = near[index[a.frame], index[b.frame]]
        if words < FRAME_WORDS_FLOOR and not loose:
            return False  # the shared key alone makes "passenger die" near "passenger use"
        return bool(max(words, near[index[_phrase(a)], index[_phrase(b)]]) >= FRAME_SIMILARITY)

    return same


def _phrase(figure: Figure) -> str:
    return f"{figure.key} {figure.frame}"


def _sentence_matcher(figures: Sequence[Figure], *, use_embeddings: bool,
                      cache: EmbeddingCache | None):  # type: ignore[no-untyped-def]
    """Whether two figures' sentences tell of one happening: cosine at least
    RELATED_SENTENCES (the TF-IDF fallback has no such scale: there every pair passes)."""
    texts = sorted({f.context for f in figures})
    index = {text: n for n, text in enumerate(texts)}
    vectors = sentence_vectors(texts, use_embeddings=use_embeddings, cache=cache)
    near = vectors.matrix @ vectors.matrix.T if vectors.kind == "embedding" else None

    def related(a: Figure, b: Figure) -> bool:
        if near is None or (a.frame is None and b.frame is None):
            # a magnitude or a person's age names its thing by its key alone: "it had a
            # magnitude of six" leans on the sentence before for what "it" is
            return True
        return bool(near[index[a.context], index[b.context]] >= RELATED_SENTENCES)

    return related


def _grouped(pairs: list[tuple[Figure, Figure]], same_thing) -> list[FigureConflict]:  # type: ignore[no-untyped-def]
    """Conflicting pairs joined into one conflict per thing, figures grouped by value."""
    things: list[list[Figure]] = []
    for a, b in pairs:
        home = next((t for t in things if any(same_thing(a, f) for f in t)), None)
        if home is None:
            things.append([a, b])
        else:
            home.extend(f for f in (a, b) if f not in home)
    conflicts = []
    for members in things:
        for versions in _rival_groups(_versions(members)):
            if len(versions) >= 2:
                conflicts.append(FigureConflict(members[0].thing, tuple(map(tuple, versions))))
    return conflicts


def _rival_groups(versions: list[list[Figure]]) -> list[list[list[Figure]]]:
    """Versions that can be rival values of one thing. An article in two versions gives two
    values of what was taken for one thing: it reports two happenings ("at least 84 killed"
    in the city, "killing one" in another town; one climber's fall of 150 m, another's of
    700 m), not a dispute with itself; so two versions sharing an article are never rivals.
    Versions that share an article are placed first, each kept apart from the other; then
    the rest, largest first, go to the group nearest in value that they share no article
    with (rival values of one thing are near: 600 m and 700 m, not 150 m and 700 m)."""
    article_sets = [{f.article_id for f in v} for v in versions]
    shared = [any(a & b for k, b in enumerate(article_sets) if k != n)
              for n, a in enumerate(article_sets)]
    order = sorted(range(len(versions)), key=lambda n: (not shared[n], -len(article_sets[n])))
    groups: list[list[list[Figure]]] = []
    for version in (versions[n] for n in order):
        articles = {f.article_id for f in version}
        open_groups = [g for g in groups
                       if not any(articles & {f.article_id for f in other} for other in g)]
        home = min(open_groups, key=lambda g: min(_apart(version[0], other[0]) for other in g),
                   default=None)
        if home is None:
            groups.append([version])
        else:
            home.append(version)
    position = {id(v): n for n, v in enumerate(versions)}
    return [sorted(group, key=lambda v: position[id(v)]) for group in groups]


def _apart(a: Figure, b: Figure) -> float:
    """How far apart two values are, relative to the larger: 0 equal, 1 nothing alike."""
    x, y = a.middle(), b.middle()
    return abs(x - y) / max(abs(x), abs(y), 1e-9)


def _versions(members: Sequence[Figure]) -> list[list[Figure]]:
    """Figures grouped by value: exact figures first, each value its own version; then a
    vague one ("some 700", "at least 10") joins the overlapping version nearest its middle,
    so that "about 600" and "some 700" do not chain 609 and 700 into one version."""
    def exact(figure: Figure) -> bool:
        return figure.low == figure.high

    versions: list[list[Figure]] = []
    for figure in sorted(members, key=lambda f: not exact(f)):
        near = [v for v in versions if any(figure.overlaps(f) or figure.rounds_to(f) for f in v)]
        if not near:
            versions.append([figure])
            continue
        middle = figure.middle()
        min(near, key=lambda v: abs(v[0].middle() - middle)).append(figure)
    position = {id(figure): n for n, figure in enumerate(members)}
    for version in versions:
        version.sort(key=lambda f: position[id(f)])
    return sorted(versions, key=lambda v: position[id(v[0])])  # in the story's order
