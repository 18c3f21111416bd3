"""Relays (crosscheck.analyze.quotes.relays), on invented texts: in "X said, according to Y"
X speaks and Y reports the words; "according to Y" inside what X said is X's own source."""

from __future__ import annotations

import pytest

from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.quotes import find_quotes
from crosscheck.nlp.spacy_model import parse
from crosscheck.analyze.quotes.relays import find_relay
from crosscheck.records import Article, Quote, Span
from crosscheck.settings import AnalyzeSettings


def quote_with(text: str, words: str) -> Quote:
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    mentions, entities = find_entities(doc, settings=AnalyzeSettings())
    found = [q for q in find_quotes(doc, article, mentions, entities) if words in q.span.of(text)]
    assert found
    return found[0]


@pytest.mark.parametrize("text", [
    "“The bridge will stay closed until May,” Ann Vey said, according to the Kessan Courier.",
    "According to the Kessan Courier, Ann Vey said the bridge will stay closed until May.",
    "Ann Vey said the bridge will stay closed until May, according to the Kessan Courier.",
])
def test_the_speaker_speaks_and_the_according_to_source_relays(text: str) -> None:
    quote = quote_with(text, "bridge will stay closed")
    assert quote.speaker == "Ann Vey"
    assert quote.relay is not None and "Kessan Courier" in quote.relay
    assert quote.relay_span is not None and quote.relay_span.of(text).endswith("Kessan Courier")
    assert "according" not in quote.span.of(text)  # the relay is no part of what she said


def test_a_transcript_relays_a_question() -> None:
    text = "“Who will pay for the pier?” Tom Reed asked, according to a transcript of the hearing."
    quote = quote_with(text, "pay for the pier")
    assert quote.speaker == "Tom Reed"
    assert quote.relay_span is not None and "transcript" in quote.relay_span.of(text)


def test_according_to_inside_the_speakers_words_is_no_relay() -> None:
    text = ("Ann Vey said that, according to the census, the town has lost a third of its "
            "people since the mill closed.")
    quote = quote_with(text, "lost a third")
    assert quote.speaker == "Ann Vey"
    assert quote.relay is None


def test_a_quote_with_no_according_to_has_no_relay() -> None:
    quote = quote_with("“The pier is safe,” Tom Reed said on Monday.", "pier is safe")
    assert quote.relay is None and quote.relay_span is None


@pytest.mark.parametrize("text", [
    "Tom Reed said Ann Vey thinks the harbour fees are far too high.",
    "Tom Reed told reporters that Ann Vey believes the harbour fees are far too high.",
])
def test_who_reports_a_belief_relays_it(text: str) -> None:
    doc = parse(text)
    belief = next(token for token in doc if token.lemma_ in ("think", "believe"))
    content = Span(text.index("the harbour"), len(text) - 1)
    vey = doc.char_span(text.index("Ann Vey"), text.index("Ann Vey") + 7)
    relay = find_relay(belief, None, content, set(), vey, lemmas=frozenset({"say", "tell"}))
    assert relay is not None and relay.phrase.text == "Tom Reed"
    assert relay.content == content
    # the outer verb reports nobody's words but its own speaker's
    said = next(token for token in doc if token.lemma_ in ("say", "tell"))
    assert find_relay(said, None, content, set(), None, lemmas=frozenset({"say"})) is None


def test_a_paper_that_quotes_someone_relays_the_words() -> None:
    text = ("The Kessan Courier quoted a harbour official as saying the pier would need "
            "a new roof before the winter storms.")
    quote = quote_with(text, "new roof")
    assert quote.speaker_span is not None and "official" in quote.speaker_span.of(text)
    assert quote.relay is not None and "Kessan Courier" in quote.relay


def test_a_paper_that_quoted_someone_in_the_passive_relays_the_words() -> None:
    text = ("A harbour official was quoted by the Kessan Courier as saying the pier would "
            "need a new roof before the winter storms.")
    quote = quote_with(text, "new roof")
    assert quote.speaker_span is not None and "official" in quote.speaker_span.of(text)
    assert quote.relay is not None and "Kessan Courier" in quote.relay


@pytest.mark.parametrize(("text", "cue", "speaker"), [
    # the parser hangs ", Tom Reed said" from the belief: Reed speaks, nobody relays him
    ("Ann Vey thinks the federal board requires too many tests for the small boats, former "
     "mayor Tom Reed said this week at an event in Kessan.", "said", "Tom Reed"),
    ("That said, Ann Vey says the harbour fees are far too high for the small boats.",
     "says", "Ann Vey"),
    ("The council raised the harbour fees; Ann Vey says they are far too high for the boats.",
     "says", "Ann Vey"),
])
def test_a_parenthetical_or_a_set_phrase_relays_nothing(text: str, cue: str,
                                                        speaker: str) -> None:
    doc = parse(text)
    verb = next(token for token in doc if token.text == cue)
    start = text.index(speaker)
    phrase = doc.char_span(start, start + len(speaker))
    content = Span(0, len(text) - 1)
    lemmas = frozenset({"say", "think", "raise"})
    assert find_relay(verb, None, content, set(), phrase, lemmas=lemmas) is None


@pytest.mark.parametrize("text", [
    "“Maybe you do not agree with their views, but you can at least say they are civil,” "
    "Tom Reed said.",
    "In her speech, Ann Vey declared the need for patience: “Fix the pier and when you have "
    "done that, fix it again,” she said.",
])
def test_words_inside_the_quote_and_the_speaker_herself_relay_nothing(text: str) -> None:
    for quote in quote_candidates(text):
        assert quote.relay is None, (quote.span.of(text), quote.relay)


def quote_candidates(text: str) -> tuple[Quote, ...]:
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    mentions, entities = find_entities(doc, settings=AnalyzeSettings())
    return find_quotes(doc, article, mentions, entities)


@pytest.mark.parametrize("text", [
    "Ann Vey thinks the harbour fees are far too high, Tom Reed said.",
    "The harbour fees are far too high, Ann Vey believes, Tom Reed told reporters.",
])
def test_who_reports_a_belief_after_a_comma_relays_it(text: str) -> None:
    doc = parse(text)
    belief = next(token for token in doc if token.lemma_ in ("think", "believe"))
    vey = doc.char_span(text.index("Ann Vey"), text.index("Ann Vey") + 7)
    content = Span(text.index("he harbour") - 1, text.index("high") + 4)
    relay = find_relay(belief, None, content, set(), vey,
                       lemmas=frozenset({"say", "tell", "think", "believe"}))
    assert relay is not None and relay.phrase.text == "Tom Reed"
