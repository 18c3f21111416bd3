"""The ``Database`` object: every read and write of the store goes through it."""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

import numpy as np
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from crosscheck.errors import AmbiguousId, NotFound, StoreError
from crosscheck.listing import sort_summaries
from crosscheck.records import Analysis, Article, Rejection, Story, Thread, content_id, to_dict
from crosscheck.settings import DEFAULT, StoreSettings
from crosscheck.store import codec, fts, migrations, schema, story_index
from crosscheck.store import threads as thread_rows
from crosscheck.store.schema import WRITER

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoryActivity:
    """What ordering and packing a story's dossier build needs, without the story itself."""

    id: str
    articles: int
    last_published: str | None

MIN_ID_PREFIX = 4  # shorter prefixes match too much to be worth a query
AMBIGUOUS_SHOWN = 5  # ids an ambiguous prefix's error names


def database_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy URL from a URL, a file path, or ":memory:"."""
    text = str(url_or_path)
    for plain in ("postgresql://", "postgres://"):  # the driver crosscheck installs: psycopg 3
        if text.startswith(plain):
            return "postgresql+psycopg://" + text[len(plain):]
    if "://" in text:
        return text
    if text in ("", ":memory:"):
        return "sqlite://"
    return f"sqlite:///{Path(text).expanduser()}"


def make_engine(url: str, *, settings: StoreSettings = DEFAULT.store) -> sa.Engine:
    try:
        if url == "sqlite://":  # one shared in-memory database, not one per connection
            engine = sa.create_engine(
                url, poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
        else:
            engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as error:
        raise StoreError(f"cannot open database {url!r}: {error}") from error
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", functools.partial(_sqlite_connect, settings=settings))
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_file_exists(url: str) -> bool:
    """False only for a SQLite file that is not there (other databases are not checked)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return True
    return Path(parsed.database).is_file()


def _sqlite_connect(dbapi_connection: Any, _record: Any, *, settings: StoreSettings) -> None:
    # Python's sqlite3 commits DDL on its own and begins transactions lazily; take over so
    # that a migration or an article is one real transaction (SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # Write-ahead log with synchronous=NORMAL: a commit no longer waits for the disk (one
    # fsync per checkpoint instead of per transaction; benchmarks/store.py measured 23 vs
    # several hundred articles/s on this machine). Transactions stay atomic: a crash or
    # power cut can lose the last commits, never leave half of one.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA busy_timeout = {int(settings.sqlite_busy_timeout_ms)}")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    immediate = conn.get_execution_options().get(WRITER, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def rejection_id(rejection: Rejection) -> str:
    return content_id(rejection.source, rejection.stage, rejection.reason, rejection.detail)


