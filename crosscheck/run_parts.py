"""The work an ingest sends to its executor, one part of the batch at a time
(crosscheck.executors): module-level functions and small records, so that a part can go to
another process or a Dask worker and its results come back.

    clean_in_parts(articles, settings=)  -> CleanPart: the batch's corpus step done once
    CleanPart(part)                      -> the part's articles, cleaned
    analyze_part(analyzer, part)         -> one Analysis, or one AnalysisFailure, per article

The failure policy of analysis lives here, beside the work, so it holds with every executor:
a part whose batch analysis raises is analysed again one article at a time, in the same
worker, and only the articles at fault come back as failures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from crosscheck.errors import CrosscheckError
from crosscheck.records import Analysis, Article
from crosscheck.settings import CleanSettings

log = logging.getLogger(__name__)

Analyzer = Callable[[Sequence[Article]], Iterable[Analysis]]


@dataclass(frozen=True)
class CleanPart:
    """Cleans any part of a batch with the lines repeated across the whole batch's outlets,
    so cleaning in parts gives what cleaning the batch at once gives."""

    repeated: frozenset[Any]
    settings: CleanSettings

    def __call__(self, articles: Sequence[Article]) -> list[Article]:
        from crosscheck.clean import clean_article

        return [clean_article(article, repeated=self.repeated, settings=self.settings)
                for article in articles]


def clean_in_parts(articles: Sequence[Article], *, settings: CleanSettings) -> CleanPart:
    """The corpus step of cleaning (repeated lines need every article) done once, here."""
    from crosscheck.clean import repeated_lines

    return CleanPart(repeated_lines(articles, settings=settings), settings)


@dataclass(frozen=True)
class AnalysisFailure:
    article_id: str
    reason: str  # "analysis-failed": a CrosscheckError; "analysis-error": anything else (a bug)
    detail: str


def analyze_part(analyzer: Analyzer,
                 articles: Sequence[Article]) -> list[Analysis | AnalysisFailure]:
    try:
        return list(analyzer(articles))
    except Exception as error:  # noqa: BLE001 - find the article at fault, keep the others
        log.warning("batch analysis of %d articles failed (%s); analysing one at a time",
                    len(articles), error)
        return [outcome for article in articles for outcome in _analyze_alone(analyzer, article)]


def _analyze_alone(analyzer: Analyzer, article: Article) -> list[Analysis | AnalysisFailure]:
    try:
        return list(analyzer([article]))
    except CrosscheckError as error:
        return [AnalysisFailure(article.id, "analysis-failed", str(error))]
    except Exception as error:  # noqa: BLE001 - a bug on one article must not stop a batch
        log.exception("unexpected error analysing %s", article.source)
        return [AnalysisFailure(article.id, "analysis-error", f"{type(error).__name__}: {error}")]
