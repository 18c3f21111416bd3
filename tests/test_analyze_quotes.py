"""Quotes, speakers, cues and channels on small hand-written texts (crosscheck.analyze.quotes)."""

from __future__ import annotations

import time

import pytest

from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.quotes.marks import quoted_spans
from crosscheck.analyze.quotes import find_quotes
from crosscheck.nlp.spacy_model import parse
from crosscheck.records import Article, Quote
from crosscheck.settings import AnalyzeSettings


def quotes_of(text: str, *, with_entities: bool = False) -> tuple[Quote, ...]:
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    mentions, entities = (
        find_entities(doc, settings=AnalyzeSettings()) if with_entities else ((), ())
    )
    return find_quotes(doc, article, mentions, entities)


def quote_with(
    text: str, quotes: tuple[Quote, ...], words: str, *, kind: str | None = None
) -> Quote:
    found = [q for q in quotes if words in q.span.of(text) and kind in (None, q.kind)]
    assert found, [quote.span.of(text) for quote in quotes]
    return found[0]


def test_quote_marks_pair_curly_and_straight_and_run_to_paragraph_end() -> None:
    text = 'He said “one two” and "three four".\n“Unclosed runs on\nNext line.'
    assert [span.of(text) for span in quoted_spans(text)] == [
        "one two",
        "three four",
        "Unclosed runs on",
    ]


def test_marks_inside_markup_tags_are_not_quotes() -> None:
    text = '<tweet pic="" author="@x" datetime="2016-07-14">Another "horrific" attack.</tweet>'
    assert [span.of(text) for span in quoted_spans(text)] == ["horrific"]


@pytest.mark.parametrize("with_entities", [False, True])
def test_speaker_after_quote_with_curly_marks(with_entities: bool) -> None:
    text = "Maria Lopez is the mayor of Springfield.\n“We will rebuild the bridge by spring,” Lopez said."
    quote = quote_with(text, quotes_of(text, with_entities=with_entities), "rebuild")
    assert quote.span.of(text) == "We will rebuild the bridge by spring"
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", "Maria Lopez", "say")
    assert quote.speaker_span is not None and quote.speaker_span.of(text) == "Lopez"


def test_speaker_before_quote_with_colon_and_straight_marks() -> None:
    text = 'Mayor Tom Reed said: "The budget is balanced. Taxes will not rise."'
    quote = quote_with(text, quotes_of(text), "budget")
    assert quote.span.of(text) == "The budget is balanced. Taxes will not rise."
    assert (quote.kind, quote.speaker, quote.cue) == ("direct", "Tom Reed", "say")


@pytest.mark.parametrize("with_entities", [False, True])
def test_pronoun_speaker_resolves_to_nearest_person_of_that_gender(with_entities: bool) -> None:
    text = (
        "Anna Berg spoke first, and John Miller spoke after her. Miller said he disagreed.\n"
        "“It is a good day,” she said."
    )
    quote = quote_with(text, quotes_of(text, with_entities=with_entities), "good day")
    assert quote.speaker == "Anna Berg"
    assert quote.speaker_span is not None and quote.speaker_span.of(text) == "she"


@pytest.mark.parametrize("with_entities", [False, True])
def test_role_noun_resolves_to_the_person_with_that_role(with_entities: bool) -> None:
    text = (
        "Chancellor Karl Weber visited Paris on Monday. Weber met the mayor, Paul Dufour.\n"
        "“The talks went well,” the chancellor said."
    )
    quote = quote_with(text, quotes_of(text, with_entities=with_entities), "talks went well")
    assert quote.speaker == "Karl Weber"


def test_continuation_quote_takes_the_previous_speaker() -> None:
    text = (
        "“We are not afraid,” the senator, Ruth Cole, said after the vote. "
        "“We will win the next one.”"
    )
    quotes = quotes_of(text)
    second = quote_with(text, quotes, "next one")
    assert second.speaker == "Ruth Cole"
    assert second.kind == "direct"


def test_partial_quote_inside_reported_speech() -> None:
    text = 'Governor Ed Park said he was "deeply troubled by the report" from the agency.'
    quotes = quotes_of(text)
    partial = quote_with(text, quotes, "deeply troubled", kind="partial")
    assert partial.span.of(text) == "deeply troubled by the report"
    assert (partial.kind, partial.speaker, partial.cue) == ("partial", "Ed Park", "say")


