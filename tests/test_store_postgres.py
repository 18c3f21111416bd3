"""The store's tests again on a real PostgreSQL: one schema, one code path, two databases.

A throwaway cluster is created with the machine's PostgreSQL binaries (``initdb``, as the
``postgres`` user when running as root) and reached over a Unix socket. `make test` installs
PostgreSQL and sets CROSSCHECK_REQUIRE_POSTGRES; run by hand without it, the tests are skipped
when PostgreSQL is not installed.
"""

from __future__ import annotations

import contextlib
import itertools
import os

import pytest

from benchmarks.throwaway_postgres import PostgresMissing, throwaway_cluster
from crosscheck.store import Database, migrations
from tests.store_helpers import make_article
from tests.test_store import (  # noqa: F401 - collected here again, with the fixture below
    test_a_failed_write_leaves_nothing_of_the_article,
    test_an_article_moves_between_stories_and_empty_stories_go,
    test_analysis_is_added_to_a_stored_article_and_can_be_replaced,
    test_analysis_round_trips_through_json,
    test_in_stories_names_the_articles_that_have_a_story,
    test_article_round_trip_keeps_every_field,
    test_articles_by_id_in_chunks_ordered_by_date_unknown_last,
    test_malformed_stories_are_refused,
    test_missing_article_raises_not_found,
    test_rejections_are_kept_once_with_the_run_that_first_saw_them,
    test_saving_an_unchanged_story_writes_nothing,
    test_an_ambiguous_prefix_names_its_candidates,
    test_resolve_article_id_from_a_prefix,
    test_story_summaries_in_each_order,
    test_stories_by_activity_follow_the_latest_order_without_reading_the_stories,
    test_stories_keep_order_duplicates_and_outlets,
    test_story_members_must_be_stored_articles,
    test_vectors_round_trip_per_model_and_are_never_overwritten,
)

psycopg = pytest.importorskip("psycopg")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres_socket():
    with contextlib.ExitStack() as stack:
        try:
            socket_dir = stack.enter_context(
                throwaway_cluster(settings="-c fsync=off", stop_mode="immediate"))
        except PostgresMissing:
            # `make test` installs PostgreSQL and asks for these tests: there, a missing
            # server is a failure, not a reason to skip
            if os.environ.get("CROSSCHECK_REQUIRE_POSTGRES"):
                pytest.fail("CROSSCHECK_REQUIRE_POSTGRES is set but initdb is not on PATH")
            pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not installed")
        yield socket_dir


_numbers = itertools.count()


@pytest.fixture
def db(postgres_socket):
    name = f"crosscheck_test_{next(_numbers)}"
    with psycopg.connect(dbname="postgres", user="postgres", host=postgres_socket,
                         autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    with Database(f"postgresql+psycopg://postgres@/{name}?host={postgres_socket}") as database:
        yield database


def test_postgres_database_is_migrated(db):
    assert db.engine.dialect.name == "postgresql"
    assert db.version == migrations.LATEST


def test_postgres_search_ranks_and_ignores_syntax(db):
    storm = make_article("Storm hits coast", "Winds reached 100 km/h near the coast.")
    flood = make_article("Flood warning", "Rivers rose; the storm moved on.", outlet="Other")
    db.add_article(storm)
    db.add_article(flood)
    assert [hit["id"] for hit in db.search("storm coast")] == [storm.id]
    assert [hit["id"] for hit in db.search("storm")] == [storm.id, flood.id]
    assert [hit["id"] for hit in db.search('storm* (coast" -')] == [storm.id]
    assert db.search("   ...  ") == []
    hit = db.search("rivers")[0]
    assert hit["outlet"] == "Other" and "**Rivers**" in hit["snippet"]


def test_the_web_app_serves_a_postgresql_store(db, examples_dir):
    """The web layer reads a shared store as it reads a file: the stories, a dossier equal to
    the library's, an article page, search (PostgreSQL's full-text search)."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from crosscheck.compare import dossier_to_json, stored_dossier
    from crosscheck.compare.cache import dossier_fingerprint
    from crosscheck.run import ingest
    from crosscheck.web import create_app

    ingest([examples_dir], db=db)
    with TestClient(create_app(db.url)) as client:
        stories = client.get("/api/stories?sort=size").json()
        assert sorted(s["id"] for s in stories) == sorted(s.id for s in db.stories())
        biggest = stories[0]["id"]
        built = dossier_to_json(stored_dossier(db, biggest))
        assert client.get(f"/api/stories/{biggest}").json() == built
        kept = db.cached_dossier(biggest, dossier_fingerprint(db.story(biggest)))
        assert kept == built  # kept in PostgreSQL, and served from there next
        assert client.get(f"/api/stories/{biggest}").json() == built
        page = client.get(f"/stories/{biggest}")
        assert page.status_code == 200 and "Where the outlets disagree" in page.text
        article_id = db.story(biggest).article_ids[0]
        assert client.get(f"/articles/{article_id}").status_code == 200
        hits = client.get("/api/search", params={"q": "Dalmora"}).json()["results"]
        assert hits and all("story" in hit for hit in hits)
        assert client.get("/api/stories/nope").status_code == 404


def test_postgres_keeps_what_sqlite_keeps(db):
    """No varchar limits (an author of 362 characters), and a key holding NUL is simply not
    found (``/stories/%00``), as on SQLite."""
    from crosscheck.errors import NotFound

    article = make_article("Long byline", "The byline is long.", author="Ana Ruiz " * 40)
    assert db.add_article(article) is True
    assert db.article(article.id).author == article.author
    for lookup in (db.story, db.article, db.resolve_story_id, db.resolve_article_id):
        with pytest.raises(NotFound):
            lookup("abcd\x00")
    assert db.search("byline\x00") != []


def test_two_ingests_of_the_same_input_into_postgresql_at_once(db, tmp_path):
    from tests.test_ingest_durable import check_concurrent_same_input

    check_concurrent_same_input(db.url, tmp_path)
