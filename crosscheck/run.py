"""Orchestration: files in, articles (and rejections) stored, by bounded chunks.

    ingest(paths, db=db) = for each chunk of articles read:
                               clean -> analyse -> store -> assign stories   (one commit each)
    ingest(paths, db=db, workers=2)              cleaning and analysis in 2 local processes
    ingest(paths, db=db, dask="tcp://host:8786") cleaning and analysis on a Dask cluster

Inputs are read lazily; every ``IngestSettings.chunk_articles`` articles read are cleaned,
analysed, stored and given stories before the next are read, so an ingest's memory does not
grow with the corpus, a kill loses at most the chunk in flight, and a rerun skips what is
stored (chunks are cut on the articles read, stored or not, so a rerun cuts the same chunks
and makes the same stories). The cleaner's corpus signal (lines an outlet repeats) is
computed from the chunk and the lines of the stored articles.

The stages are plain imports (``default_stages``): a stage that fails to import is an error,
never a skipped stage. Tests pass their own ``Stages``. Every input ends as a stored article,
an article already present, or a rejection with its reason; running the same ingest twice,
or two at once, stores each article once.

Cleaning and analysis run by parts of a chunk on an executor (crosscheck.executors, the work
in crosscheck.run_parts); reading, storing and stories stay here, in one process, as the
store has one writer. Whichever executor runs them, the results are the same.
"""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from crosscheck.clean.length import not_an_article
from crosscheck.errors import StoreError
from crosscheck.executors import Executor, InProcess, LocalProcesses, open_executor, split
from crosscheck.records import Analysis, Article, Rejection
from crosscheck.run_parts import (AnalysisFailure, analyze_part, clean_in_parts, dossier_parts,
                                  line_keys, prepare_dossiers_part)
from crosscheck.settings import DEFAULT, Settings
from crosscheck.store import Database

log = logging.getLogger(__name__)

# progress(phase, done, total): phase is "read" (one step per input file), "clean" and
# "analyze" (one step per part), "store" (per article), "stories" (per chunk) or "dossiers"
# (per story); done and total count articles in every phase but "read" and "dossiers", over
# the chunks so far.
Progress = Callable[[str, int, int], None]
Cleaner = Callable[..., Iterable[Article | Rejection]]
Analyzer = Callable[[Sequence[Article]], Iterable[Analysis]]
# given a chunk (and the stored lines' counts), the function that cleans any part of it
PartCleaner = Callable[..., Callable[[Sequence[Article]], list[Article]]]
StoryAssigner = Callable[[Database, Sequence[Article], Mapping[str, Analysis]], Any]


@dataclass(frozen=True)
class Stages:
    """The stages of an ingest; None skips one (without cleaning, articles are stored as
    read, with ``cleaned=False``). ``clean_in_parts``, when given, is used instead of
    ``clean``, so that cleaning runs on the executor too; ``clean`` takes a whole chunk in
    this process."""

    clean: Cleaner | None = None
    analyze: Analyzer | None = None
    assign_stories: StoryAssigner | None = None
    clean_in_parts: PartCleaner | None = None
    prepare_dossiers: Callable[..., int] | None = None  # so no reader waits on a build


def default_stages(settings: Settings = DEFAULT) -> Stages:
    """crosscheck's own stages, each given its section of ``settings``."""
    from crosscheck.analyze import analyze_articles
    from crosscheck.clean import clean_articles
    from crosscheck.compare import prepare_dossiers
    from crosscheck.stories import assign_articles

    return Stages(
        clean=clean_articles,
        analyze=functools.partial(analyze_articles, settings=settings.analyze),
        assign_stories=functools.partial(assign_articles, settings=settings.stories),
        clean_in_parts=clean_in_parts,
        prepare_dossiers=prepare_dossiers,
    )


# The name tests and callers patched before the stages were plain imports.
available_stages = default_stages


