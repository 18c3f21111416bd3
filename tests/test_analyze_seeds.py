"""Acceptance checks of the per-article analysis on the two seed articles (issue 3)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from crosscheck.analyze import analyze_articles
from crosscheck.readers import read_path
from crosscheck.records import Analysis, Article


def _cleaned(path: Path) -> Article:
    article = next(iter(read_path(path)))
    assert isinstance(article, Article), article
    clean = getattr(importlib.import_module("crosscheck.clean"), "clean_article", None)
    return clean(article) if clean is not None else article  # the cleaner may not exist yet


@pytest.fixture(scope="module")
def analysed(seeds: Path) -> dict[str, tuple[Article, Analysis]]:
    paths = sorted(seeds.glob("*.txt"))
    if len(paths) < 2:
        pytest.skip("seed articles not found")
    articles = [_cleaned(path) for path in paths]
    analyses = analyze_articles(articles)
    return {path.name[:3]: pair for path, pair in zip(paths, zip(articles, analyses))}


def _quantity(article: Article, analysis: Analysis, words: str):  # type: ignore[no-untyped-def]
    found = [q for q in analysis.quantities if q.span.of(article.text) == words]
    assert found, [q.span.of(article.text) for q in analysis.quantities]
    return found[0]


@pytest.mark.data
@pytest.mark.parametrize("seed,counted", [("000", "troop"), ("002", "troop")])
def test_more_than_a_thousand(analysed, seed, counted) -> None:  # type: ignore[no-untyped-def]
    article, analysis = analysed[seed]
    if seed == "000":
        quantity = _quantity(article, analysis, "more than 1,000")
        assert (quantity.value, quantity.qualifier, quantity.counted) == (1000, "more than", counted)
    else:
        quantity = _quantity(article, analysis, "1,000")
        assert (quantity.value, quantity.counted) == (1000, counted)


@pytest.mark.data
def test_civilians_and_ellipsis(analysed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = analysed["000"]
    five = _quantity(article, analysis, "at least five")
    assert (five.value, five.qualifier, five.counted) == (5, "at least", "civilian")
    dozen = _quantity(article, analysis, "more than a dozen")
    assert (dozen.value, dozen.qualifier, dozen.counted) == (12, "more than", "civilian")


@pytest.mark.data
@pytest.mark.parametrize("seed,counted", [("000", "soldier"), ("002", "troop")])
def test_tens_of_thousands(analysed, seed, counted) -> None:  # type: ignore[no-untyped-def]
    article, analysis = analysed[seed]
    quantity = _quantity(article, analysis, "tens of thousands")
    assert (quantity.low, quantity.high, quantity.counted) == (20_000, 99_999, counted)
    assert quantity.value is None


@pytest.mark.data
@pytest.mark.parametrize("seed,hedge,claim", [
    ("000", "without providing evidence", "warned through unofficial channels"),
    ("002", "without citing any evidence", "Ukraine has been planning attacks"),
])
def test_no_evidence_hedge_covers_the_claim(analysed, seed, hedge, claim) -> None:  # type: ignore[no-untyped-def]
    article, analysis = analysed[seed]
    found = [h for h in analysis.hedges if h.span.of(article.text) == hedge]
    assert len(found) == 1
    assert found[0].kind == "no-evidence"
    covered = found[0].covers.of(article.text)
    assert claim in covered
    assert len(covered) < 300  # the claim's sentence or quote, not the paragraph


@pytest.mark.data
@pytest.mark.parametrize("seed", ["000", "002"])
def test_lukashenko_is_one_entity(analysed, seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = analysed[seed]
    named = [analysis.entities[m.entity] for m in analysis.mentions
             if m.label == "PERSON" and m.text.endswith("Lukashenko")]
    assert len(named) >= 4
    assert {entity.name for entity in named} == {"Alexander Lukashenko"}


@pytest.mark.data
def test_the_times_is_the_new_york_times(analysed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = analysed["002"]
    times = [m for m in analysis.mentions if m.text == "Times" and m.entity is not None]
    assert times
    assert {analysis.entities[m.entity].name for m in times} == {"The New York Times"}


@pytest.mark.data
def test_pronouns_and_roles_resolve_to_the_person(analysed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = analysed["000"]
    names = {m.text: analysis.entities[m.entity].name for m in analysis.mentions
             if m.label in ("PRON", "NOMINAL") and m.entity is not None}
    assert names.get("she") == "Sviatlana Tsikhanouskaya"
    assert names.get("the president") == "Alexander Lukashenko"


@pytest.mark.data
@pytest.mark.parametrize("seed", ["000", "002"])
def test_headline_is_its_own_sentence(analysed, seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = analysed[seed]
    text = article.text
    for sentence in analysis.sentences:
        assert "\n" not in sentence.span.of(text)
    headline = next(s for s in analysis.sentences if "Lukashenko" in s.span.of(text))
    assert "deploy" in headline.span.of(text)
