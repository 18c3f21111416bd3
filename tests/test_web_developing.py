"""The web's developing stories: the list and a story's page with its events on a timeline,
each linked to the event's dossier, and their JSON twins (the CLI's data). Invented articles,
stored through the stories stage; no dossier is built, so no model is needed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosscheck.cli import cli
from crosscheck.store import Database
from crosscheck.stories import assign_articles
from crosscheck.web import create_app
from tests.test_stories_threads import _articles


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("developing") / "store.db"
    items = _articles()
    with Database(path) as db:
        for item in items:
            db.add_article(item)
        assign_articles(db, items, batch=False)
    return path


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store)) as client:
        yield client


def test_the_list_is_the_cli_s_two_level_listing(client, store) -> None:
    result = CliRunner().invoke(cli, ["stories", "--db", str(store), "--json"])
    assert result.exit_code == 0, result.output
    assert client.get("/api/developing").json() == json.loads(result.stdout)
    page = client.get("/developing")
    assert page.status_code == 200
    for story in json.loads(result.stdout):
        assert f'href="/developing/{story["id"]}"' in page.text


def test_a_story_page_shows_its_events_in_date_order_linked_to_their_dossiers(client) -> None:
    [story] = [s for s in client.get("/api/developing").json() if len(s["events"]) == 2]
    data = client.get(f"/api/developing/{story['id'][:6]}").json()
    assert data["id"] == story["id"]
    dates = [event["first_published"] for event in data["events"]]
    assert dates == sorted(dates) and dates[0] < dates[1]
    assert data["events"][1]["new_outlets"] == ["radio"]  # the follow-up's outlet is new
    page = client.get(f"/developing/{story['id']}")
    assert page.status_code == 200
    positions = [page.text.index(f'href="/stories/{event["id"]}"') for event in data["events"]]
    assert positions == sorted(positions)


def test_an_unknown_story_is_a_404_in_both_shapes(client) -> None:
    assert client.get("/api/developing/ffffffff").status_code == 404
    assert client.get("/developing/ffffffff").status_code == 404