@dataclass(frozen=True)
class IngestReport:
    run_id: str
    read: int  # articles read from the inputs (before cleaning)
    new: int  # articles stored by this run
    already_present: int  # articles stored before (or by a concurrent run), or repeated
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
    """Read, clean, analyse and store the articles under paths, chunk by chunk; return what
    happened.

    ``workers=N`` cleans and analyses in N local processes; ``dask="tcp://host:port"`` on the
    Dask cluster with that scheduler (exclusive with workers; ExecutorUnavailable when it
    cannot be reached, before anything is read)."""
    stages = available_stages(settings) if stages is None else stages
    with open_executor(workers=workers, dask=dask) as executor:
        tally = _Tally(new_run_id(), progress or _no_progress, executor, db)
        size = max(1, settings.ingest.chunk_articles)
        for chunk in _chunks(_read(paths, outlet=outlet, settings=settings, tally=tally), size):
            _ingest_chunk(chunk, db=db, settings=settings, stages=stages, tally=tally)
        # The end of an ingest: everything read is stored and has its story; the dossiers
        # of those stories are prepared so that no reader waits on a build (on the worker
        # processes when there are several: a dossier is built from the store alone).
        if stages.prepare_dossiers is not None and tally.article_ids:
            _prepare_dossiers(stages.prepare_dossiers, db=db, settings=settings, tally=tally)
    return tally.report()


@dataclass(frozen=True)
class Prepared:
    """Articles read, cleaned and analysed without a store (``prepare``)."""

    articles: tuple[Article, ...]
    analyses: tuple[Analysis, ...]  # one per article, in order (empty without analysis)
    rejections: tuple[Rejection, ...]


def prepare(paths: Sequence[str | Path], *, settings: Settings = DEFAULT,
            outlets: Sequence[str | None] | None = None, stages: Stages | None = None,
            analyse: bool = True) -> Prepared:
    """Read, clean and analyse a few files in this process, with no store: ingest's own
    stages and rejection rules (too-long, no-body, a failed analysis), so ``compare`` of
    files sees what an ingest of them would store. ``outlets``: one outlet (or None) per
    path."""
    stages = available_stages(settings) if stages is None else stages
    outlets = [None] * len(paths) if outlets is None else list(outlets)
    if len(outlets) != len(paths):
        raise ValueError(f"{len(outlets)} outlets given for {len(paths)} paths")
    tally = _Tally(new_run_id(), _no_progress, InProcess(), None)
    read = [article for path, outlet in zip(paths, outlets)
            for article in _read([path], outlet=outlet, settings=settings, tally=tally)]
    articles = _clean(_bounded(read, settings=settings, tally=tally), stages, stored=None,
                      settings=settings, tally=tally)
    analyses = _analyze(articles, stages.analyze if analyse else None, tally=tally)
    kept = [article for article in articles if article.id not in tally.failed_ids]
    return Prepared(tuple(kept), tuple(analyses[a.id] for a in kept if a.id in analyses),
                    tuple(tally.rejections))


