"""The persisted story index: reads and writes of its tables inside one write transaction.

``Database.story_index_session()`` opens the transaction and hands out a ``StoryIndexStore``
bound to it. The stories stage reads through it only the rows one assignment needs (a few
terms, postings and story states), then writes what changed together with the stories, so a
failed ingest leaves the previous index and stories as they were. Values are plain (ints,
bytes, strings): encoding story states is the stories stage's business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa

from crosscheck.records import Story, Thread
from crosscheck.store import schema
from crosscheck.store.threads import clear_threads, write_thread

K = TypeVar("K", str, int)  # a key: sortable
T = TypeVar("T")


@dataclass
class IndexChanges:
    """What an ingest changed in the story index; ``replace``: the whole index (a rebuild)."""

    meta: dict[str, str] = field(default_factory=dict)  # counters and the fingerprint
    terms: list[tuple[int, int, int]] = field(default_factory=list)  # (hash, term id, df)
    postings: dict[int, bytes] = field(default_factory=dict)  # term id -> slots
    states: list[tuple[int, str, bytes]] = field(default_factory=list)  # (slot, story id, state)
    # (article id, arrival, MinHash values)
    signatures: list[tuple[str, int, bytes]] = field(default_factory=list)
    buckets: list[tuple[int, str]] = field(default_factory=list)  # (LSH bucket, article id)
    replace: bool = False


class StoryIndexStore:
    """The story index's rows, read and written inside one open write transaction."""

    def __init__(self, conn: sa.Connection, *, ids_per_query: int,
                 write_story: Callable[[Story], object]) -> None:
        self.conn = conn
        self.size = ids_per_query
        self.write_story = write_story

    def thread_events(self, event_ids: Iterable[str]) -> dict[str, str]:
        """event id -> id of its developing story, for the events that have one."""
        table = schema.thread_events
        query = sa.select(table.c.event_id, table.c.thread_id)
        return {row.event_id: row.thread_id
                for row in self._where_in(query, table.c.event_id, event_ids)}

    def meta(self) -> dict[str, str]:
        table = schema.story_index
        return {row.name: row.value for row in self.conn.execute(sa.select(table))}

    def terms(self, hashes: Iterable[int]) -> dict[int, tuple[int, int]]:
        """term hash -> (term id, document frequency), for the known ones."""
        table = schema.story_terms
        rows = self._where_in(sa.select(table), table.c.term_hash, hashes)
        return {row.term_hash: (row.term_id, row.df) for row in rows}

    def postings(self, term_ids: Iterable[int]) -> dict[int, bytes]:
        table = schema.story_postings
        return {row.term_id: row.slots
                for row in self._where_in(sa.select(table), table.c.term_id, term_ids)}

    def states(self, slots: Iterable[int]) -> dict[int, tuple[str, bytes]]:
        table = schema.story_states
        return {row.slot: (row.story_id, row.state)
                for row in self._where_in(sa.select(table), table.c.slot, slots)}

    def state_of_story(self, story_id: str) -> tuple[int, bytes] | None:
        table = schema.story_states
        row = self.conn.execute(sa.select(table).where(table.c.story_id == story_id)).first()
        return None if row is None else (row.slot, row.state)

    def states_of_stories(self, story_ids: Iterable[str]) -> dict[str, bytes]:
        """story id -> its state, for the ids that have one (one query per chunk of ids)."""
        table = schema.story_states
        query = sa.select(table.c.story_id, table.c.state)
        return {row.story_id: row.state
                for row in self._where_in(query, table.c.story_id, story_ids)}

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """article id -> id of its story, for the articles that have one."""
        table = schema.story_articles
        query = sa.select(table.c.article_id, table.c.story_id)
        return {row.article_id: row.story_id
                for row in self._where_in(query, table.c.article_id, article_ids)}

    def published(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        table = schema.articles
        query = sa.select(table.c.id, table.c.published)
        return {row.id: row.published for row in self._where_in(query, table.c.id, article_ids)}

    def duplicate_candidates(self, buckets: Iterable[int]) -> dict[str, tuple[int, bytes]]:
        """Indexed articles sharing an LSH bucket: article id -> (arrival, MinHash values)."""
        found = self.conn.execute(sa.select(schema.duplicate_buckets.c.article_id).distinct()
                                  .where(schema.duplicate_buckets.c.bucket.in_(list(buckets))))
        table = schema.duplicate_signatures
        rows = self._where_in(sa.select(table), table.c.article_id, found.scalars().all())
        return {row.article_id: (row.arrival, row.signature) for row in rows}

    def save(self, stories: Sequence[Story], changes: IndexChanges,
             threads: Sequence[Thread] = ()) -> None:
        """Write the changed events, their developing stories and the index's changes (in
        this transaction; ``changes.replace``: ``threads`` are all of them)."""
        for story in stories:
            self.write_story(story)
        if changes.replace:
            clear_threads(self.conn)
            for table in schema.STORY_INDEX_TABLES:
                self.conn.execute(sa.delete(table))
        for thread in threads:
            write_thread(self.conn, thread)
        rows: dict[sa.Table, list[dict[str, Any]]] = {
            schema.story_index: [
                {"name": name, "value": value} for name, value in changes.meta.items()],
            schema.story_terms: [
                {"term_hash": h, "term_id": i, "df": df} for h, i, df in changes.terms],
            schema.story_postings: [
                {"term_id": key, "slots": slots} for key, slots in changes.postings.items()],
            schema.story_states: [
                {"slot": slot, "story_id": story_id, "state": state}
                for slot, story_id, state in changes.states],
        }
        for table, changed in rows.items():
            if not changes.replace:  # rows by their key, replaced: the same SQL on both
                self._delete(table, changed)
            self._insert(table, changed)
        self._insert(schema.duplicate_signatures, [
            {"article_id": a, "arrival": n, "signature": s} for a, n, s in changes.signatures])
        self._insert(schema.duplicate_buckets, [
            {"bucket": bucket, "article_id": a} for bucket, a in changes.buckets])

    def _where_in(self, query: sa.Select[Any], column: sa.Column[Any],
                  values: Iterable[K]) -> Iterator[sa.Row[Any]]:
        for chunk in _chunks(sorted(set(values)), self.size):
            yield from self.conn.execute(query.where(column.in_(chunk)))

    def _delete(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        [key] = table.primary_key.columns
        for chunk in _chunks(rows, self.size):
            self.conn.execute(sa.delete(table).where(key.in_([row[key.name] for row in chunk])))

    def _insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        for chunk in _chunks(rows, 10 * self.size):
            self.conn.execute(sa.insert(table), chunk)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def invalidate(conn: sa.Connection) -> None:
    """Mark the story index stale: the next ingest rebuilds it from the stored stories.
    Called when stories are written outside the index (``Database.save_story``)."""
    table = schema.story_index
    conn.execute(sa.delete(table).where(table.c.name == "fingerprint"))


def lock(conn: sa.Connection) -> None:
    """Take the write lock now, not at the first write: two ingests must not both read the
    same index state and then both write theirs. PostgreSQL: a table lock that only other
    writers of the index wait for; SQLite: any write statement locks the file for writers."""
    table = schema.story_index
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"LOCK TABLE {table.name} IN SHARE ROW EXCLUSIVE MODE")
        return
    conn.execute(sa.update(table).where(table.c.name == "fingerprint")
                 .values(value=table.c.value))
