"""Orchestration: files in, articles (and rejections) stored.

    ingest(paths, db=db) = read -> [clean] -> [analyze] -> store -> [assign stories]
    ingest(paths, db=db, workers=2)              cleaning and analysis in 2 local processes
    ingest(paths, db=db, dask="tcp://host:8786") cleaning and analysis on a Dask cluster

The stages in brackets are hooks (``Stages``): each is used when its module provides it
(``crosscheck.clean.clean_articles(articles, settings=) -> Article | Rejection each``,
``crosscheck.analyze.analyze_articles(articles) -> Analysis per article`` and
``crosscheck.stories.assign_articles(db, articles, analyses_by_id)``), so ingest works
whichever stages are installed. Every input ends as a stored article, an article already
present, or a rejection with its reason; running the same ingest twice changes nothing.

Cleaning and analysis run by parts of the batch on an executor (crosscheck.executors, the
work in crosscheck.run_parts); reading, storing and stories stay here, in one process, as the
store has one writer. Whichever executor runs them, the results are the same.
"""

from __future__ import annotations

import functools
import importlib
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from crosscheck.clean.length import not_an_article
from crosscheck.errors import StoreError
from crosscheck.executors import Executor, open_executor, split
from crosscheck.records import Analysis, Article, Rejection
from crosscheck.run_parts import AnalysisFailure, analyze_part, clean_in_parts
from crosscheck.settings import DEFAULT, CleanSettings, Settings
from crosscheck.store import Database

log = logging.getLogger(__name__)

# progress(phase, done, total): phase is "read" (one step per input file), "clean" and
# "analyze" (one step per part), "store" (per article), "stories" (per chunk) or "dossiers"
# (per story); done and total count articles in every phase but "read" and "dossiers".
Progress = Callable[[str, int, int], None]
Cleaner = Callable[..., Iterable[Article | Rejection]]
Analyzer = Callable[[Sequence[Article]], Iterable[Analysis]]
# given the whole batch, the function that cleans any part of it
PartCleaner = Callable[..., Callable[[Sequence[Article]], list[Article]]]
StoryAssigner = Callable[[Database, Sequence[Article], Mapping[str, Analysis]], Any]


@dataclass(frozen=True)
class Stages:
    """The optional stages of an ingest; None skips one (without cleaning, articles are
    stored as read, with ``cleaned=False``). ``clean_in_parts``, when given, is used instead
    of ``clean``, so that cleaning runs on the executor too; ``clean`` takes the whole batch
    in this process."""

    clean: Cleaner | None = None
    analyze: Analyzer | None = None
    assign_stories: StoryAssigner | None = None
    clean_in_parts: PartCleaner | None = None
    prepare_dossiers: Callable[..., int] | None = None  # so no reader waits on a build