def test_indirect_speech_with_that_clause_and_without() -> None:
    text = "Senator Jane Holt claimed that the vote was rigged. Holt said the count must restart."
    quotes = quotes_of(text)
    claimed = quote_with(text, quotes, "was rigged")
    assert (claimed.kind, claimed.speaker, claimed.cue) == ("indirect", "Jane Holt", "claim")
    said = quote_with(text, quotes, "count must restart")
    assert (said.kind, said.speaker, said.cue) == ("indirect", "Jane Holt", "say")


def test_channels_tweeted_told_outlet_and_according_to() -> None:
    text = (
        "“We stand with the workers,” Nora Diaz tweeted.\n"
        "Omar Said told The Washington Post that the plan had failed.\n"
        "“It is over,” he said, according to Reuters."
    )
    quotes = quotes_of(text)
    assert quote_with(text, quotes, "workers").channel == "tweeted"
    told = quote_with(text, quotes, "plan had failed")
    assert (told.speaker, told.cue, told.channel) == (
        "Omar Said",
        "tell",
        "told The Washington Post",
    )
    according = quote_with(text, quotes, "It is over")
    assert (according.speaker, according.channel) == ("Omar Said", "according to Reuters")


def test_names_inside_quotes_are_not_speakers() -> None:
    text = "Lena Roy spoke first.\n“Viktor Hale cannot be trusted,” she said."
    quote = quote_with(text, quotes_of(text), "cannot be trusted")
    assert quote.speaker == "Lena Roy"


def test_short_uncued_quotes_are_scare_quotes_not_speech() -> None:
    text = 'The so-called "peace plan" was published in "The Daily Record" on Friday.'
    assert quotes_of(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "word",
        'He said "unbalanced quote',
        '"',
        "no punctuation at all just words " * 50,
        "“”“”",
    ],
)
def test_garbage_gives_valid_possibly_empty_quotes(text: str) -> None:
    quotes = quotes_of(text)
    for quote in quotes:
        assert 0 <= quote.span.start <= quote.span.end <= len(text)


def test_speech_noun_with_owner_and_stance_verb_object() -> None:
    text = "Mayor Lee Chang repeated his claim that the bridge was safe. Chang opposed the new toll plan."
    quotes = quotes_of(text)
    claim = quote_with(text, quotes, "bridge was safe")
    assert (claim.kind, claim.speaker, claim.cue) == ("indirect", "Lee Chang", "repeat")
    stance = quote_with(text, quotes, "new toll plan")
    assert (stance.speaker, stance.cue) == ("Lee Chang", "oppose")


def test_headline_name_before_colon_is_the_speaker() -> None:
    text = "Sanders: We Will Win This Fight\nNote: the office was closed on Friday."
    quotes = quotes_of(text)
    assert [(q.speaker, q.span.of(text)) for q in quotes] == [("Sanders", "We Will Win This Fight")]


def test_a_headline_topic_before_a_colon_is_no_speaker() -> None:
    text = ("Harbour blast: port chief under pressure as rescuers search the docks\n"
            "Rescuers searched the docks on Wednesday.")
    assert [q for q in quotes_of(text) if q.span.of(text).startswith("port chief")] == []


def _quote_seconds(paragraphs: int) -> tuple[float, tuple[Quote, ...]]:
    paragraph = (
        'Mayor Ann Lee said the city would grow. "We will build homes," she said, '
        "according to Reuters. John Smith told the Times that taxes would rise.\n"
    )
    doc = parse(paragraph * paragraphs)
    article = Article(id="t", source="test", format="text", text=doc.text)
    started = time.perf_counter()
    quotes = find_quotes(doc, article, (), ())
    return time.perf_counter() - started, quotes


def test_long_text_with_many_quotes_stays_linear() -> None:
    small, _ = _quote_seconds(100)
    large, quotes = _quote_seconds(300)
    assert len([q for q in quotes if q.kind == "direct"]) == 300
    assert all(q.speaker == "Ann Lee" for q in quotes if q.kind == "direct")
    # 3x the text: about 3x the time when linear, 9x when quadratic (as a first version was)
    assert large < 6 * small + 0.5


def test_relative_pronoun_speaker_resolves_to_its_antecedent() -> None:
    text = "Andrei Sannikov, a former minister who told the Times that the army is weak, left."
    quote = quote_with(text, quotes_of(text), "army is weak")
    assert quote.speaker == "Andrei Sannikov"
    assert quote.speaker_span is not None and quote.speaker_span.of(text) == "who"
