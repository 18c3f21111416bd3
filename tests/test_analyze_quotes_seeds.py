"""Issue 3 acceptance on the two seed articles: quotes, speakers, channels and upstream sources.

The seeds are read from the shared data (``seeds`` fixture), cleaned when the cleaner is
there, and analysed by the real pipeline, so these tests check quotes and attributions with
the entity stage's mentions, as ingest produces them.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from crosscheck.analyze import analyze_article
from crosscheck.readers import read_path
from crosscheck.records import Analysis, Article, Attribution, Quote

pytestmark = pytest.mark.data


def _cleaned(path: Path) -> Article:
    article = next(iter(read_path(path)))
    assert isinstance(article, Article), article
    clean = getattr(importlib.import_module("crosscheck.clean"), "clean_article", None)
    return clean(article) if clean is not None else article


@pytest.fixture(scope="module")
def seed(seeds: Path):  # type: ignore[no-untyped-def]
    paths = {path.name[:3]: path for path in sorted(seeds.glob("*.txt"))}
    if not {"000", "002"} <= set(paths):
        pytest.skip("seed articles 000 and 002 not found")
    analysed = {}
    for key in ("000", "002"):
        article = _cleaned(paths[key])
        analysed[key] = (article, analyze_article(article))
    return analysed


def _quotes(article: Article, analysis: Analysis, words: str) -> list[Quote]:
    found = [quote for quote in analysis.quotes if words in quote.span.of(article.text)]
    assert found, [quote.span.of(article.text) for quote in analysis.quotes]
    return found


def _sources(article: Article, analysis: Analysis) -> set[str]:
    return {attribution.source for attribution in analysis.attributions}


@pytest.mark.parametrize(
    "key,words,speaker_as_written",
    [
        ("000", "This won’t be just a thousand troops", "he"),
        ("002", "This won't be just 1,000 troops", "Lukashenko"),
    ],
)
def test_thousand_troops_quote_is_lukashenkos(seed, key, words, speaker_as_written) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed[key]
    quote = _quotes(article, analysis, words)[0]
    assert quote.span.of(article.text) == words  # the content, without the quote marks
    assert quote.kind == "direct"
    assert quote.speaker is not None and quote.speaker.endswith("Lukashenko")
    assert (
        quote.speaker_span is not None and quote.speaker_span.of(article.text) == speaker_as_written
    )
    assert quote.cue == "say"
    assert quote.speaker_entity is not None
    assert "Lukashenko" in analysis.entities[quote.speaker_entity].name


def test_000_according_to_the_new_york_times(seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed["000"]
    quote_index = next(
        i for i, q in enumerate(analysis.quotes) if "thousand troops" in q.span.of(article.text)
    )
    assert analysis.quotes[quote_index].channel == "according to The New York Times"
    covering = [a for a in analysis.attributions if a.quote == quote_index]
    assert [a.source for a in covering] == ["The New York Times"]


def test_000_tsikhanouskaya_tweeted(seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed["000"]
    for words in ("It’s a lie by Lukashenka", "I urge the Belarusian military"):
        quote = _quotes(article, analysis, words)[0]
        assert quote.speaker == "Sviatlana Tsikhanouskaya"
        assert (quote.cue, quote.channel) == ("tweet", "tweeted")
    first = _quotes(article, analysis, "It’s a lie by Lukashenka")[0]
    assert first.speaker_span is not None and first.speaker_span.of(article.text) == "she"


def test_000_the_president_and_his_continuation_quote(seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed["000"]
    said = _quotes(article, analysis, "Crimean Bridge 2")[0]
    follows = _quotes(article, analysis, "My answer was simple")[0]
    for quote in (said, follows):
        assert quote.speaker is not None and quote.speaker.endswith("Lukashenko")
    assert said.speaker_span is not None and said.speaker_span.of(article.text) == "the president"
    assert said.channel == "according to Belta"


def test_000_partial_quote_warned_through_unofficial_channels(seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed["000"]
    partial = [
        q
        for q in _quotes(article, analysis, "warned through unofficial channels")
        if q.kind == "partial"
    ]
    assert partial, "no partial quote"
    assert (
        partial[0].span.of(article.text)
        == "warned through unofficial channels about strikes on Belarus"
    )
    assert partial[0].speaker is not None and partial[0].speaker.endswith("Lukashenko")


def test_002_tikhanovskaya_quote(seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed["002"]
    quote = _quotes(article, analysis, "doesn't pose a threat to Belarus")[0]
    assert quote.speaker == "Svetlana Tikhanovskaya"
    assert "I urge the Belarusian military" in quote.span.of(article.text)  # runs over sentences


def test_002_sannikov_quotes_before_and_after_the_cue(seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed["002"]
    for words in (
        "has no real choice",
        "his boots will inevitably be on the ground",
        "not taking decisions on the war",
        "Putin takes all the decisions",
    ):
        quotes = _quotes(article, analysis, words)
        assert all(q.speaker == "Andrei Sannikov" for q in quotes), (words, quotes)
    added = _quotes(article, analysis, "not taking decisions on the war")[0]
    assert added.cue == "add"
    assert (
        added.speaker_span is not None and added.speaker_span.start > added.span.end
    )  # speaker after
    told = _quotes(article, analysis, "Lukashenko is in an unenviable position")[0]
    assert (told.kind, told.speaker, told.channel) == (
        "indirect",
        "Andrei Sannikov",
        "told The New York Times",
    )


def test_002_andrew_higgins_of_the_new_york_times(seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed["002"]
    quote = _quotes(article, analysis, "stirring speculation that Belarus might send troops")[0]
    assert quote.speaker == "Andrew Higgins"
    index = analysis.quotes.index(quote)
    covering: list[Attribution] = [a for a in analysis.attributions if a.quote == index]
    assert ("The New York Times", "Andrew Higgins") in {(a.source, a.person) for a in covering}


@pytest.mark.parametrize("key", ["000", "002"])
def test_belta_and_the_new_york_times_in_both(seed, key) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed[key]
    assert {"Belta", "The New York Times"} <= _sources(article, analysis)
    for attribution in analysis.attributions:
        assert attribution.covers.of(article.text).strip()  # each covers a real stretch of text
        if attribution.quote is not None:
            assert attribution.covers == analysis.quotes[attribution.quote].span


def test_002_state_media_and_the_times_says(seed) -> None:  # type: ignore[no-untyped-def]
    article, analysis = seed["002"]
    by_span = {a.source_span.of(article.text): a for a in analysis.attributions}
    assert by_span["Belarusian state media"].source == "Belarusian state media"
    assert by_span["Belarusian state media"].kind == "state-media"
    assert by_span["the Times"].source == "The New York Times"
    assert by_span["the state news agency Belta"].source == "Belta"
