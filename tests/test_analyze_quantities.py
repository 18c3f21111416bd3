"""Quantities on hand-written sentences: values, ranges, qualifiers, what is counted."""

from __future__ import annotations

import pytest

from crosscheck.analyze.quantities import find_quantities
from crosscheck.nlp.spacy_model import parse
from crosscheck.settings import DEFAULT

pytestmark = pytest.mark.model


def _quantities(text: str) -> dict[str, tuple]:
    doc = parse(text)
    return {q.span.of(text): (q.value, q.low, q.high, q.counted, q.qualifier)
            for q in find_quantities(doc, settings=DEFAULT.analyze)}


@pytest.mark.parametrize("text,phrase,expected", [
    ("Police said about 2.5 million people marched on Sunday.", "about 2.5 million",
     (2_500_000, None, None, "people", "about")),
    ("The army sent a thousand soldiers to the border.", "a thousand",
     (1000, None, None, "soldier", None)),
    ("Officials counted two hundred and fifty ballots.", "two hundred and fifty",
     (250, None, None, "ballot", None)),
    ("Up to 40 ships were seen.", "Up to 40", (40, None, 40, "ship", "up to")),
    ("Nearly twenty-five reporters were detained.", "Nearly twenty-five",
     (25, None, None, "reporter", "nearly")),
])
def test_numbers_are_normalised(text, phrase, expected) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(text)
    assert phrase in found, found
    assert found[phrase] == expected


@pytest.mark.parametrize("text,phrase,low,high,counted", [
    ("Thousands of protesters gathered in the square.", "Thousands", 2_000, 9_999, "protester"),
    ("Hundreds of thousands of refugees crossed the border.", "Hundreds of thousands",
     200_000, 999_999, "refugee"),
    ("Dozens of houses burned.", "Dozens", 24, 99, "house"),
])
def test_vague_amounts_are_ranges(text, phrase, low, high, counted) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(text)
    assert found[phrase][:4] == (None, low, high, counted)
    assert found[phrase][4] == phrase.lower()  # the vague amount is its own qualifier


def test_dates_years_and_ordinals_are_not_counts() -> None:
    found = _quantities("On Oct. 10, 2022, the second convoy left; in 2021 it was 30 trucks.")
    assert list(found) == ["30"]
    assert found["30"][3] == "truck"


def test_money_and_percent_are_typed() -> None:
    found = _quantities("The loan was $5 million, and prices rose 12% last year.")
    assert [v[3] for v in found.values()] == ["dollar", "percent"]
    assert next(iter(found.values()))[0] == 5_000_000


def test_ellipsis_takes_the_previous_counted_noun() -> None:
    found = _quantities("The storm killed three farmers in the north and at least seven in the south.")
    assert found["at least seven"][3] == "farmer"
    assert found["at least seven"][0] == 7


@pytest.mark.parametrize("text,phrase,low,high,counted", [
    ("Between 10 and 20 people were hurt.", "Between 10 and 20", 10, 20, "people"),
    ("Officials expect 300 to 400 trucks a day.", "300 to 400", 300, 400, "truck"),
])
def test_ranges(text, phrase, low, high, counted) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(text)
    assert found[phrase][:4] == (None, low, high, counted)


def test_a_change_is_not_a_range() -> None:
    found = _quantities("Prices rose from 10 to 20 dollars.")
    assert [v[0] for v in found.values()] == [10, 20]


def _read(text: str) -> dict[str, tuple]:
    """Phrase -> (value, counted, head word, whose age) for the comparison of figures."""
    doc = parse(text)
    return {q.span.of(text): (q.value, q.counted, q.head,
                              q.counted_span.of(text) if q.counted == "age" else None)
            for q in find_quantities(doc, settings=DEFAULT.analyze)}


