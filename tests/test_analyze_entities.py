"""Mentions resolved into entities inside one article, and pronoun/role references."""

from __future__ import annotations

import pytest

from crosscheck.analyze.entities import find_entities, resolve_reference
from crosscheck.nlp.spacy_model import parse
from crosscheck.settings import DEFAULT
from tests.analyze_examples import analyze_example

pytestmark = pytest.mark.model


def _resolved(text: str):  # type: ignore[no-untyped-def]
    doc = parse(text)
    mentions, entities = find_entities(doc, settings=DEFAULT.analyze)
    return doc, mentions, entities


def _names(text: str) -> dict[str, set[str]]:
    _, mentions, entities = _resolved(text)
    names: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.entity is not None:
            names.setdefault(mention.text, set()).add(entities[mention.entity].name)
    return names


def test_surname_and_titles_join_the_full_name() -> None:
    names = _names(
        "German Chancellor Olaf Scholz met Emmanuel Macron in Paris.\n"
        "Scholz said the talks went well. Macron did not comment.")
    assert names["Scholz"] == {"Olaf Scholz"}
    assert names["Macron"] == {"Emmanuel Macron"}
    assert names["Olaf Scholz"] == {"Olaf Scholz"}  # the title is not part of the name


def test_short_form_of_an_organisation() -> None:
    names = _names("The New York Times reported the deal on Friday. The Times said the company "
                   "declined to comment.")
    assert names["Times"] == {"The New York Times"}


def test_every_mention_index_is_consistent() -> None:
    _, mentions, entities = _resolved("Angela Merkel spoke. Merkel left. She was tired.")
    for entity in entities:
        assert entity.mentions
        assert all(mentions[i].entity == entity.index for i in entity.mentions)


def test_pronoun_gender_follows_earlier_resolution() -> None:
    text = ("Maria Lopez met John Carter in Madrid. She said the plan was sound. "
            "Carter disagreed, and he left early.")
    doc, mentions, entities = _resolved(text)
    she = next(t.i for t in doc if t.text == "She")
    he = next(t.i for t in doc if t.text == "he")
    assert entities[resolve_reference(doc, she, mentions, entities)].name == "Maria Lopez"
    assert entities[resolve_reference(doc, he, mentions, entities)].name == "John Carter"


def test_role_noun_goes_to_the_person_with_that_title() -> None:
    text = ("Finnish President Sauli Niinisto met Prime Minister Sanna Marin. "
            "The president said Finland would apply.")
    doc, mentions, entities = _resolved(text)
    president = next(t.i for t in doc if t.lower_ == "president" and t.text.islower())
    assert entities[resolve_reference(doc, president, mentions, entities)].name == "Sauli Niinisto"


def test_names_inside_quotes_are_not_speakers() -> None:
    text = ('Ana Diaz spoke first.\n"It is a lie by Pedro Ruiz," she wrote.')
    doc, mentions, entities = _resolved(text)
    she = next(t.i for t in doc if t.text == "she")
    assert entities[resolve_reference(doc, she, mentions, entities)].name == "Ana Diaz"


def test_a_role_the_phrase_itself_specifies_is_not_resolved() -> None:
    text = ("Finnish President Sauli Niinisto spoke on Monday. "
            "He said the president of Estonia would visit.")
    doc, mentions, entities = _resolved(text)
    president = next(t.i for t in doc if t.text == "president")
    assert resolve_reference(doc, president, mentions, entities) is None


def test_possessive_place_is_not_part_of_the_person() -> None:
    names = _names("Belarus's Lukashenko met Vladimir Putin. Alexander Lukashenko spoke later.")
    assert names.get("Lukashenko") == {"Alexander Lukashenko"}


def test_a_first_name_joins_only_an_unambiguous_person() -> None:
    names = _names("Hillary Clinton met Donald Trump in New York. Later Hillary spoke to reporters.")
    assert names.get("Hillary") == {"Hillary Clinton"}
    names = _names("Bill Clinton met Bill Gates in Seattle. Later Bill spoke to reporters.")
    assert names.get("Bill", {"Bill"}) == {"Bill"}  # two Bills: left as its own entity


def test_patronymic_and_hyphenated_names() -> None:
    names = _names("Crown Prince Mohammed bin Salman met King Salman in Riyadh. "
                   "Kim Jong-un sent a letter. Kim said nothing else.")
    assert names["Crown Prince Mohammed bin Salman"] == {"Mohammed bin Salman"}
    assert names["King Salman"] == {"Salman"}  # the king is the prince's father
    assert names["Kim"] == {"Kim Jong-un"}


