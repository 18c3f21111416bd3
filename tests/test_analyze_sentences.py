"""Sentences: line breaks first, parser pieces of one line merged back when not sentences."""

from __future__ import annotations

import pytest

from crosscheck.analyze.sentences import paragraph_index, split_sentences
from crosscheck.nlp.spacy_model import parse
from crosscheck.settings import DEFAULT

pytestmark = pytest.mark.model


def _sentences(text: str) -> list[tuple[str, int]]:
    doc = parse(text)
    return [(s.span.of(text), s.paragraph)
            for s in split_sentences(doc, text, settings=DEFAULT.analyze)]


def test_headline_never_merges_with_the_body() -> None:
    text = "Storm hits coast\nThe storm hit the coast on Monday. Thousands fled."
    assert _sentences(text) == [("Storm hits coast", 0), ("The storm hit the coast on Monday.", 1),
                                ("Thousands fled.", 1)]


def test_headline_with_a_colon_stays_one_sentence() -> None:
    text = "Cave rescue: Operation resumes to bring out boys\nDivers went back in on Sunday."
    assert _sentences(text)[0] == ("Cave rescue: Operation resumes to bring out boys", 0)


def test_stray_quote_mark_joins_its_sentence() -> None:
    text = 'She said it "was over. We go home.\n"\nNext paragraph here.'
    pieces = [words for words, _ in _sentences(text)]
    assert all(any(ch.isalnum() for ch in words) for words in pieces)
    assert pieces[-1] == "Next paragraph here."


def test_blank_lines_do_not_count_as_paragraphs() -> None:
    assert paragraph_index("Head\n\nFirst\n\n\nSecond") == [0, 0, 1, 1, 1, 2]
    text = "Head\n\nFirst body line.\n\nSecond body line."
    assert [p for _, p in _sentences(text)] == [0, 1, 2]


def test_sentence_spans_have_no_surrounding_space() -> None:
    text = "  Title  \n\n  Body starts here.   Then more.  \n"
    for words, _ in _sentences(text):
        assert words == words.strip() and words


@pytest.mark.parametrize(("lead", "sentence"), [
    ("KYIV (Reuters) - Officials said power was restored.", "Officials said power was restored."),
    ("DALMORA, March 12 (Meridian Press) - At least 12 people were killed.",
     "At least 12 people were killed."),
    ("WASHINGTON, Jan. 5, 2024 (AP) — Congress voted on Friday.", "Congress voted on Friday."),
    ("Kyiv, Ukraine (CNN) — Russia launched drones overnight.",
     "Russia launched drones overnight."),
    ("LONDON — “We won,” the minister said.", "“We won,” the minister said."),
])
def test_a_leads_dateline_is_not_part_of_its_sentence(lead, sentence) -> None:
    text = f"Headline of the report\n{lead} Rescuers kept searching."
    assert _sentences(text)[1] == (sentence, 1)


@pytest.mark.parametrize("lead", [
    "NATO - the alliance - said it would act.",
    "The plan - approved on Monday - was late.",
    "Washington - the capital - braced for snow.",
])
def test_a_dash_inside_a_sentence_is_no_dateline(lead) -> None:
    assert _sentences(f"Headline of the report\n{lead}")[1] == (lead, 1)
