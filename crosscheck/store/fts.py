"""Full-text search over article titles and texts: the only dialect-specific SQL in the store.

SQLite uses an FTS5 table kept in step with ``articles`` inside each article's transaction;
PostgreSQL uses a GIN index over ``to_tsvector`` of the articles table itself, so it needs no
second copy of the text. Both answer ``search`` with the same dict rows:
``{"id", "title", "outlet", "published", "snippet"}``, best match first, matched words in the
snippet wrapped in ``**``.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import sqlalchemy as sa

from crosscheck.errors import StoreError

MARK = "**"  # wraps matched words in snippets (Markdown bold, readable as plain text too)
_WORD = re.compile(r"\w+", re.UNICODE)


class FullTextIndex(Protocol):
    def create(self, conn: sa.Connection) -> None: ...
    def add(self, conn: sa.Connection, article_id: str, title: str, text: str) -> None: ...
    def search(self, conn: sa.Connection, query: str, *, limit: int) -> list[dict[str, Any]]: ...


def query_words(query: str) -> list[str]:
    """The words of a user query; punctuation and operators are not syntax for us."""
    return _WORD.findall(query)


class SqliteFts5:
    """An FTS5 table (article_id, title, text); diacritics folded so "Tsikhanouskaya" with or
    without accents matches."""

    def create(self, conn: sa.Connection) -> None:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "article_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
        )

    def add(self, conn: sa.Connection, article_id: str, title: str, text: str) -> None:
        conn.execute(
            sa.text(
                "INSERT INTO articles_fts (article_id, title, text) VALUES (:id, :title, :text)"
            ),
            {"id": article_id, "title": title, "text": text},
        )

    def search(self, conn: sa.Connection, query: str, *, limit: int) -> list[dict[str, Any]]:
        words = query_words(query)
        if not words:
            return []
        # every word quoted: FTS5 then treats it as a plain term, never as an operator
        match = " ".join('"' + word.replace('"', "") + '"' for word in words)
        rows = conn.execute(
            sa.text(
                "SELECT a.id, a.title, a.outlet, a.published, "
                f"snippet(articles_fts, 2, '{MARK}', '{MARK}', '…', 16) AS snippet "
                "FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id "
                "WHERE articles_fts MATCH :match ORDER BY bm25(articles_fts), a.id LIMIT :limit"
            ),
            {"match": match, "limit": limit},
        )
        return [dict(row._mapping) for row in rows]


class PostgresTsvector:
    """A GIN expression index over the articles table; nothing to add per article."""

    _DOCUMENT = "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, ''))"

    def create(self, conn: sa.Connection) -> None:
        conn.exec_driver_sql(f"CREATE INDEX articles_fts ON articles USING GIN ({self._DOCUMENT})")

    def add(self, conn: sa.Connection, article_id: str, title: str, text: str) -> None:
        return None  # the expression index follows the articles table by itself

    def search(self, conn: sa.Connection, query: str, *, limit: int) -> list[dict[str, Any]]:
        words = query_words(query)
        if not words:
            return []
        rows = conn.execute(
            sa.text(
                "SELECT id, title, outlet, published, ts_headline('simple', text, q, "
                f"'StartSel={MARK}, StopSel={MARK}, MaxWords=16, MinWords=8') AS snippet "
                f"FROM articles, plainto_tsquery('simple', :query) q WHERE {self._DOCUMENT} @@ q "
                f"ORDER BY ts_rank({self._DOCUMENT}, q) DESC, id LIMIT :limit"
            ),
            {"query": " ".join(words), "limit": limit},
        )
        return [dict(row._mapping) for row in rows]


def for_dialect(name: str) -> FullTextIndex:
    if name == "sqlite":
        return SqliteFts5()
    if name == "postgresql":
        return PostgresTsvector()
    raise StoreError(f"no full-text search for database dialect {name!r} (SQLite or PostgreSQL)")