def test_subject_walk_ends_at_a_root_marked_compound() -> None:
    """A root with a name-part label (a hand-built or mis-parsed tree) ends the walk up the
    name: spaCy makes a new Token per access, so only indices tell a root from its head."""
    import threading
    from types import SimpleNamespace

    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from crosscheck.analyze.entities import _Resolver
    from crosscheck.records import Mention, Span

    doc = Doc(Vocab(), words=["Ruth", "Cole"], heads=[1, 1], deps=["compound", "compound"])
    resolver = SimpleNamespace(doc=doc, _token_at=lambda offset: 1)
    mention = Mention(Span(0, 9), "Ruth Cole", "PERSON")
    result: list[int] = []
    walk = threading.Thread(
        target=lambda: result.append(_Resolver._is_subject(resolver, mention)), daemon=True
    )
    walk.start()
    walk.join(timeout=5)
    assert result == [0]  # finished (not looping on the root), and a compound is no subject


# --- labels corrected from evidence in the text -----------------------------------------


def _labels(text: str) -> dict[str, str]:
    _, _, entities = _resolved(text)
    return {entity.name: entity.label for entity in entities}


def test_an_organisation_word_in_a_name_makes_it_an_organisation() -> None:
    labels = _labels(
        "The contractor, Kessan Marine Works, said its staff had left on Monday. "
        "Veldhaven Rail said its offer was fair. Brennick Agri-Supply declined to comment. "
        "Dana Ortiz told the Herald that nobody had listened.")
    assert labels["Kessan Marine Works"] == "ORG"
    assert labels["Veldhaven Rail"] == "ORG"
    assert labels["Brennick Agri-Supply"] == "ORG"
    assert labels["Herald"] == "ORG"
    assert labels["Dana Ortiz"] == "PERSON"


def test_its_after_a_subject_makes_it_an_organisation_but_not_a_later_its() -> None:
    labels = _labels("Halvard Steen said its trains would run on Friday. "
                     "Marta Quintero said the operator had paid its managers bonuses.")
    assert labels["Halvard Steen"] == "ORG"  # no person says "its" of himself
    assert labels["Marta Quintero"] == "PERSON"  # "its" belongs to the operator


def test_a_title_or_a_person_noun_makes_a_name_a_person() -> None:
    labels = _labels(
        'Mayor Helena Marsh said the town was "in shock." '
        "Agnes Brandt, a Green councillor and a longtime critic of the mayor, opened the debate.")
    assert labels["Helena Marsh"] == "PERSON"
    assert labels["Agnes Brandt"] == "PERSON"


def test_a_surname_tagged_as_a_body_joins_the_person() -> None:
    _, mentions, entities = _resolved(
        "Mykhailo Terentiev, the port's director, spoke on Tuesday. Terentiev suggested, "
        "without providing evidence, that a welding crew started the fire.")
    owners = {m.text: entities[m.entity].name for m in mentions if m.entity is not None}
    assert owners["Terentiev"] == "Mykhailo Terentiev"
    assert {e.name: e.label for e in entities}["Mykhailo Terentiev"] == "PERSON"


def test_example_corpus_labels(examples_dir) -> None:
    """The Sentinel's Dalmora and Brennick pages: companies and the paper are not people."""
    _, dalmora = analyze_example(examples_dir, "html/daily-sentinel-dalmora-blast.html")
    labels = {e.name: e.label for e in dalmora.entities}
    assert labels["Kessan Marine Works"] == "ORG"
    assert labels["Mykhailo Terentiev"] == "PERSON"
    assert "Terentiev" not in labels  # joined to the full name
    _, brennick = analyze_example(examples_dir, "html/daily-sentinel-brennick-depot.html")
    labels = {e.name: e.label for e in brennick.entities}
    assert labels["Brennick Agri-Supply"] == "ORG"
    assert labels["Gerald Finch"] == "PERSON"


def test_a_one_word_name_in_a_place_position_is_a_place() -> None:
    labels = _labels(
        "Protests spread to the city, Odesa, by evening. Zelensky visited troops in Avdiivka. "
        "Putin met with Lukashenko in Minsk. Lukashenko said nothing.")
    assert labels["Odesa"] == "GPE"  # in apposition to "the city"
    assert labels["Avdiivka"] == "GPE"  # the object of "in"
    assert labels["Zelensky"] == "PERSON"
    assert labels["Lukashenko"] == "PERSON"  # the object of "with" is no place


def test_abbreviated_police_ranks_are_titles_not_people() -> None:
    """British ranks written short ("Asst Ch Con", "Det Con"): stripped from the name, and
    never a person of their own."""
    _, _, entities = _resolved(
        "Transport police Asst Ch Con Rowan Pike said the force was investigating. "
        "Det Con Mary Oakes said nothing.")
    names = {entity.name for entity in entities}
    assert {"Rowan Pike", "Mary Oakes"} <= names
    assert not names & {"Ch", "Det", "Con", "Asst"}


def test_a_person_entity_made_only_of_fragments_is_dropped_not_a_crash() -> None:
    from spacy.tokens import Span as SpacySpan

    text = "Reports came in and officials said little about it."
    doc = parse(text)
    glued = next(t.i for t in doc if t.text == "and")
    doc.ents = [SpacySpan(doc, glued, glued + 1, label="PERSON")]  # a parse's stray "and"
    found = find_entities(doc, settings=DEFAULT.analyze)
    assert all("and" != e.name for e in found[1])
