"""A person named by their office alone ("the Queen"), on invented articles."""

from __future__ import annotations

import pytest

from crosscheck.compare.offices import office_holders, office_mentions, office_of
from crosscheck.records import Article, Span


def _article(text: str) -> Article:
    return Article(id="a", source="a", format="text", text=text, title="T")


def test_the_office_a_titled_name_carries_is_the_one_before_the_name():
    assert office_of("Queen Marla II") == "queen"
    assert office_of("Prime Minister Odile Varenne") == "prime minister"
    assert office_of("former President Tomas Reyl") == "president"
    assert office_of("Mr. Reyl") is None


def test_an_office_two_people_carry_names_neither():
    holders = office_holders({0: ["Queen Marla II", "Marla II"], 1: ["President Tomas Reyl"],
                              2: ["President Anna Kovic"]})
    assert holders == {"queen": 0}


def test_office_references_skip_names_and_mentions_already_found():
    text = "The queen spoke. Later the Queen Marla wing opened, and the queen left."
    taken = [Span(text.index("the Queen Marla"), text.index(" wing"))]
    found = office_mentions(_article(text), taken=[])
    assert [(office, written) for office, _, written in found] == [
        ("queen", "The queen"), ("queen", "the queen")]  # "the Queen Marla" is a name
    assert len(office_mentions(_article(text), taken=taken)) == 2


@pytest.mark.model
def test_the_queen_in_an_article_that_never_names_her_is_her():
    from crosscheck.analyze import analyze_articles
    from crosscheck.compare.names import resolve_entities
    from crosscheck.settings import DEFAULT

    named = Article(id="a", source="a", format="text", title="Bridge opens",
                    text="Bridge opens\nThe new bridge was opened on Monday by Queen Marla "
                         "Devane, who thanked the builders.")
    office_only = Article(id="b", source="b", format="text", title="Visit",
                          text="Visit\nReports suggest the visiting minister will meet the Queen "
                               "during his stay in Osterland next week.")
    articles = [named, office_only]
    entities, _ = resolve_entities(articles, analyze_articles(articles),
                                   settings=DEFAULT.compare)
    queen = next(e for e in entities if "Devane" in e.name)
    assert "the Queen" in {form for v in queen.variants for form in v.forms}
    assert "b" in {v.article_id for v in queen.variants}