def _optional(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError as error:
        log.warning("ingest: %s.%s unavailable (%s)", module, name, error)
        return None


def available_stages() -> Stages:
    """The optional stages the installed package provides."""
    clean = _optional("crosscheck.clean", "clean_articles")
    return Stages(
        clean=clean,
        analyze=_optional("crosscheck.analyze", "analyze_articles"),
        assign_stories=_optional("crosscheck.stories", "assign_articles"),
        clean_in_parts=None if clean is None else clean_in_parts,
        prepare_dossiers=_optional("crosscheck.compare", "prepare_dossiers"),
    )


@dataclass(frozen=True)
class IngestReport:
    run_id: str
    read: int  # articles read from the inputs (before cleaning)
    new: int  # articles stored by this run
    already_present: int  # articles stored before, or repeated within the run (same hash)
    rejections: tuple[Rejection, ...] = ()
    # the stored articles of this run's inputs, new and already present, in input order
    article_ids: tuple[str, ...] = field(default=(), repr=False)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def rejected_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rejection in self.rejections:
            counts[rejection.reason] = counts.get(rejection.reason, 0) + 1
        return dict(sorted(counts.items()))


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


def ingest(
    paths: Sequence[str | Path],
    *,
    db: Database,
    outlet: str | None = None,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
    stages: Stages | None = None,
    workers: int = 1,
    dask: str | None = None,
) -> IngestReport:
    """Read, clean, analyse and store the articles under paths; return what happened.

    ``workers=N`` cleans and analyses in N local processes; ``dask="tcp://host:port"`` on the
    Dask cluster with that scheduler (exclusive with workers; ExecutorUnavailable when it
    cannot be reached, before anything is read)."""
    stages = available_stages() if stages is None else stages
    with open_executor(workers=workers, dask=dask) as executor:
        return _ingest(paths, db=db, outlet=outlet, settings=settings, stages=stages,
                       tally=_Tally(new_run_id(), progress or _no_progress, executor))


def _ingest(paths: Sequence[str | Path], *, db: Database, outlet: str | None,
            settings: Settings, stages: Stages, tally: _Tally) -> IngestReport:
    articles = _read(paths, outlet=outlet, settings=settings, tally=tally)
    tally.read = len(articles)
    if stages.clean is not None or stages.clean_in_parts is not None:
        articles = _clean(articles, stages, settings=settings.clean, tally=tally)
    new, present = _split_present(articles, db=db)
    analyses = _analyze(new, stages.analyze, tally=tally)
    stored = _store(new, analyses, db=db, tally=tally)
    present = _settle_repeats(present, tally=tally)
    for rejection in tally.rejections:
        db.add_rejection(rejection, run_id=tally.run_id)
    article_ids = list(dict.fromkeys(article.id for article in stored + present))
    if stages.assign_stories is not None:
        _assign_stories(article_ids, analyses, stages.assign_stories, db=db, tally=tally,
                        chunk_size=settings.stories.batch_chunk)
    if stages.prepare_dossiers is not None:
        stages.prepare_dossiers(db, settings=settings, articles=frozenset(article_ids),
                                progress=functools.partial(tally.progress, "dossiers"))
    return IngestReport(
        run_id=tally.run_id,
        read=tally.read,
        new=len(stored),
        already_present=len(present),
        rejections=tuple(tally.rejections),
        article_ids=tuple(article_ids),
    )


def _assign_stories(article_ids: list[str], analyses: dict[str, Analysis],
                    assign: StoryAssigner, *, db: Database, tally: _Tally,
                    chunk_size: int = 0) -> None:
    """Give a story to every article of the batch that has none (new ones, and stored ones
    ingested before the stories stage existed), as the store holds them."""
    in_stories = db.in_stories(article_ids)
    unassigned = db.articles([i for i in article_ids if i not in in_stories])
    if not unassigned:
        return
    known = {**db.analyses([a.id for a in unassigned if a.id not in analyses]), **analyses}
    tally.progress("stories", 0, len(unassigned))
    # In the stories stage's own chunks (it clusters a batch in chunks of batch_chunk, each
    # joining the stories of those before): the same stories, a progress step and a commit
    # per chunk, so a long ingest shows where it is and keeps what is done.
    size = chunk_size or len(unassigned)
    for start in range(0, len(unassigned), size):
        assign(db, unassigned[start : start + size], known)
        tally.progress("stories", min(start + size, len(unassigned)), len(unassigned))


def _no_progress(_phase: str, _done: int, _total: int) -> None:
    return None


@dataclass
class _Tally:
    run_id: str
    progress: Progress
    executor: Executor
    read: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    failed_ids: set[str] = field(default_factory=set)  # rejected after reading

    def reject(self, article: Article, stage: str, reason: str, error: Exception | str) -> None:
        log.warning("ingest: %s rejected at %s: %s", article.source, stage, error)
        self.rejections.append(Rejection(article.source, stage, reason, str(error)))
        self.failed_ids.add(article.id)


def _split(items: Iterable[Article | Rejection], tally: _Tally) -> list[Article]:
    articles = []
    for item in items:
        if isinstance(item, Rejection):
            tally.rejections.append(item)
        else:
            articles.append(item)
    return articles


def _read(paths: Sequence[str | Path], *, outlet: str | None, settings: Settings,
          tally: _Tally) -> list[Article]:
    from crosscheck.readers import input_files, read_paths

    # the readers' own walk, so files beside the articles (README.md, gold.json) are passed
    # over exactly as `read_paths` would; a missing path is kept and rejected with its reason
    files = list(input_files(paths))
    articles: list[Article] = []
    tally.progress("read", 0, len(files))
    for done, path in enumerate(files, 1):
        articles.extend(_split(read_paths([path], outlet=outlet, settings=settings.read), tally))
        tally.progress("read", done, len(files))
    return articles


def _in_parts(phase: str, work: Callable[[Sequence[Article]], list[Any]],
              articles: list[Article], tally: _Tally) -> list[Any]:
    """work's results over the parts of articles run on the executor, in input order, with
    progress as each part finishes."""
    parts = split(articles, tally.executor.slots)
    results: list[list[Any]] = [[] for _ in parts]
    done = 0
    tally.progress(phase, 0, len(articles))
    for index, result in tally.executor.map_parts(work, parts):
        results[index] = result
        done += len(parts[index])
        tally.progress(phase, done, len(articles))
    return [item for result in results for item in result]


def _clean(articles: list[Article], stages: Stages, *, settings: CleanSettings,
           tally: _Tally) -> list[Article]:
    if stages.clean_in_parts is not None:
        work = stages.clean_in_parts(articles, settings=settings)
        cleaned = _split(_in_parts("clean", work, articles, tally), tally)
    else:  # the whole batch at once: lines repeated across one outlet's articles are a signal
        tally.progress("clean", 0, len(articles))
        cleaned = _split(stages.clean(articles, settings=settings), tally)  # type: ignore[misc]
        tally.progress("clean", len(articles), len(articles))
    kept = []
    for article in cleaned:
        rejection = not_an_article(article, settings=settings)  # no body, or too short
        if rejection is None:
            kept.append(article)
        else:
            tally.rejections.append(rejection)
    return kept


def _split_present(articles: list[Article], *, db: Database) -> tuple[list[Article], list[Article]]:
    """New articles, and those stored before (or repeated within this batch)."""
    new: list[Article] = []
    present: list[Article] = []
    seen = db.stored_ids(article.id for article in articles)  # grows with the batch's own
    for article in articles:
        if article.id in seen:
            present.append(article)
        else:
            new.append(article)
        seen.add(article.id)
    return new, present


def _settle_repeats(present: list[Article], *, tally: _Tally) -> list[Article]:
    """A repeat of an article this run rejected shares its fate: rejected with it."""
    settled = []
    for article in present:
        if article.id in tally.failed_ids:
            tally.rejections.append(Rejection(
                article.source, "store", "copy-of-rejected", f"same content as article {article.id}"
            ))
        else:
            settled.append(article)
    return settled


def _analyze(articles: list[Article], analyzer: Analyzer | None,
             tally: _Tally) -> dict[str, Analysis]:
    """Analyses by article id; an article whose analysis failed is rejected with the reason
    (the part it was in fell back to one article at a time: crosscheck.run_parts)."""
    if analyzer is None or not articles:
        return {}
    by_id = {article.id: article for article in articles}
    analyses: dict[str, Analysis] = {}
    for outcome in _in_parts("analyze", functools.partial(analyze_part, analyzer), articles, tally):
        if isinstance(outcome, AnalysisFailure):
            tally.reject(by_id[outcome.article_id], "analyze", outcome.reason, outcome.detail)
        else:
            analyses[outcome.article_id] = outcome
    return analyses


def _store(articles: list[Article], analyses: dict[str, Analysis], *, db: Database,
           tally: _Tally) -> list[Article]:
    """Store each article with its analysis, one transaction each; a failed write rejects
    that article and the batch goes on."""
    stored: list[Article] = []
    tally.progress("store", 0, len(articles))
    for done, article in enumerate(articles, 1):
        if article.id not in tally.failed_ids:
            try:
                db.add_article(article, analysis=analyses.get(article.id))
                stored.append(article)
            except StoreError as error:
                tally.reject(article, "store", "store-failed", error)
        tally.progress("store", done, len(articles))
    return stored