@pytest.mark.parametrize("text,phrase,expected", [
    # the word a figure hangs on tells what a count of people measures
    ("The quake struck, killing 10 people and injuring 80.", "80", (80, "people", "injure", None)),
    ("The quake struck, killing 10 people and injuring 80.", "10", (10, "people", "kill", None)),
    ("The island is home to 120,000 people.", "120,000", (120_000, "people", "home", None)),
    ("It was one of the 12 worst-hit villages.", "12", (12, "village", "hit", None)),
    # a figure written into a word
    ("A magnitude-5.9 earthquake hit the island.", "5.9", (5.9, "magnitude", "earthquake", None)),
    # short durations are measures, "a second" an ordinal
    ("The tremor lasted 30 seconds.", "30", (30, "second", "last", None)),
    # ages, with the person they belong to
    ("32-year-old Englishman Tomas Halloran died.", "32", (32, "age", None, "Halloran")),
    ("Tomas Halloran, 32, of Leeds died.", "32", (32, "age", None, "Halloran")),
    ("Lena Marsh died aged 91 in her sleep.", "91", (91, "age", None, "Marsh")),
])
def test_what_a_figure_measures(text, phrase, expected):
    assert _read(text)[phrase] == expected


@pytest.mark.parametrize("text,phrase,value,currency", [
    ("They made off with a $2.6-million haul.", "$2.6-million", 2_600_000, "dollar"),
    ("Thieves took jewels worth £1.7m on Monday.", "£1.7m", 1_700_000, "pound"),
    ("They made off with 2m euros in gems.", "2m", 2_000_000, "euro"),
])
def test_abbreviated_and_hyphenated_scales_of_money(text, phrase, value, currency):
    assert _read(text)[phrase][:2] == (value, currency)


def test_ranges_ordinals_and_names_are_not_misread():
    assert _read("A second quake hit the town.") == {}
    assert _read("Pirates carried AK-47 rifles.") == {}
    several = parse("The shed held several hundred tonnes of fertiliser.")
    (quantity,) = find_quantities(several, settings=DEFAULT.analyze)
    assert (quantity.value, quantity.low, quantity.high) == (None, 200, 999)


@pytest.mark.parametrize("text,phrase,expected", [
    ("The quake, registering 6.1 on the Richter scale, hit the island.", "6.1",
     (6.1, "richter scale", "register", None)),
    ("The island lies 1,500 kilometers south of Marrowby.", "1,500",
     (1500, "kilometer", "from marrowby", None)),
    ("Korran is located 1,150 kilometers southeast of Marrowby.", "1,150",
     (1150, "kilometer", "from marrowby", None)),
    # the place's name alone: not its apposition, nor the common noun it sits in
    ("The island is about 940 miles south of Marrowby, the capital.", "about 940",
     (940, "mile", "from marrowby", None)),
    ("It is 35 miles southwest of the port of Elsby Bay.", "35",
     (35, "mile", "from elsby bay", None)),
])
def test_readings_on_a_scale_and_distances_from_a_place(text, phrase, expected):
    assert _read(text)[phrase] == expected


@pytest.mark.parametrize("text,phrase,subject", [
    ("Tomas Halloran fell 700 metres to his death.", "700", "Halloran"),
    ("On Friday, Pieter Vossberg died after slipping and falling about 60 metres.", "about 60", "Vossberg"),
    ("The quake struck, killing 10 people.", "10", None),
])
def test_whose_figure_it_is(text, phrase, subject):
    doc = parse(text)
    (quantity,) = [q for q in find_quantities(doc, settings=DEFAULT.analyze)
                   if q.span.of(text) == phrase]
    assert (quantity.subject_span.of(text) if quantity.subject_span else None) == subject


def test_slashed_numbers_are_no_counts() -> None:
    """A season ("2015/16"), a photo counter ("7/8") and "24/7" are no figures of anything."""
    found = _quantities("More than 9 million riders used the line in 2015/16. "
                        "Photo 7/8 shows the depot. It runs 24/7.")
    assert list(found) == ["More than 9 million"]


def test_a_scale_glued_to_a_figure_multiplies_it() -> None:
    found = _quantities("The economy added 943K jobs in July, and the firm shed 1.2k workers.")
    assert found["943K"][0] == 943_000 and found["943K"][3] == "job"
    assert found["1.2k"][0] == 1_200 and found["1.2k"][3] == "worker"
    # "m" glued to a bare figure stays a unit: "the 100m sprint" is a race, not a million
    assert _quantities("She won the 100m sprint.").get("100", (100,))[0] == 100
