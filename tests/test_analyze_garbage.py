"""Garbage in: odd texts still give a valid (possibly empty) analysis, spans inside the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from crosscheck.analyze import analyze_article, analyze_articles
from crosscheck.records import Analysis, Article, Span

pytestmark = pytest.mark.model

PARAGRAPH = ('Mayor Ana Ruiz said on Monday that more than 300 workers "would lose their jobs. '
             'She added that dozens of shops could close, without providing evidence.\n')


def _article(text: str, published: str | None = "2024-03-06") -> Article:
    return Article(id="t", source="test", format="text", text=text, published=published)


def _spans(analysis: Analysis):  # type: ignore[no-untyped-def]
    for group in (analysis.sentences, analysis.mentions, analysis.quotes, analysis.attributions,
                  analysis.quantities, analysis.dates, analysis.hedges):
        for record in group:
            for name in ("span", "speaker_span", "cue_span", "source_span", "covers",
                         "counted_span"):
                value = getattr(record, name, None)
                if isinstance(value, Span):
                    yield value


def assert_valid(article: Article, analysis: Analysis) -> None:
    assert analysis.article_id == article.id
    for span in _spans(analysis):
        assert 0 <= span.start <= span.end <= len(article.text)
    for entity in analysis.entities:
        assert all(analysis.mentions[i].entity == entity.index for i in entity.mentions)
    for mention in analysis.mentions:
        assert mention.entity is None or 0 <= mention.entity < len(analysis.entities)
    indices = [sentence.index for sentence in analysis.sentences]
    assert indices == list(range(len(indices)))


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", "Word", "word", "…", '"', "“", "1,000", "May",
    "no punctuation at all just words going on and on without any end in sight " * 20,
    'He said "this quote never ends and the next line\nstarts with another" "',
    "“Unbalanced curly quote in a headline\nThe body says ” something ” odd “ here.",
    "\u200b\u00a0\t",
])
def test_odd_texts_give_a_valid_analysis(text) -> None:  # type: ignore[no-untyped-def]
    article = _article(text)
    assert_valid(article, analyze_article(article))


def test_empty_text_gives_an_empty_analysis() -> None:
    analysis = analyze_article(_article(""))
    assert (analysis.sentences, analysis.mentions, analysis.quantities) == ((), (), ())


def test_unknown_publication_date_keeps_dates_unresolved() -> None:
    analysis = analyze_article(_article(PARAGRAPH, published=None))
    assert [d.phrase for d in analysis.dates] == ["Monday"]
    assert analysis.dates[0].resolved is None


@pytest.mark.slow
def test_a_hundred_thousand_words() -> None:
    words_per_paragraph = len(PARAGRAPH.split())
    text = PARAGRAPH * (100_000 // words_per_paragraph + 1)
    article = _article(text)
    analysis = analyze_article(article)
    assert_valid(article, analysis)
    assert len(analysis.quantities) >= 2 * (100_000 // words_per_paragraph)


def test_many_articles_in_order_with_two_processes() -> None:
    articles = [_article(f"Story {i}\n{PARAGRAPH}").__class__(
        id=f"a{i}", source="t", format="text", text=f"Story {i}\n{i + 2} ships sank.")
        for i in range(8)]
    analyses = analyze_articles(articles, n_process=2)
    assert [a.article_id for a in analyses] == [a.id for a in articles]
    assert [a.quantities[-1].value for a in analyses] == [i + 2 for i in range(8)]


PIECES = list('ab Z1,."“”\'\n-%$') + ["Paris", " said ", " 2 ", " May ", " he "]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_text_gives_a_valid_analysis(text: str) -> None:
    article = _article(text)
    assert_valid(article, analyze_article(article))
