"""Numbered schema migrations, applied in order when a database is opened.

``MIGRATIONS`` is a list of ``(number, name, function)``; each function takes a connection
inside a transaction. The ``schema_version`` table records every migration applied, so
opening a database runs only the ones it lacks, each in its own transaction (a failed
migration leaves the database at the previous version).

Rules: a released migration never changes; a schema change is a new function with the next
number, and ``schema.py`` is updated to match (``tests/test_store_migrations.py`` checks that
a migrated database has exactly the columns ``schema.py`` declares). Migration 1 creates the
version-1 tables from ``schema.py``: when a later migration alters one of them, copy its
version-1 definition into migration 1 first.
"""

from __future__ import annotations

import logging
from typing import Callable

import sqlalchemy as sa

from crosscheck.errors import StoreError
from crosscheck.store import fts, schema

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


MIGRATIONS: list[Migration] = [
    (1, "core tables", _001_core_tables),
    (2, "full-text index", _002_full_text_index),
    (3, "article vectors", _003_article_vectors),
    (4, "story index state", _004_story_index),
    (5, "dossier cache", _005_dossier_cache),
    (6, "developing stories", _006_developing_stories),
]

LATEST = MIGRATIONS[-1][0]


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    version = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return version or 0


def apply(engine: sa.Engine, migrations: list[Migration] = MIGRATIONS) -> int:
    """Bring the database up to the last migration; return the version it is at."""
    with engine.begin() as conn:
        schema.metadata.create_all(conn, tables=[schema.schema_version])
        version = current_version(conn)
    known = migrations[-1][0] if migrations else 0
    if version > known:
        raise StoreError(
            f"database schema version {version} is newer than this crosscheck knows ({known}); "
            "upgrade crosscheck"
        )
    for number, name, migrate in migrations:
        if number <= version:
            continue
        with engine.begin() as conn:
            migrate(conn)
            conn.execute(sa.insert(schema.schema_version).values(version=number, name=name))
        log.info("store: applied migration %d (%s)", number, name)
        version = number
    return version
