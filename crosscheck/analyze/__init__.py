"""Per-article analysis: sentences, entities, quotes, attributions, quantities, dates, hedges.

    analyze_article(article)            -> Analysis
    analyze_articles(articles, n_process=2) -> [Analysis, ...] in the same order

Both parse with ``crosscheck.nlp.spacy_model`` once per article and run every extractor on
that parse (``crosscheck.analyze.pipeline``). Every span is a character range of
``article.text`` (the cleaned text).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Sequence

from crosscheck.analyze.pipeline import analyze_docs
from crosscheck.nlp import spacy_model
from crosscheck.records import Analysis, Article
from crosscheck.settings import DEFAULT, AnalyzeSettings

__all__ = ["analyze_article", "analyze_articles"]


def analyze_article(article: Article, *, settings: AnalyzeSettings = DEFAULT.analyze) -> Analysis:
    """The analysis of one article."""
    return analyze_docs([spacy_model.parse(article.text)], [article], settings=settings)[0]


def analyze_articles(
    articles: Iterable[Article], *, n_process: int = 1,
    settings: AnalyzeSettings = DEFAULT.analyze,
) -> list[Analysis]:
    """Analyses of many articles, in order; ``n_process=2`` uses both cores.

    With several processes each worker parses *and* analyses its share, so the extractors
    run in parallel too and no spaCy Doc crosses a process boundary (only the small
    Analysis records come back).
    """
    articles = list(articles)
    if n_process <= 1 or len(articles) < 2 * n_process:
        return _analyze_chunk(articles, settings)
    chunks = _chunks(articles, n_process * 4)
    context = multiprocessing.get_context("fork" if "fork" in
                                          multiprocessing.get_all_start_methods() else None)
    with context.Pool(n_process) as pool:
        parts = pool.starmap(_analyze_chunk, [(chunk, settings) for chunk in chunks])
    return [analysis for part in parts for analysis in part]


def _analyze_chunk(articles: Sequence[Article], settings: AnalyzeSettings) -> list[Analysis]:
    docs = spacy_model.parse_many([article.text for article in articles])
    return analyze_docs(docs, list(articles), settings=settings)


def _chunks(items: list[Article], count: int) -> list[list[Article]]:
    size = max(1, -(-len(items) // count))
    return [items[i : i + size] for i in range(0, len(items), size)]
