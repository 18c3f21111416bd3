"""The web's cache of JSON answers on a PostgreSQL store: kept while nothing is written,
dropped by a write from another connection (as an ingest in another process), as on SQLite.
A throwaway cluster from tests/test_store_postgres.py's fixture; skipped without PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from crosscheck.store import Database
from crosscheck.web import create_app
from crosscheck.web.response_cache import PostgresVersion, store_version
from tests.store_helpers import make_article
from tests.test_store_postgres import postgres_socket  # noqa: F401 - the cluster fixture

psycopg = pytest.importorskip("psycopg")
pytestmark = pytest.mark.slow


@pytest.fixture
def store_url(postgres_socket) -> str:  # noqa: F811 - the fixture imported above
    with psycopg.connect(dbname="postgres", user="postgres", host=postgres_socket,
                         autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS crosscheck_web_cache")
        conn.execute("CREATE DATABASE crosscheck_web_cache")
    url = f"postgresql+psycopg://postgres@/crosscheck_web_cache?host={postgres_socket}"
    with Database(url) as db:
        db.add_article(make_article("Bridge reopens", "The Elm Street bridge reopened today."))
    return url


def test_the_version_moves_with_a_write_and_not_with_a_read(store_url):
    version = store_version(store_url)
    assert isinstance(version, PostgresVersion)
    try:
        before = version()
        assert before is not None
        with Database(store_url) as db:
            assert db.counts()["articles"] == 1  # a read
            assert version() == before
            db.add_article(make_article("Ferry delayed", "The ferry to Oak Island was late."))
        assert version() != before
    finally:
        version.close()


def test_json_answers_are_kept_until_a_postgres_store_changes(store_url, monkeypatch):
    from crosscheck.web import views

    calls: list[str] = []
    original = views.story_list
    monkeypatch.setattr(views, "story_list", lambda db, sort: calls.append(sort)
                        or original(db, sort))
    with TestClient(create_app(store_url, prepare_dossiers=False)) as client:
        first = client.get("/api/stories").json()
        assert client.get("/api/stories").json() == first
        assert calls == ["latest"]  # the second answer was the kept one
        with Database(store_url) as db:  # a write from elsewhere
            db.add_article(make_article("Ferry delayed", "The ferry to Oak Island was late."))
        client.get("/api/stories")
        assert calls == ["latest", "latest"]
