"""Upstream sources of every kind on invented sentences: spokespeople, unnamed sources,
papers, channels (social media, broadcast), photo and video credits, syndication, credits
of lines the cleaner removed, and relay chains counted once."""

from __future__ import annotations

import pytest

from crosscheck.analyze import analyze_article
from crosscheck.clean.credits import line_credits
from crosscheck.compare.sources import (
    SourceNames,
    collect_sources,
    independent_sources,
    sentence_credits,
)
from crosscheck.records import Analysis, Article, Attribution, RemovedLine, Sentence, Span
from crosscheck.settings import DEFAULT


def article(text: str, *, outlet: str = "Example Courier", article_id: str = "a",
            removed: tuple[RemovedLine, ...] = ()) -> Article:
    return Article(id=article_id, source="test", format="text", text=text, outlet=outlet,
                   cleaned=True, removed=removed)


def credits_of(text: str) -> list[tuple[str, str, str]]:
    """(source, kind, words naming it) of every attribution of the text."""
    analysis = analyze_article(article(text))
    return [(a.source, a.kind, a.source_span.of(text)) for a in analysis.attributions]


def kinds_for(text: str, words: str) -> set[str]:
    return {kind for _, kind, said in credits_of(text) if words in said or said in words}


# --- people and papers --------------------------------------------------------------------


def test_a_named_spokesman_is_a_statement_and_so_are_his_later_words() -> None:
    text = ("Spokesman Tomas Ferrer said the ferry had docked safely. Ferrer said no one was "
            "hurt. He said the crew would be questioned.")
    found = credits_of(text)
    assert [(name, kind) for name, kind, _ in found] == [("Tomas Ferrer", "statement")] * 3
    assert [said for _, _, said in found] == ["Spokesman Tomas Ferrer", "Ferrer", "He"]


def test_a_spokeswoman_for_a_company_is_the_company_statement() -> None:
    found = credits_of("A spokeswoman for Harbor Freight Lines said the cargo was insured.")
    assert ("Harbor Freight Lines", "statement") in [(n, k) for n, k, _ in found]


def test_a_named_person_quoted_by_the_outlet_is_not_upstream() -> None:
    assert credits_of("Mayor Lina Okafor said the bridge was safe.") == []


@pytest.mark.parametrize(("text", "name"), [
    ("Two federal law enforcement officials said the suspect had fled north.",
     "federal law enforcement officials"),
    ("People familiar with the matter said the deal was close.",
     "People familiar with the matter"),
    ("A police source said the van was stolen.", "police source"),
])
def test_unnamed_sources_are_grouped_as_anonymous(text: str, name: str) -> None:
    assert (name, "anonymous") in [(n, k) for n, k, _ in credits_of(text)]


def test_a_pronoun_continues_the_unnamed_source_before_it() -> None:
    text = "A police source said the van was stolen. He said it had been found near the station."
    found = credits_of(text)
    assert [(n, k, s) for n, k, s in found] == [
        ("police source", "anonymous", "A police source"), ("police source", "anonymous", "He")]


def test_the_statement_is_credited_to_the_body_that_issued_it() -> None:
    text = ("A statement from the Norland water board said the plant would reopen. "
            "The statement said repairs would take a week.")
    found = credits_of(text)
    assert {(n, k) for n, k, _ in found} == {("Norland water board", "statement")}
    assert "The statement" in [s for _, _, s in found]


def test_reportedly_is_an_unnamed_report() -> None:
    assert ("unnamed reports", "anonymous", "reportedly") in credits_of(
        "The minister reportedly resigned on Friday.")


# --- channels -----------------------------------------------------------------------------


def test_social_media_posts_are_upstream() -> None:
    text = ('Mayor Lina Okafor wrote in a Twitter post that the bridge was safe. '
            '"We are safe," Okafor tweeted.')
    found = credits_of(text)
    assert {k for _, k, _ in found} == {"social-media"}
    assert {s for _, _, s in found} == {"Twitter post", "tweeted"}
    assert all("Twitter" in n for n, _, _ in found)


def test_an_interview_with_a_broadcaster_names_the_broadcaster() -> None:
    text = "Governor Abel Marsh said in an interview with Coastline Radio that the roads were shut."
    assert ("Coastline Radio", "broadcast") in [(n, k) for n, k, _ in credits_of(text)]


def test_a_televised_address_is_broadcast() -> None:
    assert "broadcast" in kinds_for("President Ivo Dask spoke in a televised address on Monday.",
                                    "televised address")


def test_state_media_and_a_newspaper_named_once() -> None:
    text = ("Ruritanian state television reported that 40 people were rescued. "
            "The dam was built in 1962, according to the Valdoria Tribune.")
    found = [(n, k) for n, k, _ in credits_of(text)]
    assert ("Ruritanian state media", "state-media") in found
    assert ("Valdoria Tribune", "according-to") in found


@pytest.mark.parametrize(("line", "name", "kind"), [
    ("Rescuers search the rubble. (Jane Doe/AP)", "Associated Press", "photo-credit"),
    ("Rescuers search the rubble. Photo: Reuters", "Reuters", "photo-credit"),
    ("This article originally appeared on The Harbor Ledger.", "Harbor Ledger", "syndication"),
])
def test_credits_under_pictures_and_syndication_lines(line: str, name: str, kind: str) -> None:
    text = "Floods closed the valley road on Monday, the council said.\n" + line
    assert (name, kind) in [(n, k) for n, k, _ in credits_of(text)]


