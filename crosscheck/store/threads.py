"""Developing stories in the store: each links events (rows of ``stories``) in order.

Written with the events in the story index's transaction (``StoryIndexStore.save``); read
by ``Database.threads`` and ``Database.thread``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from crosscheck.records import Thread
from crosscheck.store import schema


def write_thread(conn: sa.Connection, thread: Thread) -> None:
    """Create or update a developing story and its events (its creation time set once);
    an event it lists leaves any other story."""
    table, members = schema.threads, schema.thread_events
    exists = conn.execute(sa.select(table.c.id).where(table.c.id == thread.id)).first()
    if exists is None:
        created = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        conn.execute(sa.insert(table), {"id": thread.id, "title": thread.title,
                                        "created": created})
    conn.execute(sa.delete(members).where(members.c.thread_id == thread.id))
    conn.execute(sa.delete(members).where(members.c.event_id.in_(list(thread.event_ids))))
    if thread.event_ids:
        conn.execute(sa.insert(members), [
            {"thread_id": thread.id, "event_id": event_id, "position": position}
            for position, event_id in enumerate(thread.event_ids)
        ])


def clear_threads(conn: sa.Connection) -> None:
    """Forget every developing story (the story index is being rewritten whole)."""
    conn.execute(sa.delete(schema.thread_events))
    conn.execute(sa.delete(schema.threads))


def read_threads(conn: sa.Connection, condition: Any = None) -> list[Thread]:
    """Developing stories, oldest first, each with its events in order."""
    table, members = schema.threads, schema.thread_events
    query = sa.select(table).order_by(table.c.created, table.c.id)
    member_query = sa.select(members).order_by(members.c.position)
    if condition is not None:
        query = query.where(condition)
        member_query = member_query.where(members.c.thread_id.in_(
            query.with_only_columns(table.c.id).order_by(None).scalar_subquery()))
    events: dict[str, list[str]] = {}
    for row in conn.execute(member_query):
        events.setdefault(row.thread_id, []).append(row.event_id)
    return [Thread(id=row.id, title=row.title, event_ids=tuple(events.get(row.id, ())))
            for row in conn.execute(query)]


def thread_of_event(conn: sa.Connection, event_id: str) -> str | None:
    members = schema.thread_events
    return conn.execute(sa.select(members.c.thread_id)
                        .where(members.c.event_id == event_id)).scalar()