def _chunks(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ingest_chunk(articles: list[Article], *, db: Database, settings: Settings,
                  stages: Stages, tally: _Tally) -> None:
    """One chunk, start to end: what it stores is committed before the next is read."""
    articles = _bounded(articles, settings=settings, tally=tally)
    new, present = _split_present(articles, db=db)
    keys = line_keys(new, settings=settings.clean) if stages.clean_in_parts else {}
    new = _clean(new, stages, stored=db.line_key_counts, settings=settings, tally=tally)
    analyses = _analyze(new, stages.analyze, tally=tally)
    stored, present_too = _store(new, analyses, keys, db=db, tally=tally)
    present = _settle_repeats(present + present_too, tally=tally)
    tally.flush_rejections()
    article_ids = list(dict.fromkeys(article.id for article in stored + present))
    tally.article_ids.extend(article_ids)
    if stages.assign_stories is not None:
        _assign_stories(article_ids, analyses, stages.assign_stories, db=db, tally=tally,
                        chunk_size=settings.stories.batch_chunk)


def _bounded(articles: list[Article], *, settings: Settings, tally: _Tally) -> list[Article]:
    """The articles short enough to clean and analyse; longer ones are rejected as
    "too-long" (analysis memory grows with a text's length)."""
    limit = settings.ingest.max_article_chars
    kept = []
    for article in articles:
        if len(article.text) > limit:
            tally.rejections.append(Rejection(
                article.source, "read", "too-long",
                f"{len(article.text)} characters > {limit} (IngestSettings.max_article_chars)"))
        else:
            kept.append(article)
    return kept


def _assign_stories(article_ids: list[str], analyses: dict[str, Analysis],
                    assign: StoryAssigner, *, db: Database, tally: _Tally,
                    chunk_size: int = 0) -> None:
    """Give a story to every article of the chunk that has none (new ones, and stored ones
    ingested before the stories stage existed or by a run killed before its stories), as
    the store holds them."""
    in_stories = db.in_stories(article_ids)
    unassigned = db.articles([i for i in article_ids if i not in in_stories])
    if not unassigned:
        return
    known = {**db.analyses([a.id for a in unassigned if a.id not in analyses]), **analyses}
    base = tally.assigned
    tally.progress("stories", base, base + len(unassigned))
    # In the stories stage's own chunks (it clusters a batch in chunks of batch_chunk, each
    # joining the stories of those before): a progress step and a commit per chunk.
    size = chunk_size or len(unassigned)
    for start in range(0, len(unassigned), size):
        assign(db, unassigned[start : start + size], known)
        done = min(start + size, len(unassigned))
        tally.progress("stories", base + done, base + len(unassigned))
    tally.assigned += len(unassigned)


def _prepare_dossiers(prepare: Callable[..., int], *, db: Database, settings: Settings,
                      tally: _Tally) -> None:
    """The dossiers of the stories holding this run's articles, built in this process, or
    by parts on local worker processes, each reading the store itself (a store file or
    server: not an in-memory one) and keeping what it builds."""
    articles = frozenset(tally.article_ids)
    parts = (dossier_parts(db, articles, tally.executor.slots)
             if isinstance(tally.executor, LocalProcesses) and _reachable_elsewhere(db) else [])
    if len(parts) < 2:
        prepare(db, settings=settings, articles=articles,
                progress=functools.partial(tally.progress, "dossiers"))
        return
    work = functools.partial(prepare_dossiers_part, prepare, db.url, settings)
    total = sum(len(part) for part in parts)
    done = 0
    tally.progress("dossiers", 0, total)
    for index, _built in tally.executor.map_parts(work, parts):
        done += len(parts[index])
        tally.progress("dossiers", done, total)


def _reachable_elsewhere(db: Database) -> bool:
    """Whether another process can open this store (not an in-memory SQLite one)."""
    url = sa.make_url(db.url)
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


def _no_progress(_phase: str, _done: int, _total: int) -> None:
    return None


@dataclass
class _Tally:
    """What a run has done so far: counts, rejections, ids; the rejections are written to
    the store at the end of each chunk."""

    run_id: str
    progress: Progress
    executor: Executor
    db: Database | None  # None: nothing is stored (``prepare``)
    read: int = 0
    new: int = 0
    present: int = 0
    assigned: int = 0
    done: dict[str, int] = field(default_factory=dict)  # articles done so far, by phase
    rejections: list[Rejection] = field(default_factory=list)
    stored_rejections: int = 0
    failed_ids: set[str] = field(default_factory=set)  # rejected after reading
    article_ids: list[str] = field(default_factory=list)

    def reject(self, article: Article, stage: str, reason: str, error: Exception | str) -> None:
        log.warning("ingest: %s rejected at %s: %s", article.source, stage, error)
        self.rejections.append(Rejection(article.source, stage, reason, str(error)))
        self.failed_ids.add(article.id)

    def flush_rejections(self) -> None:
        if self.db is None:
            return
        for rejection in self.rejections[self.stored_rejections:]:
            self.db.add_rejection(rejection, run_id=self.run_id)
        self.stored_rejections = len(self.rejections)

    def report(self) -> IngestReport:
        self.flush_rejections()  # those of inputs that gave no article at all
        return IngestReport(
            run_id=self.run_id, read=self.read, new=self.new, already_present=self.present,
            rejections=tuple(self.rejections), article_ids=tuple(self.article_ids))


def _split(items: Iterable[Article | Rejection], tally: _Tally) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Rejection):
            tally.rejections.append(item)
        else:
            tally.read += 1
            yield item