# --- credits of removed lines ---------------------------------------------------------------

COPYRIGHT = "Copyright 2018 The Associated Press. All rights reserved."


def test_a_removed_copyright_line_keeps_its_wire_credit() -> None:
    (credit,) = line_credits(RemovedLine(7, COPYRIGHT, "low-content-score"))
    assert (credit.source, credit.kind) == ("Associated Press", "wire")
    assert credit.text in COPYRIGHT and "Associated Press" in credit.text


def test_an_outlets_own_copyright_is_not_upstream() -> None:
    assert line_credits(RemovedLine(7, "© 2024 Example Gazette", "repeated")) == []


def _bare_analysis(item: Article) -> Analysis:
    first = item.text.index("\n") + 1
    return Analysis(item.id, sentences=(Sentence(Span(0, first - 1), 0, 0),
                                        Sentence(Span(first, len(item.text)), 1, 1)))


def test_removed_credit_lines_are_listed_and_credit_every_sentence() -> None:
    item = article("Storm hits coast\nA storm hit the coast on Monday.", removed=(
        RemovedLine(4, COPYRIGHT, "low-content-score"),
        RemovedLine(5, "(Jane Doe/AP)", "low-content-score")))
    analysis = _bare_analysis(item)
    names = SourceNames([], settings=DEFAULT.compare)
    (use,) = collect_sources([item], [analysis], names)
    assert use.name == "Associated Press"
    assert set(use.kinds) == {"wire", "photo-credit"}
    assert {e.text for e in use.evidence} == {"Copyright 2018 The Associated Press",
                                              "(Jane Doe/AP)"}
    credits = sentence_credits(item, analysis, settings=DEFAULT.compare)
    assert all(any(a.source == "Associated Press" for a in credits[s.index])
               for s in analysis.sentences)


# --- grouping and independence ---------------------------------------------------------------


def _attributed(article_id: str, text: str, *found: tuple[str, str, str]) -> tuple:
    item = article(text, article_id=article_id, outlet=f"Outlet {article_id}")
    attributions = tuple(
        Attribution(name, Span(text.index(words), text.index(words) + len(words)), kind,
                    Span(0, len(text))) for name, kind, words in found)
    return item, Analysis(article_id, attributions=attributions)


def test_unnamed_sources_group_by_their_words_only() -> None:
    first = _attributed("a", "A police source said so. A senior official said so.",
                        ("police source", "anonymous", "A police source"),
                        ("senior official", "anonymous", "A senior official"))
    second = _attributed("b", "The police source said so. A former official said so.",
                         ("police source", "anonymous", "The police source"),
                         ("former official", "anonymous", "A former official"))
    names = SourceNames(["police source", "senior official", "former official"],
                        settings=DEFAULT.compare,
                        exact={"police source", "senior official", "former official"})
    uses = {u.name: u for u in collect_sources(*zip(first, second), names)}
    assert set(uses) == {"police source", "senior official", "former official"}
    assert set(uses["police source"].articles) == {"a", "b"}
    assert {u.type for u in uses.values()} == {"anonymous"}


def test_an_outlet_relaying_another_is_one_chain() -> None:
    """The Guardian reports what the Times reported from Belta: one source, Belta."""
    outlets = {"times": "The New York Times", "guardian": "The Guardian"}
    supporting = {"times": ["Belta"], "guardian": ["The New York Times"]}
    assert independent_sources(supporting, duplicates={}, outlet_of=outlets) == ("Belta",)


def test_two_outlets_with_their_own_sources_stay_two() -> None:
    outlets = {"times": "The New York Times", "guardian": "The Guardian"}
    supporting = {"times": ["Belta"], "guardian": ["Reuters"]}
    assert set(independent_sources(supporting, duplicates={}, outlet_of=outlets)) == {
        "Belta", "Reuters"}


def test_a_relay_chain_of_three_outlets_ends_at_its_first_source() -> None:
    outlets = {"a": "Meridian Press", "b": "The Harbor Ledger", "c": "Valdoria Tribune"}
    supporting = {"a": ["regional emergency service"], "b": ["Meridian Press"],
                  "c": ["The Harbor Ledger"]}
    assert independent_sources(supporting, duplicates={}, outlet_of=outlets) == (
        "regional emergency service",)


def test_an_outlet_citing_itself_is_its_own_reporting_not_an_upstream_source() -> None:
    text = "The mayor told the Example Courier that the bridge would reopen."
    item = article(text, outlet="Example Courier")
    span = Span(text.index("the Example"), text.index(" that"))
    analysis = Analysis("a", sentences=(Sentence(Span(0, len(text)), 0, 0),), attributions=(
        Attribution("Example Courier", span, "told", Span(0, len(text))),))
    names = SourceNames(["Example Courier"], settings=DEFAULT.compare)
    (use,) = collect_sources([item], [analysis], names)
    assert (use.name, use.type) == ("Example Courier (own reporting)", "news")
    assert sentence_credits(item, analysis, settings=DEFAULT.compare) == {}
