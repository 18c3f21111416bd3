"""Attributions to upstream sources on small hand-written texts (crosscheck.analyze.attributions)."""

from __future__ import annotations

import pytest

from crosscheck.analyze import sources
from crosscheck.analyze.attributions import find_attributions
from crosscheck.analyze.quotes import find_quotes
from crosscheck.nlp.spacy_model import parse
from crosscheck.records import Article, Attribution, Quote


def analysed(text: str) -> tuple[tuple[Quote, ...], tuple[Attribution, ...]]:
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    quotes = find_quotes(doc, article, (), ())
    return quotes, find_attributions(doc, article, quotes, (), ())


def by_source(text: str, attributions: tuple[Attribution, ...]) -> dict[str, Attribution]:
    return {a.source_span.of(text): a for a in attributions}


def test_known_sources_table_short_forms() -> None:
    assert sources.canonical_source("the AP") == "Associated Press"
    assert sources.canonical_source("AFP") == "Agence France-Presse"
    assert sources.canonical_source("the state news agency Belta") == "Belta"
    assert sources.canonical_source("the Times") == "The New York Times"
    assert (
        sources.canonical_source("the Times", named_in_article=("Los Angeles Times",))
        == "Los Angeles Times"
    )
    assert (
        sources.canonical_source("the Post", named_in_article=("The Washington Post",))
        == "The Washington Post"
    )
    assert sources.is_news_source("the state news agency") and not sources.is_news_source(
        "the senator"
    )


def test_according_to_covers_the_quote_in_its_sentence() -> None:
    text = "“We will not retreat,” the general said, according to Reuters."
    quotes, attributions = analysed(text)
    attribution = by_source(text, attributions)["Reuters"]
    assert (attribution.source, attribution.kind) == ("Reuters", "according-to")
    assert attribution.quote is not None
    assert attribution.covers == quotes[attribution.quote].span


def test_according_to_without_a_quote_covers_the_sentence() -> None:
    text = "Prices rose sharply in May, according to the Financial Times. Nothing else happened."
    quotes, attributions = analysed(text)
    attribution = by_source(text, attributions)["the Financial Times"]
    assert attribution.source == "Financial Times"
    # the clause it stands behind, recorded as reported speech with the cue "according to"
    assert attribution.covers.of(text) == "Prices rose sharply in May"
    assert attribution.quote is not None and quotes[attribution.quote].cue == "according to"
    assert [a.source for a in attributions if a.covers.start >= text.index("Nothing")] == []


def test_source_with_no_quote_covers_its_sentence() -> None:
    text = "The plan, first reported by the BBC, was approved on Friday."
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    # no quote found in the sentence (whatever the quote finder would say)
    (attribution,) = find_attributions(doc, article, (), (), ())
    assert (attribution.source, attribution.quote) == ("BBC", None)
    assert attribution.covers.of(text) == text


def test_reported_by_covers_what_was_reported_not_the_whole_sentence() -> None:
    # The BBC reported the plan; the approval is the article's own statement.
    text = "The plan, first reported by the BBC, was approved on Friday."
    quotes, attributions = analysed(text)
    (attribution,) = attributions
    assert attribution.source == "BBC" and attribution.quote is not None
    assert quotes[attribution.quote].cue == "report"
    assert attribution.covers.of(text) == "The plan"


def test_outlet_reported_and_reported_by_agency() -> None:
    text = (
        "The Kenyan newspaper Daily Nation reported that the talks had ended.\n"
        "The plan, reported by the state news agency Xinhua, was approved."
    )
    _, attributions = analysed(text)
    found = by_source(text, attributions)
    assert found["The Kenyan newspaper Daily Nation"].source == "Daily Nation"
    assert found["The Kenyan newspaper Daily Nation"].kind == "reported"
    assert found["the state news agency Xinhua"].source == "Xinhua"


def test_the_times_resolves_to_the_times_the_article_names() -> None:
    text = (
        "The Los Angeles Times first reported the deal on Monday.\n"
        "Mayor Kim Lee told the Times that the city would sign."
    )
    quotes, attributions = analysed(text)
    told = by_source(text, attributions)["the Times"]
    assert (told.source, told.kind) == ("Los Angeles Times", "told")
    assert told.quote is not None and "city would sign" in quotes[told.quote].span.of(text)


def test_journalist_of_an_outlet_writes() -> None:
    text = "The Guardian's Jane Doe writes that the vote was close."
    _, attributions = analysed(text)
    attribution = (
        by_source(text, attributions)["The Guardian's"]
        if "The Guardian's" in by_source(text, attributions)
        else next(a for a in attributions if a.source == "The Guardian")
    )
    assert (attribution.source, attribution.person, attribution.kind) == (
        "The Guardian",
        "Jane Doe",
        "writes",
    )


def test_state_media_qualified_by_country() -> None:
    text = "Iranian state media reported that the ship had been seized."
    _, attributions = analysed(text)
    (attribution,) = attributions
    assert (attribution.source, attribution.kind) == ("Iranian state media", "state-media")


