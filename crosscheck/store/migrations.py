"""Numbered schema migrations, applied in order when a database is opened.

``MIGRATIONS`` is a list of ``(number, name, function)``; each function takes a connection
inside a transaction. The ``schema_version`` table records every migration applied, so
opening a database runs only the ones it lacks, each in its own transaction (a failed
migration leaves the database at the previous version).

Rules: a released migration never changes; a schema change is a new function with the next
number, and ``schema.py`` is updated to match (``tests/test_store_migrations.py`` checks that
a migrated database has exactly the columns ``schema.py`` declares). Migration 1 creates the
version-1 tables from ``schema.py``: when a later migration alters one of them, copy its
version-1 definition into migration 1 first (migration 7 needs no copy: turning a column
that is already text into text changes nothing).

Two processes opening one new store at once (two ingests started together) apply each
migration once: a migration's transaction takes the store's write lock first (SQLite: BEGIN
IMMEDIATE; PostgreSQL: a transaction-level advisory lock) and reads the version again under
it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Callable

import sqlalchemy as sa

from crosscheck.errors import StoreError
from crosscheck.store import fts, schema

# The PostgreSQL advisory lock key migrations hold (any fixed 64-bit number: "crossche").
_MIGRATION_LOCK = 0x63726F7373636865

log = logging.getLogger(__name__)

Migration = tuple[int, str, Callable[[sa.Connection], None]]


def _001_core_tables(conn: sa.Connection) -> None:
    tables = [
        schema.articles,
        schema.removed_lines,
        schema.rejections,
        schema.analyses,
        schema.stories,
        schema.story_articles,
    ]
    schema.metadata.create_all(conn, tables=tables)


def _002_full_text_index(conn: sa.Connection) -> None:
    fts.for_dialect(conn.dialect.name).create(conn)


def _003_article_vectors(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.article_vectors])


def _004_story_index(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.STORY_INDEX_TABLES))


def _005_dossier_cache(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.dossiers])


def _006_developing_stories(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.threads, schema.thread_events])


# Columns that held an input's words in varchar(N) until version 7 (see schema.articles).
_WIDENED = {
    "articles": ("format", "outlet", "author", "published", "section", "language"),
    "removed_lines": ("reason",),
    "rejections": ("stage", "reason"),
}


def _007_unbounded_text(conn: sa.Connection) -> None:
    if conn.dialect.name != "postgresql":  # SQLite never enforced the lengths
        return
    for table, columns in _WIDENED.items():
        changes = ", ".join(f"ALTER COLUMN {column} TYPE TEXT" for column in columns)
        conn.exec_driver_sql(f"ALTER TABLE {table} {changes}")


def _008_line_keys(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.line_keys])


MIGRATIONS: list[Migration] = [
    (1, "core tables", _001_core_tables),
    (2, "full-text index", _002_full_text_index),
    (3, "article vectors", _003_article_vectors),
    (4, "story index state", _004_story_index),
    (5, "dossier cache", _005_dossier_cache),
    (6, "developing stories", _006_developing_stories),
    (7, "text columns without length limits", _007_unbounded_text),
    (8, "line keys of stored articles", _008_line_keys),
]

LATEST = MIGRATIONS[-1][0]


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    version = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return version or 0


def apply(engine: sa.Engine, migrations: list[Migration] = MIGRATIONS) -> int:
    """Bring the database up to the last migration; return the version it is at."""
    known = migrations[-1][0] if migrations else 0
    with engine.connect() as conn:  # the usual case, without a lock: nothing to do
        version = current_version(conn)
    if version < known:
        with _migrating(engine) as conn:
            schema.metadata.create_all(conn, tables=[schema.schema_version])
            version = current_version(conn)
    if version > known:
        raise StoreError(
            f"database schema version {version} is newer than this crosscheck knows ({known}); "
            "upgrade crosscheck"
        )
    for number, name, migrate in migrations:
        if number <= version:
            continue
        with _migrating(engine) as conn:
            if current_version(conn) >= number:  # another process applied it meanwhile
                continue
            migrate(conn)
            conn.execute(sa.insert(schema.schema_version).values(version=number, name=name))
        log.info("store: applied migration %d (%s)", number, name)
        version = number
    return max(version, _version(engine))


def _version(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return current_version(conn)


@contextlib.contextmanager
def _migrating(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction holding the store's write lock from its first statement."""
    with engine.connect() as conn, conn.execution_options(**{schema.WRITER: True}).begin():
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        yield conn
