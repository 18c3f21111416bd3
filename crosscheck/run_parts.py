"""The work an ingest sends to its executor, one part of the batch at a time
(crosscheck.executors): module-level functions and small records, so that a part can go to
another process or a Dask worker and its results come back.

    clean_in_parts(articles, settings=, stored=)  -> CleanPart: the chunk's corpus step done once
    line_keys(articles, settings=)       -> each article's (outlet, line) keys, to store
    CleanPart(part)                      -> the part's articles, cleaned
    analyze_part(analyzer, part)         -> one Analysis, or one AnalysisFailure, per article
    dossier_parts(db, articles, slots)   -> the stories holding articles, packed into parts
    prepare_dossiers_part(prepare, url, settings, part) -> the part's dossiers built and kept

The failure policy of analysis lives here, beside the work, so it holds with every executor:
a part whose batch analysis raises is analysed again one article at a time, in the same
worker, and only the articles at fault come back as failures.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Sequence, Set as AbstractSet
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from crosscheck.clean.repeated import RepeatedKey
from crosscheck.errors import CrosscheckError
from crosscheck.records import Analysis, Article
from crosscheck.settings import CleanSettings

log = logging.getLogger(__name__)

Analyzer = Callable[[Sequence[Article]], Iterable[Analysis]]


@dataclass(frozen=True)
class CleanPart:
    """Cleans any part of a chunk with the lines repeated across the chunk's outlets (and
    the stored articles'), so cleaning in parts gives what cleaning the chunk at once gives."""

    repeated: frozenset[Any]
    settings: CleanSettings

    def __call__(self, articles: Sequence[Article]) -> list[Article]:
        from crosscheck.clean import clean_article

        return [clean_article(article, repeated=self.repeated, settings=self.settings)
                for article in articles]


StoredCounts = Callable[[Iterable[RepeatedKey]], dict[RepeatedKey, int]]


def clean_in_parts(articles: Sequence[Article], *, settings: CleanSettings,
                   stored: StoredCounts | None = None) -> CleanPart:
    """The corpus step of cleaning (repeated lines need every article) done once, here:
    over the articles given, and, with ``stored`` (``Database.line_key_counts``), against
    the lines of the stored articles too, so a streaming ingest finds an outlet's repeated
    lines across chunks without holding the corpus."""
    from crosscheck.clean import repeated_lines
    from crosscheck.clean.pipeline import outlet_lines
    from crosscheck.clean.repeated import find_repeated_with_stored, line_keys

    if stored is None:
        return CleanPart(repeated_lines(articles, settings=settings), settings)
    grouped = [found for found in (outlet_lines(a, settings=settings) for a in articles) if found]
    held = {(outlet, key) for outlet, lines in grouped for key in line_keys(lines)}
    repeated = find_repeated_with_stored(
        grouped, stored(held), min_articles=settings.repeated_min_articles,
        duplicate_overlap=settings.repeated_duplicate_overlap,
        prose_min_words=settings.prose_min_words)
    return CleanPart(repeated, settings)


def line_keys(articles: Sequence[Article], *,
              settings: CleanSettings) -> dict[str, frozenset[RepeatedKey]]:
    """Each uncleaned article's (outlet, normalised line) keys, stored with it so later
    chunks count its lines (``Database.add_article(line_keys=)``)."""
    from crosscheck.clean.pipeline import outlet_lines
    from crosscheck.clean.repeated import line_keys as keys_of

    found = {article.id: outlet_lines(article, settings=settings) for article in articles}
    return {article_id: frozenset((pair[0], key) for key in keys_of(pair[1]))
            for article_id, pair in found.items() if pair is not None}


@dataclass(frozen=True)
class AnalysisFailure:
    article_id: str
    reason: str  # "analysis-failed": a CrosscheckError; "analysis-error": anything else (a bug)
    detail: str


def analyze_part(analyzer: Analyzer,
                 articles: Sequence[Article]) -> list[Analysis | AnalysisFailure]:
    with _vocabulary_zone():
        try:
            return list(analyzer(articles))
        except Exception as error:  # noqa: BLE001 - find the article at fault, keep the others
            log.warning("batch analysis of %d articles failed (%s); analysing one at a time",
                        len(articles), error)
            return [outcome for article in articles
                    for outcome in _analyze_alone(analyzer, article)]


def _vocabulary_zone() -> AbstractContextManager[Any]:
    """spaCy's memory zone, once the model is loaded in this process: the strings a part's
    texts add to the model's vocabulary (each new name, number, typo: about 20 an article
    at first, fewer as the vocabulary fills; benchmarks/results/ingest_memory.md) are
    dropped with the part's Docs,
    which never outlive the part (only Analysis records come back). Without it the
    vocabulary of a long ingest, or of a worker kept between chunks, grows with its
    corpus. The part that loads the model runs outside a zone; its strings stay."""
    from crosscheck.nlp import spacy_model

    if spacy_model.load.cache_info().currsize == 0:
        return contextlib.nullcontext()
    return spacy_model.load().memory_zone()


def _analyze_alone(analyzer: Analyzer, article: Article) -> list[Analysis | AnalysisFailure]:
    try:
        return list(analyzer([article]))
    except CrosscheckError as error:
        return [AnalysisFailure(article.id, "analysis-failed", str(error))]
    except Exception as error:  # noqa: BLE001 - a bug on one article must not stop a batch
        log.exception("unexpected error analysing %s", article.source)
        return [AnalysisFailure(article.id, "analysis-error", f"{type(error).__name__}: {error}")]


# Dossier parts per worker slot: the parts go out largest first, one at a time as workers free
# up, so a few per slot balance the work without opening the store too often.
DOSSIER_PARTS_PER_SLOT = 3


def dossier_parts(db: Any, articles: AbstractSet[str], slots: int) -> list[list[tuple[str, ...]]]:
    """The stories holding any of ``articles``, as the tuples of those articles (one tuple
    names one story: an article belongs to one), packed into parts of about equal work,
    the heaviest part first. A dossier's work grows with the square of its story's
    size (its articles are compared pairwise), so the biggest stories are placed first,
    each in the lightest part so far. Only the stories' sizes and the given articles'
    memberships are read, not every stored story."""
    holding = db.stories_holding(articles)
    stories = [(item.articles ** 2, tuple(holding[item.id]))
               for item in db.stories_by_activity(articles)]
    stories.sort(key=lambda pair: -pair[0])
    count = min(len(stories), max(1, slots) * DOSSIER_PARTS_PER_SLOT)
    parts: list[list[tuple[str, ...]]] = [[] for _ in range(count)]
    loads = [0] * count
    for cost, ids in stories:
        lightest = loads.index(min(loads))
        parts[lightest].append(ids)
        loads[lightest] += cost
    return [part for _, part in sorted(zip(loads, parts), key=lambda pair: -pair[0])]


def prepare_dossiers_part(prepare: Callable[..., int], url: str, settings: Any,
                          part: Sequence[tuple[str, ...]]) -> list[int]:
    """Builds and keeps the dossiers of the part's stories (each named by its articles),
    reading and writing the store at ``url`` itself; the number built."""
    from crosscheck.store import Database

    with Database(url, create=False) as db:
        return [prepare(db, settings=settings, articles=frozenset(i for ids in part for i in ids))]
