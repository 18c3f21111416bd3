"""JSON answers kept in memory while the store is unchanged, so readers under load cost
little more than the framework.

A JSON twin is a pure function of the store: the same path and query give the same bytes until
someone writes to the store. For a SQLite store the cache asks SQLite whether anything was
committed since (``PRAGMA data_version`` on a connection of its own that never writes: the
value changes whenever another connection commits, an ingest in another process included),
a call of microseconds. For a PostgreSQL store it asks the server for its current snapshot
(``pg_current_snapshot()``, the transaction ids running and the next one to be given, on a
connection of its own in autocommit): a transaction that writes takes an id, and when it
ends (commit or rollback) the snapshot changes (its upper bound moves past that id, or the id
leaves the list of those running), while reads take no id and leave it alone; one round trip
of well under a millisecond. The snapshot is the whole server's, so a write to another
database there drops the kept answers too (harmless: they are built again). Any commit drops
every kept answer; only 200 answers are kept. Other stores are not cached.

Pure ASGI middleware in front of the routes: a kept answer is sent without entering the
framework's routing or its thread pool.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from typing import Any, Callable

import sqlalchemy as sa

from crosscheck.web.hardening import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

MAX_ENTRIES = 4096  # a 300-article store has about 450 JSON paths
MAX_BYTES = 64 * 1024 * 1024
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]  # status, headers, body


class SqliteVersion:
    """The data version of a SQLite file: a number that changes with every commit."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                          check_same_thread=False)
        self.lock = threading.Lock()

    def __call__(self) -> int | None:
        """The version, or None when SQLite cannot tell (then nothing is cached)."""
        with self.lock:
            try:
                return int(self.connection.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as error:  # a store SQLite cannot open read-only, say
                log.warning("JSON answers not cached: %s", error)
                return None

    def close(self) -> None:
        self.connection.close()


class PostgresVersion:
    """The current snapshot of a PostgreSQL server as text: it changes whenever a
    transaction that writes ends (read-only transactions take no id)."""

    QUERY = sa.text("SELECT pg_current_snapshot()::text")

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        self.connection: sa.Connection | None = None
        self.lock = threading.Lock()

    def __call__(self) -> str | None:
        """The version, or None when the server cannot tell (then nothing is cached)."""
        with self.lock:
            try:
                if self.connection is None:  # again after a lost connection
                    self.connection = self.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT")
                return str(self.connection.execute(self.QUERY).scalar_one())
            except sa.exc.SQLAlchemyError as error:
                log.warning("JSON answer not cached: %s", error)
                self._drop_connection()
                return None

    def _drop_connection(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except sa.exc.SQLAlchemyError:  # already broken: nothing to release
                pass
            self.connection = None

    def close(self) -> None:
        with self.lock:
            self._drop_connection()
        self.engine.dispose()


def store_version(url: str) -> SqliteVersion | PostgresVersion | None:
    """A version reader for a SQLite file or PostgreSQL store; None for any other store."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return PostgresVersion(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return SqliteVersion(parsed.database)


class JsonCache:
    """Keeps the 200 answers of GET /api/... while ``version()`` stays the same."""

    def __init__(self, app: ASGIApp, *, version: Callable[[], Any] | None) -> None:
        self.app = app
        self.version = version
        self.answers: OrderedDict[tuple[str, bytes], tuple[Any, Answer]] = OrderedDict()
        self.size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (self.version is None or scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith("/api/")):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        kept = self.answers.get(key)
        if kept is not None and kept[0] == version:
            self.answers.move_to_end(key)
            await _send_answer(kept[1], send)
            return
        answer = await _captured(self.app, scope, receive, send)
        if answer is not None and answer[0] == 200:
            self._keep(key, version, answer)

    def _keep(self, key: tuple[str, bytes], version: Any, answer: Answer) -> None:
        old = self.answers.pop(key, None)
        if old is not None:
            self.size -= len(old[1][2])
        self.answers[key] = (version, answer)
        self.size += len(answer[2])
        while len(self.answers) > MAX_ENTRIES or self.size > MAX_BYTES:
            _, (_, dropped) = self.answers.popitem(last=False)
            self.size -= len(dropped[2])


async def _send_answer(answer: Answer, send: Send) -> None:
    status, headers, body = answer
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _captured(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> Answer | None:
    """Runs the app, passing its messages on, and returns the whole answer it sent."""
    start: dict[str, Any] = {}
    body: list[bytes] = []

    async def capturing(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))
        await send(message)

    await app(scope, receive, capturing)
    if not start:
        return None
    return start["status"], list(start.get("headers", [])), b"".join(body)