class Database:
    """A crosscheck store: SQLite by default, PostgreSQL with the same schema.

    Writes go through one lock and one transaction at a time (one writer); every method that
    writes is idempotent, so running the same ingest twice leaves the content unchanged.
    """

    def __init__(
        self,
        url_or_path: str | Path = ":memory:",
        *,
        create: bool = True,
        settings: StoreSettings = DEFAULT.store,
    ) -> None:
        """Open (and migrate) a database. ":memory:" shares one connection: use it from one
        thread at a time (tests, ``crosscheck compare``); a file or a server for threads."""
        self.url = database_url(url_or_path)
        if not create and not _sqlite_file_exists(self.url):
            raise StoreError(f"no database at {url_or_path} (create one with `crosscheck ingest`)")
        self.settings = settings
        self.engine = make_engine(self.url, settings=settings)
        self._write_lock = threading.Lock()
        try:
            self.version = migrations.apply(self.engine)
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(f"cannot open or migrate database {self.url!r}: {error}") from error
        self._fts = fts.for_dialect(self.engine.dialect.name)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """One transaction of the single writer: all of it is stored, or none of it."""
        with self._write_lock:
            try:
                with self.engine.connect() as conn, \
                        conn.execution_options(**{WRITER: True}).begin():
                    yield conn
            except (sa.exc.SQLAlchemyError, TypeError, ValueError) as error:
                # TypeError/ValueError: a value the database or JSON cannot hold
                raise StoreError(f"write failed and was rolled back: {error}") from error

    def _reading(self) -> contextlib.AbstractContextManager[sa.Connection]:
        return self.engine.connect()

    # --- articles ------------------------------------------------------------------------

    def add_article(self, article: Article, analysis: Analysis | None = None, *,
                    line_keys: Iterable[tuple[str, str]] = ()) -> bool:
        """Store an article with its removed lines (and analysis), in one transaction.

        Returns False when the article was already stored: nothing of it is changed then,
        except that an analysis is added if the article had none. Insert-or-skip: when
        another process stores the same article at the same moment, one of the two stores
        it and the other returns False (never a unique-key error). Text holding NUL is
        refused on every database (PostgreSQL cannot keep it; the readers replace it).
        ``line_keys``: the (outlet, normalised line) pairs of the article as read, kept for
        the cleaner's repeated-lines signal (``line_key_counts``).
        """
        if analysis is not None and analysis.article_id != article.id:
            raise StoreError(f"analysis of {analysis.article_id} given for article {article.id}")
        row = codec.article_row(article)
        _refuse_nul(row, codec.removed_rows(article))
        with self._writing() as conn:
            if not _insert_or_skip(conn, schema.articles, row):
                if analysis is not None:
                    _insert_analysis(conn, analysis)  # skipped when it has one
                return False
            if article.removed:
                conn.execute(sa.insert(schema.removed_lines), codec.removed_rows(article))
            self._fts.add(conn, article.id, article.title, article.text)
            if analysis is not None:
                _insert_analysis(conn, analysis)
            keys = sorted({_line_hash(key) for key in line_keys})
            if keys:
                conn.execute(sa.insert(schema.line_keys),
                             [{"key_hash": key, "article_id": article.id} for key in keys])
        return True

    def line_key_counts(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """How many stored articles hold each (outlet, normalised line) pair (those held by
        none are left out): a query per chunk of keys, whatever the store's size."""
        by_hash = {_line_hash(key): key for key in keys}
        table = schema.line_keys
        counts: dict[tuple[str, str], int] = {}
        with self._reading() as conn:
            for chunk in _chunks(sorted(by_hash), self.settings.ids_per_query):
                rows = conn.execute(sa.select(table.c.key_hash, sa.func.count())
                                    .where(table.c.key_hash.in_(chunk))
                                    .group_by(table.c.key_hash))
                counts.update({by_hash[key_hash]: count for key_hash, count in rows})
        return counts

    def has_article(self, article_id: str) -> bool:
        if not _storable_key(article_id):
            return False
        with self._reading() as conn:
            return _exists(conn, schema.articles.c.id, article_id)

    def stored_ids(self, article_ids: Iterable[str]) -> set[str]:
        """Those of the ids that name stored articles (a query per chunk of ids)."""
        return self._present(schema.articles.c.id, article_ids)

    def _present(self, column: sa.Column[Any], values: Iterable[str]) -> set[str]:
        found: set[str] = set()
        with self._reading() as conn:
            for chunk in _chunks(sorted(set(values)), self.settings.ids_per_query):
                found.update(conn.execute(sa.select(column).where(column.in_(chunk))).scalars())
        return found

    def article(self, article_id: str) -> Article:
        if not _storable_key(article_id):
            raise NotFound(f"no article {article_id!r}")
        with self._reading() as conn:
            row = conn.execute(
                sa.select(schema.articles).where(schema.articles.c.id == article_id)
            ).first()
            if row is None:
                raise NotFound(f"no article {article_id!r}")
            removed = _rows(conn, sa.select(schema.removed_lines).where(
                schema.removed_lines.c.article_id == article_id
            ))
        return codec.article_from_rows(dict(row._mapping), removed)

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Articles by id (all of them when ids is None), ordered by publication date (unknown
        dates last), then id. Unknown ids are left out."""
        with self._reading() as conn:
            if ids is None:
                rows = _rows(conn, sa.select(schema.articles))
                lines = _rows(conn, sa.select(schema.removed_lines))
            else:
                rows, lines = [], []
                for chunk in _chunks(sorted(set(ids)), self.settings.ids_per_query):
                    rows += _rows(conn, sa.select(schema.articles).where(
                        schema.articles.c.id.in_(chunk)))
                    lines += _rows(conn, sa.select(schema.removed_lines).where(
                        schema.removed_lines.c.article_id.in_(chunk)))
        removed: dict[str, list[dict[str, Any]]] = {}
        for line in lines:
            removed.setdefault(line["article_id"], []).append(line)
        rows.sort(key=lambda row: (row["published"] is None, row["published"] or "", row["id"]))
        return [codec.article_from_rows(row, removed.get(row["id"], [])) for row in rows]

    def article_ids(self) -> list[str]:
        with self._reading() as conn:
            return list(conn.execute(
                sa.select(schema.articles.c.id).order_by(schema.articles.c.id)
            ).scalars())

    def resolve_article_id(self, prefix: str) -> str:
        """The full id of the one article whose id starts with prefix (at least 4 characters);
        NotFound when none does, AmbiguousId when several do."""
        return self._resolve_prefix(schema.articles.c.id, prefix, "article")

    def _resolve_prefix(self, column: sa.Column[Any], prefix: str, noun: str) -> str:
        if len(prefix) < MIN_ID_PREFIX:
            raise NotFound(f"{noun} id {prefix!r} is too short "
                           f"(give at least {MIN_ID_PREFIX} characters)")
        if not _storable_key(prefix):
            raise NotFound(f"no {noun} {prefix!r}")
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._reading() as conn:
            matches = list(conn.execute(
                sa.select(column).where(column.like(escaped + "%", escape="\\"))
                .order_by(column).limit(AMBIGUOUS_SHOWN + 1)
            ).scalars())
        if prefix in matches:  # a full id is never ambiguous
            return prefix
        if not matches:
            raise NotFound(f"no {noun} {prefix!r}")
        if len(matches) > 1:
            shown = ", ".join(matches[:AMBIGUOUS_SHOWN])
            more = ", ..." if len(matches) > AMBIGUOUS_SHOWN else ""
            raise AmbiguousId(f"{noun} id {prefix!r} is ambiguous: it starts {shown}{more} "
                              "(give more characters)")
        return matches[0]

    # --- analyses ------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis) -> None:
        """Store or replace the analysis of a stored article."""
        with self._writing() as conn:
            if not _exists(conn, schema.articles.c.id, analysis.article_id):
                raise NotFound(f"no article {analysis.article_id!r}")
            table = schema.analyses
            conn.execute(sa.delete(table).where(table.c.article_id == analysis.article_id))
            _insert_analysis(conn, analysis)
            members = schema.story_articles
            _forget_dossiers(conn, sa.select(members.c.story_id).where(
                members.c.article_id == analysis.article_id))

    def analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of an article, or None when it has not been analysed."""
        with self._reading() as conn:
            data = conn.execute(
                sa.select(schema.analyses.c.data).where(schema.analyses.c.article_id == article_id)
            ).scalar()
        return None if data is None else codec.analysis_from_dict(data)

    def analyses(self, ids: Iterable[str]) -> dict[str, Analysis]:
        """The stored analyses of the given articles, by article id (unanalysed ones absent)."""
        table = schema.analyses
        with self._reading() as conn:
            chunks = _chunks(sorted(set(ids)), self.settings.ids_per_query)
            rows = [row for chunk in chunks for row in _rows(
                conn, sa.select(table).where(table.c.article_id.in_(chunk)))]
        return {row["article_id"]: codec.analysis_from_dict(row["data"]) for row in rows}

    # --- vectors --------------------------------------------------------------------------

    def save_vectors(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Store articles' embedding vectors made by ``model`` (stored ones are kept)."""
        table = schema.article_vectors
        with self._writing() as conn:
            known = set(_vector_ids(conn, model, vectors, size=self.settings.ids_per_query))
            rows = [{"article_id": article_id, "model": model,
                     "vector": np.asarray(vector, dtype="<f4").tobytes()}
                    for article_id, vector in vectors.items() if article_id not in known]
            if rows:
                conn.execute(sa.insert(table), rows)

    def vectors(self, model: str, ids: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors made by ``model`` of the given articles (missing ones absent)."""
        table = schema.article_vectors
        with self._reading() as conn:
            chunks = _chunks(sorted(set(ids)), self.settings.ids_per_query)
            rows = [row for chunk in chunks for row in _rows(conn, sa.select(table).where(
                table.c.model == model, table.c.article_id.in_(chunk)))]
        return {row["article_id"]: np.frombuffer(row["vector"], dtype="<f4") for row in rows}

    # --- rejections ----------------------------------------------------------------------

    def add_rejection(self, rejection: Rejection, *, run_id: str | None = None) -> bool:
        """Record a rejected input; the same rejection seen again is not recorded twice."""
        row = {"id": rejection_id(rejection), "run_id": run_id, **to_dict(rejection)}
        with self._writing() as conn:
            return _insert_or_skip(conn, schema.rejections, row)

    def rejections(self) -> list[dict[str, Any]]:
        table = schema.rejections
        with self._reading() as conn:
            return _rows(conn, sa.select(table).order_by(table.c.source, table.c.id))

    # --- stories -------------------------------------------------------------------------

    def save_story(self, story: Story) -> None:
        """Create or update a story and its membership, in one transaction.

        An article belongs to one story at a time: saving a story takes its articles out of
        any other story, and a story left with no articles is deleted. The story's creation
        time is set once, so saving the same story again changes nothing.
        """
        with self._writing() as conn:
            if _write_story(conn, story):
                story_index.invalidate(conn)  # changed outside the story index

    # --- dossiers (built by crosscheck.compare.cache) -----------------------------------

    def cached_dossier(self, story_id: str, fingerprint: str) -> dict[str, Any] | None:
        """The dossier JSON stored for a story under ``fingerprint``, or None."""
        table = schema.dossiers
        with self._reading() as conn:
            return conn.execute(sa.select(table.c.data).where(
                table.c.story_id == story_id, table.c.fingerprint == fingerprint)).scalar()

    def save_dossier(self, story_id: str, fingerprint: str, data: dict[str, Any]) -> None:
        """Keep a story's dossier JSON (replacing the one kept before)."""
        table = schema.dossiers
        with self._writing() as conn:
            if not _exists(conn, schema.stories.c.id, story_id):
                return  # the story went while its dossier was being built
            conn.execute(sa.delete(table).where(table.c.story_id == story_id))
            conn.execute(sa.insert(table), {"story_id": story_id, "fingerprint": fingerprint,
                                            "data": data})

    @contextlib.contextmanager
    def story_index_session(self) -> Iterator[story_index.StoryIndexStore]:
        """One write transaction over the persisted story index (``story_index.py``): the
        stories stage reads the rows an assignment needs and saves stories and index changes
        together; an exception inside leaves both as they were."""
        with self._writing() as conn:
            story_index.lock(conn)
            yield story_index.StoryIndexStore(
                conn, ids_per_query=self.settings.ids_per_query,
                write_story=functools.partial(_write_story, conn),
            )

    def story(self, story_id: str) -> Story:
        if not _storable_key(story_id):
            raise NotFound(f"no story {story_id!r}")
        stories = self._stories(schema.stories.c.id == story_id)
        if not stories:
            raise NotFound(f"no story {story_id!r}")
        return stories[0]

    def resolve_story_id(self, prefix: str) -> str:
        """The full id of the one story whose id starts with prefix (at least 4 characters);
        NotFound when none does, AmbiguousId when several do."""
        return self._resolve_prefix(schema.stories.c.id, prefix, "story")

    def stories(self) -> list[Story]:
        """All stories, oldest first."""
        return self._stories(None)

    def story_of(self, article_id: str) -> Story | None:
        """The story an article belongs to, or None when it has none yet."""
        members = schema.story_articles
        if not _storable_key(article_id):
            return None
        with self._reading() as conn:
            story_id = conn.execute(
                sa.select(members.c.story_id).where(members.c.article_id == article_id)
            ).scalar()
        return None if story_id is None else self.story(story_id)

    def in_stories(self, article_ids: Iterable[str]) -> set[str]:
        """Those of the articles that belong to a story (a query per chunk of ids, not one
        per article: an ingest asks this of every article it read)."""
        return self._present(schema.story_articles.c.article_id, article_ids)

    def stories_by_activity(self, article_ids: Iterable[str] | None = None) -> list[StoryActivity]:
        """The stories holding any of ``article_ids`` (every story when None), as
        ``StoryActivity`` (id, article count, latest publication date) in the order of
        ``story_summaries(sort="latest")``: newest activity first. Reads no titles, no
        article lists and no Story records, so a caller going through every story of a
        large store (the dossiers an ingest of 100,000 articles prepares) holds a few
        small values per story, not every story's summary; with ``article_ids``, only
        the rows of their stories are read (a small ingest into a large store)."""
        stories, members, articles = schema.stories, schema.story_articles, schema.articles
        rows = sa.select(stories.c.id, stories.c.created)
        dates = sa.select(members.c.story_id, articles.c.published).join(
            articles, articles.c.id == members.c.article_id)
        if article_ids is None:
            chunks: Iterable[list[str] | None] = [None]
        else:
            chunks = _chunks(sorted(self.stories_holding(article_ids)), self.settings.ids_per_query)
        created: list[tuple[Any, str]] = []
        sizes: dict[str, int] = {}
        latest: dict[str, str] = {}
        with self._reading() as conn:
            for chunk in chunks:
                created += [(when, story_id) for story_id, when
                            in conn.execute(_among(rows, stories.c.id, chunk))]
                for story_id, published in conn.execute(_among(dates, members.c.story_id, chunk)):
                    sizes[story_id] = sizes.get(story_id, 0) + 1
                    if published and published > latest.get(story_id, ""):
                        latest[story_id] = published
        oldest_first = [story_id for _, story_id in sorted(created)]
        ordered = sort_summaries([{"id": i, "last_published": latest.get(i)} for i in oldest_first],
                                 "latest")
        return [StoryActivity(row["id"], sizes.get(row["id"], 0), row["last_published"])
                for row in ordered]

    def stories_holding(self, article_ids: Iterable[str]) -> dict[str, list[str]]:
        """story id -> those of ``article_ids`` it holds (sorted), for the stories holding
        any of them."""
        members = schema.story_articles
        found: dict[str, list[str]] = {}
        with self._reading() as conn:
            for chunk in _chunks(sorted(set(article_ids)), self.settings.ids_per_query):
                query = sa.select(members.c.story_id, members.c.article_id).where(
                    members.c.article_id.in_(chunk))
                for story_id, article_id in conn.execute(query):
                    found.setdefault(story_id, []).append(article_id)
        return {story_id: sorted(ids) for story_id, ids in found.items()}

    def stories_of(self, story_ids: Iterable[str]) -> list[Story]:
        """The stories with these ids (those that exist), oldest first."""
        ids = sorted(set(story_ids))
        return self._stories(schema.stories.c.id.in_(ids)) if ids else []

    def story_summaries(self, *, sort: str = "latest") -> list[dict[str, Any]]:
        """One dict per story: id, title, article count, duplicate count, the outlets that
        are known (sorted), how many of its articles have no known outlet, the first and
        last publication dates known, and its articles (id, source, outlet, title,
        published, copy_of) in the story's order, so that a script can map its inputs to
        stories.

        ``sort`` is one of ``crosscheck.listing.STORY_ORDERS``: "latest" (newest activity
        first: the latest publication date of its articles), "size" (most articles first)
        or "created" (the order the stories were made, oldest first)."""
        summaries = self._summaries(None)  # created order: the sorts below are stable
        return sort_summaries(summaries, sort)

    def event_summaries(self, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The summaries ``story_summaries`` gives, of these events only, by id."""
        ids = list(event_ids)
        return {summary["id"]: summary
                for summary in self._summaries(schema.stories.c.id.in_(ids))} if ids else {}

    def _summaries(self, condition: Any) -> list[dict[str, Any]]:
        members, articles = schema.story_articles, schema.articles
        query = sa.select(
            members.c.story_id, members.c.position, members.c.duplicate_of,
            articles.c.id, articles.c.source, articles.c.outlet, articles.c.title,
            articles.c.published,
        ).join(articles, articles.c.id == members.c.article_id)
        if condition is not None:
            query = query.where(members.c.story_id.in_(
                sa.select(schema.stories.c.id).where(condition).scalar_subquery()))
        with self._reading() as conn:
            rows = _rows(conn, query)
        by_story: dict[str, list[dict[str, Any]]] = {}
        for row in sorted(rows, key=lambda row: row["position"]):
            by_story.setdefault(row["story_id"], []).append(row)
        return [_story_summary(story, by_story.get(story.id, []))
                for story in self._stories(condition)]

    def _stories(self, condition: Any) -> list[Story]:
        stories_query = sa.select(schema.stories).order_by(
            schema.stories.c.created, schema.stories.c.id
        )
        members_query = sa.select(schema.story_articles)
        if condition is not None:
            stories_query = stories_query.where(condition)
            members_query = members_query.where(
                schema.story_articles.c.story_id.in_(stories_query.with_only_columns(
                    schema.stories.c.id
                ).order_by(None).scalar_subquery())
            )
        with self._reading() as conn:
            rows = _rows(conn, stories_query)
            members: dict[str, list[dict[str, Any]]] = {}
            for member in _rows(conn, members_query):
                members.setdefault(member["story_id"], []).append(member)
        return [codec.story_from_rows(row, members.get(row["id"], [])) for row in rows]

    # --- developing stories (each links events, the rows above) ------------------------------

    def threads(self) -> list[Thread]:
        """All developing stories, oldest first, each with its events in order."""
        with self._reading() as conn:
            return thread_rows.read_threads(conn)

    def thread(self, thread_id: str) -> Thread:
        with self._reading() as conn:
            found = thread_rows.read_threads(conn, schema.threads.c.id == thread_id)
        if not found:
            raise NotFound(f"no story {thread_id!r}")
        return found[0]

    def thread_of_event(self, event_id: str) -> str | None:
        """The id of the developing story an event belongs to, or None."""
        with self._reading() as conn:
            return thread_rows.thread_of_event(conn, event_id)

    def resolve_thread_id(self, prefix: str) -> str:
        """The full id of the one developing story whose id starts with prefix."""
        return self._resolve_prefix(schema.threads.c.id, prefix, "story")

    # --- search and counts ---------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts: dicts (id, title, outlet, published,
        snippet), best match first."""
        with self._reading() as conn:  # NUL is no word; PostgreSQL refuses it in a query
            return self._fts.search(conn, query.replace("\x00", " "), limit=limit)

    def counts(self) -> dict[str, int]:
        tables = [schema.articles, schema.removed_lines, schema.rejections, schema.analyses,
                  schema.stories, schema.story_articles, schema.threads, schema.thread_events]
        with self._reading() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
                or 0
                for table in tables
            }


def _story_summary(story: Story, rows: list[dict[str, Any]]) -> dict[str, Any]:
    outlets = [row["outlet"] for row in rows]
    dates = sorted(row["published"] for row in rows if row["published"])
    return {
        "id": story.id,
        "title": story.title,
        "articles": len(story.article_ids),
        "duplicates": len(story.duplicates),
        "outlets": sorted({outlet for outlet in outlets if outlet}),
        "unknown_outlet": sum(1 for outlet in outlets if not outlet),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "article_list": [
            {"id": row["id"], "source": row["source"], "outlet": row["outlet"],
             "title": row["title"], "published": row["published"],
             "copy_of": row["duplicate_of"]}
            for row in rows
        ],
    }


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _line_hash(key: tuple[str, str]) -> str:
    return content_id(*key)


def _storable_key(value: str) -> bool:
    """False for a key no row can have: one holding NUL (``/stories/%00``), which
    PostgreSQL would refuse to compare with an error rather than find nothing."""
    return "\x00" not in value


def _refuse_nul(row: Mapping[str, Any], removed: list[dict[str, Any]]) -> None:
    """One behaviour on both databases: SQLite would keep a NUL that PostgreSQL refuses."""
    texts = [value for value in row.values() if isinstance(value, str)]
    texts += [line["text"] for line in removed]
    if any("\x00" in text for text in texts):
        raise StoreError(f"article {row['id']} holds a NUL character (no store keeps one)")


def _insert_or_skip(conn: sa.Connection, table: sa.Table, row: Mapping[str, Any]) -> bool:
    """Insert the row unless its primary key is taken (by this or a concurrent writer);
    True when it was inserted. ON CONFLICT DO NOTHING, which SQLite and PostgreSQL share."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    key = list(table.primary_key.columns)[0]
    statement = dialect.insert(table).values(**row).on_conflict_do_nothing().returning(key)
    return conn.execute(statement).first() is not None  # rowcount is not reliable here


def _exists(conn: sa.Connection, column: sa.Column[Any], value: str) -> bool:
    return conn.execute(sa.select(column).where(column == value).limit(1)).first() is not None


def _among(query: sa.Select[Any], column: sa.Column[Any], values: list[str] | None
           ) -> sa.Select[Any]:
    """The query, restricted to rows whose column is one of values (None: no restriction)."""
    return query if values is None else query.where(column.in_(values))


def _rows(conn: sa.Connection, query: sa.Select[Any]) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in conn.execute(query)]


def _insert_analysis(conn: sa.Connection, analysis: Analysis) -> None:
    """Insert an article's analysis; one already stored (by a concurrent writer) is kept."""
    _insert_or_skip(conn, schema.analyses,
                    {"article_id": analysis.article_id, "data": to_dict(analysis)})


def _write_story(conn: sa.Connection, story: Story) -> bool:
    """Save a story and its membership; True when something changed."""
    _check_story(story)
    duplicate_of = dict(story.duplicates)
    rows = [
        {"story_id": story.id, "article_id": article_id, "position": position,
         "duplicate_of": duplicate_of.get(article_id)}
        for position, article_id in enumerate(story.article_ids)
    ]
    changed = _upsert_story_row(conn, story)
    stored = _members(conn, story)
    if stored == rows:
        if changed:  # a new title
            _forget_dossiers(conn, [story.id])
        return changed
    _forget_dossiers(conn, sorted({story.id} | {row["story_id"] for row in stored}))
    members = schema.story_articles
    conn.execute(
        sa.delete(members).where(
            (members.c.story_id == story.id) | members.c.article_id.in_(story.article_ids)
        )
    )
    conn.execute(sa.insert(members), rows)
    _delete_empty_stories(conn, {row["story_id"] for row in stored} - {story.id})
    return True


def _check_story(story: Story) -> None:
    if not story.article_ids:
        raise StoreError(f"story {story.id} has no articles")
    if len(set(story.article_ids)) != len(story.article_ids):
        raise StoreError(f"story {story.id} lists an article twice")
    members = set(story.article_ids)
    for duplicate, original in story.duplicates:
        if duplicate not in members:
            raise StoreError(f"story {story.id}: duplicate {duplicate} is not one of its articles")
        if original == duplicate:
            raise StoreError(f"story {story.id}: article {duplicate} duplicates itself")


def _upsert_story_row(conn: sa.Connection, story: Story) -> bool:
    """Insert the story's row, or update its title; its creation time is set only once.
    True when the row changed."""
    stories = schema.stories
    title = conn.execute(sa.select(stories.c.title).where(stories.c.id == story.id)).scalar()
    if title is None:
        conn.execute(sa.insert(stories), {"id": story.id, "title": story.title, "created": _now()})
    elif title != story.title:
        conn.execute(sa.update(stories).where(stories.c.id == story.id).values(title=story.title))
    return title != story.title


def _members(conn: sa.Connection, story: Story) -> list[dict[str, Any]]:
    """The stored membership rows of the story and of its articles (in any story)."""
    members = schema.story_articles
    return _rows(conn, sa.select(members).where(
        (members.c.story_id == story.id) | members.c.article_id.in_(story.article_ids)
    ).order_by(members.c.story_id, members.c.position))


def _forget_dossiers(conn: sa.Connection, story_ids: Any) -> None:
    """Delete the kept dossiers of these stories (ids, or a subquery giving them): what they
    were built from has changed."""
    table = schema.dossiers
    conn.execute(sa.delete(table).where(table.c.story_id.in_(story_ids)))


def _delete_empty_stories(conn: sa.Connection, story_ids: set[str]) -> None:
    """Delete those of the given stories (the ones that lost articles) left empty; only
    those, so that a save costs the same in a small store as in a large one."""
    if not story_ids:
        return
    members = schema.story_articles
    conn.execute(sa.delete(schema.stories).where(
        schema.stories.c.id.in_(sorted(story_ids)),
        ~sa.exists().where(members.c.story_id == schema.stories.c.id),
    ))


def _vector_ids(conn: sa.Connection, model: str, ids: Iterable[str], *, size: int) -> list[str]:
    table = schema.article_vectors
    found: list[str] = []
    for chunk in _chunks(sorted(set(ids)), size):
        found += conn.execute(sa.select(table.c.article_id).where(
            table.c.model == model, table.c.article_id.in_(chunk))).scalars().all()
    return found