@pytest.mark.parametrize(
    "text,source",
    [
        ("KYIV (Reuters) - Officials said on Monday that power was restored.", "Reuters"),
        (
            "Power was restored.\nThe Associated Press contributed to this report.",
            "Associated Press",
        ),
    ],
)
def test_wire_credits_cover_the_article(text: str, source: str) -> None:
    _, attributions = analysed(text)
    wires = [a for a in attributions if a.kind == "wire"]
    assert [a.source for a in wires] == [source]
    assert wires[0].covers.of(text) == text.strip()


def test_people_are_not_upstream_sources_but_their_spokespeople_are() -> None:
    """A named person quoted by the outlet is its own reporting; a spokesman speaking for
    her is a statement (the dev gold's rule: "her spokesman said" is `statement`)."""
    text = "Senator Ann Ray said the bill would pass. Her spokesman told reporters it was certain."
    _, attributions = analysed(text)
    assert [(a.source_span.of(text), a.kind) for a in attributions] == [
        ("Her spokesman", "statement")]


@pytest.mark.parametrize("text", ["", "word", 'According to "', "according to", "(Reuters) -"])
def test_garbage_gives_valid_attributions(text: str) -> None:
    _, attributions = analysed(text)
    for attribution in attributions:
        assert 0 <= attribution.covers.start <= attribution.covers.end <= len(text)


# --- official and institutional sources -------------------------------------------------


def test_according_to_an_official_body_is_an_upstream_source() -> None:
    text = ("Eight people died and 230 were treated in hospital, according to the regional "
            "health ministry. Seventeen people were hurt, according to the Halverton hospital "
            "trust.")
    _, attributions = analysed(text)
    found = {a.source: a for a in attributions}
    assert set(found) >= {"regional health ministry", "Halverton hospital trust"}
    ministry = found["regional health ministry"]
    assert ministry.kind == "according-to"
    assert "Eight people died" in text[ministry.covers.start : ministry.covers.end] or \
        ministry.covers.start <= text.index("230") < ministry.covers.end
    assert sources.source_type("regional health ministry") == "official"
    assert sources.source_type("Meridian Press") == "news"


def test_an_official_body_saying_is_a_source_but_a_person_or_a_place_is_not() -> None:
    text = ("Two of the injured were flown to Halverton, the hospital trust said. "
            "Mayor Helena Marsh said the town was in shock. "
            "Dalmora said nothing.")
    _, attributions = analysed(text)
    names = {a.source for a in attributions}
    assert "hospital trust" in names
    assert not any("Marsh" in name or "Dalmora" in name for name in names)


def test_a_body_named_inside_reported_speech_is_not_the_source() -> None:
    text = "Marta Quintero said that the union would announce more strike dates within days."
    _, attributions = analysed(text)
    assert attributions == ()


def test_a_cited_source_and_a_spokesman_for_a_body() -> None:
    text = ("At least 12 people were killed, according to Meridian Press, which cited the "
            "regional emergency service. Investigators from the regional prosecutor's office "
            "arrived. A spokesman for the office said two managers had been detained.")
    _, attributions = analysed(text)
    found = {a.source: a for a in attributions}
    assert "regional emergency service" in found
    service = found["regional emergency service"]
    assert service.covers.start <= text.index("At least 12") < service.covers.end
    meridian = found["Meridian Press"]  # the wire covers the claim, not the cited name
    assert meridian.covers.start <= text.index("At least 12") < meridian.covers.end
    # a spokesman speaks for the office: the office's statement
    assert "regional prosecutor's office" in {a.source for a in attributions
                                              if a.kind == "statement"}


@pytest.mark.parametrize(("ref", "source"), [
    ("text/northbridge-herald-dalmora-blast.txt", "regional health ministry"),
    ("html/daily-sentinel-brennick-depot.html", "Halverton hospital trust"),
    ("text/capital-observer-brennick-depot.txt", "county council"),
    ("feeds.jsonl#meridian-20250312-dalmora-blast", "regional prosecutor's office"),
])
def test_example_official_sources(examples_dir, ref: str, source: str) -> None:
    from tests.analyze_examples import analyze_example  # noqa: PLC0415

    _, analysis = analyze_example(examples_dir, ref)
    assert source in {a.source for a in analysis.attributions}


def test_speakers_on_the_sentinel_dalmora_page(examples_dir) -> None:
    """"he said" after the port director is the director, not the port town; "He declined"
    after "A spokesman" is the spokesman; "The contractor, Kessan Marine Works" is the company."""
    from tests.analyze_examples import analyze_example  # noqa: PLC0415

    article, analysis = analyze_example(examples_dir, "html/daily-sentinel-dalmora-blast.html")
    speakers = {article.text[q.span.start:q.span.end]: q.speaker for q in analysis.quotes}
    assert speakers["The delay was not our decision"] == "Mykhailo Terentiev"
    assert speakers["to name them"] == "A spokesman"
    said = [s for text, s in speakers.items() if text.startswith("its staff had not been")]
    assert said == ["Kessan Marine Works"]
    assert "Dalmora" not in speakers.values()
