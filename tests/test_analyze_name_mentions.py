"""Name mentions as the analysis reads them (invented sentences): no fragments glued to a
name, titles kept out of the name, and each name's descriptors read from the one parse."""

from __future__ import annotations

import pytest

from crosscheck.analyze import analyze_article
from crosscheck.analyze.entities import _WrittenNames, find_entities, without_fragments
from crosscheck.nlp.spacy_model import parse
from crosscheck.records import Article
from crosscheck.settings import DEFAULT

pytestmark = pytest.mark.model
TITLES = frozenset(DEFAULT.analyze.person_titles)


def names(text: str) -> list[str]:
    mentions, _ = find_entities(parse(text), settings=DEFAULT.analyze)
    return [m.text for m in mentions if m.label not in ("PRON", "NOMINAL")]


def trimmed(text: str, words: str, *, person: bool) -> str:
    """``words`` of ``text`` taken as one entity, with the fragments trimmed."""
    doc = parse(text)
    start = text.index(words)
    piece = doc.char_span(start, start + len(words), alignment_mode="expand")
    tokens = without_fragments(list(piece), _WrittenNames.of([], text), TITLES, person=person)
    return text[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)] if tokens else ""


def test_a_verb_glued_to_a_name_at_the_sentence_start_is_trimmed():
    found = names("Tranquilizing Harambe was never an option, the keepers said. "
                  "They said Harambe had been calm.")
    assert "Tranquilizing Harambe" not in found
    assert "Harambe" in found


def test_an_adjective_glued_to_a_place_is_trimmed_but_a_name_s_own_adjective_stays():
    found = names("Controversial Maine Governor Paul Lavergne vetoed the bill. "
                  "Lawmakers in Maine were angry.")
    assert "Controversial Maine" not in found and "Maine" in found
    kept = names("Northern Ireland police said the road was closed. Ireland was calm.")
    assert "Northern Ireland" in kept


def test_a_photo_credit_opening_and_a_trailing_conjunction_are_trimmed():
    text = "Courtesy of Dalmora Zoo and the Herald."
    assert trimmed(text, "Courtesy of Dalmora Zoo and", person=False) == "Dalmora Zoo"


def test_a_picture_agency_glued_to_a_person_is_trimmed_but_an_agency_body_keeps_its_name():
    text = "Getty Images Maren Holt smiles at the camera."
    assert trimmed(text, "Getty Images Maren Holt", person=True) == "Maren Holt"
    assert trimmed("Maren Holt AFP smiles.", "Maren Holt AFP", person=True) == "Maren Holt"
    assert trimmed("The Reuters Institute said.", "Reuters Institute", person=False) == "Reuters Institute"


def test_titles_and_the_office_before_them_are_not_part_of_the_name():
    from crosscheck.analyze.entities import without_titles

    assert without_titles(["Police", "Inspector", "Dave", "Morrow"], TITLES) == ["Dave", "Morrow"]
    assert without_titles(["Korran", "Gov.", "Heidar", "Alishvandi"], TITLES) == ["Heidar", "Alishvandi"]
    assert without_titles(["John", "Major"], TITLES) == ["John", "Major"]  # the last word stays
    _, entities = find_entities(parse(
        "Area Commander Inspector Ken Morrow said. Insp Morrow said the men fell."),
        settings=DEFAULT.analyze)
    assert [e.name for e in entities if e.label == "PERSON"] == ["Ken Morrow"]


def test_an_organisation_s_national_section_is_one_name():
    assert "Amnesty International UK" in names(
        "Kate Allen, director of Amnesty International UK, said supporters would protest.")


def _article(text: str) -> Article:
    return Article(id="x", source="x", format="text", text=text, cleaned=True)


def test_the_analysis_stores_each_name_s_appositions_premodifiers_and_title():
    text = ("The authoritarian president of Belarus, Alexander Lukashenko, spoke on Monday. "
            "Belarusian President Alexander Lukashenko, a close ally of Putin's, left. "
            "The prophetic Dr Azm Al Homoud warned of quakes.")
    analysis = analyze_article(_article(text))
    found = {(d.kind, d.span.of(text)) for d in analysis.descriptors}
    assert ("apposition", "The authoritarian president of Belarus") in found
    assert ("apposition", "a close ally of Putin's") in found
    assert ("premodifier", "Belarusian President") in found
    assert ("title", "Belarusian President") in found
    assert ("title", "Dr") in found  # "prophetic" describes him, it is no title
    for descriptor in analysis.descriptors:
        assert analysis.mentions[descriptor.mention].label not in ("PRON", "NOMINAL")


def test_a_figure_or_a_possessive_is_no_title():
    text = "The 32-year-old Englishman Robert Dunmore fell. Belarus's Lukashenko spoke."
    analysis = analyze_article(_article(text))
    titles = {d.span.of(text) for d in analysis.descriptors if d.kind == "title"}
    assert not any("32" in title or "'s" in title for title in titles)