def _read(paths: Sequence[str | Path], *, outlet: str | None, settings: Settings,
          tally: _Tally) -> Iterator[Article]:
    from crosscheck.readers import input_files, read_paths

    # the readers' own walk, so files beside the articles (README.md, gold.json) are passed
    # over exactly as `read_paths` would; a missing path is kept and rejected with its reason
    files = list(input_files(paths))
    tally.progress("read", 0, len(files))
    for done, path in enumerate(files, 1):
        yield from _split(read_paths([path], outlet=outlet, settings=settings.read), tally)
        tally.progress("read", done, len(files))


def _in_parts(phase: str, work: Callable[[Sequence[Article]], list[Any]],
              articles: list[Article], tally: _Tally) -> list[Any]:
    """work's results over the parts of articles run on the executor, in input order, with
    progress as each part finishes."""
    parts = split(articles, tally.executor.slots)
    results: list[list[Any]] = [[] for _ in parts]
    base = tally.done.get(phase, 0)
    total = base + len(articles)
    done = 0
    tally.progress(phase, base, total)
    for index, result in tally.executor.map_parts(work, parts):
        results[index] = result
        done += len(parts[index])
        tally.progress(phase, base + done, total)
    tally.done[phase] = total
    return [item for result in results for item in result]


def _clean(articles: list[Article], stages: Stages, *, stored: Any, settings: Settings,
           tally: _Tally) -> list[Article]:
    """The articles cleaned (``stored``: the store's line counts, or None without one);
    those cleaned down to nothing are rejected as "no-body"."""
    if not articles:
        return []
    if stages.clean_in_parts is not None:
        work = stages.clean_in_parts(articles, settings=settings.clean, stored=stored)
        cleaned = list(_split_cleaned(_in_parts("clean", work, articles, tally), tally))
    elif stages.clean is not None:  # the whole chunk at once, in this process
        base = tally.done.get("clean", 0)
        tally.progress("clean", base, base + len(articles))
        cleaned = list(_split_cleaned(stages.clean(articles, settings=settings.clean), tally))
        tally.done["clean"] = base + len(articles)
        tally.progress("clean", tally.done["clean"], tally.done["clean"])
    else:
        return articles
    kept = []
    for article in cleaned:
        rejection = not_an_article(article, settings=settings.clean)  # no body, or too short
        if rejection is None:
            kept.append(article)
        else:  # no body, or too short to be an article
            tally.rejections.append(rejection)
            tally.failed_ids.add(article.id)
    return kept


def _split_cleaned(items: Iterable[Article | Rejection], tally: _Tally) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Rejection):
            tally.rejections.append(item)
        else:
            yield item


def _split_present(articles: list[Article], *, db: Database) -> tuple[list[Article], list[Article]]:
    """New articles, and those stored before (or repeated within this chunk; those of
    earlier chunks are stored)."""
    new: list[Article] = []
    present: list[Article] = []
    seen = db.stored_ids(article.id for article in articles)  # grows with the chunk's own
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
    tally.present += len(settled)
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


def _store(articles: list[Article], analyses: dict[str, Analysis],
           keys: Mapping[str, Iterable[tuple[str, str]]], *, db: Database,
           tally: _Tally) -> tuple[list[Article], list[Article]]:
    """Store each article with its analysis, one transaction each; a failed write rejects
    that article and the chunk goes on. Returns (stored by this run, stored meanwhile by
    another: counted as present, so concurrent runs count each article new once)."""
    stored: list[Article] = []
    present: list[Article] = []
    base = tally.done.get("store", 0)
    total = base + len(articles)
    tally.progress("store", base, total)
    for done, article in enumerate(articles, 1):
        if article.id not in tally.failed_ids:
            try:
                added = db.add_article(article, analysis=analyses.get(article.id),
                                       line_keys=keys.get(article.id, ()))
                (stored if added else present).append(article)
            except StoreError as error:
                tally.reject(article, "store", "store-failed", error)
        tally.progress("store", base + done, total)
    tally.done["store"] = total
    tally.new += len(stored)
    return stored, present
