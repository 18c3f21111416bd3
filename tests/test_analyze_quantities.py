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
