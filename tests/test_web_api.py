"""The web pages and their JSON twins through Starlette's TestClient, on a real SQLite store of
examples/ (the demo's store): the same data as the CLI's --json, citations that land on the
cited span, one error shape, and no 500 on bad input."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from markupsafe import escape

from crosscheck.cli import cli
from crosscheck.web import create_app

pytestmark = [pytest.mark.model]

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "dossier.schema.json"
CITE = re.compile(r'<a class="cite" href="([^"]+)"')


@pytest.fixture(scope="module")
def client(examples_store):
    with TestClient(create_app(examples_store)) as client:
        yield client


def cli_json(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def biggest(client) -> dict:
    return client.get("/api/stories?sort=size").json()[0]


@pytest.fixture(scope="module")
def dossier(client, biggest) -> dict:
    response = client.get(f"/api/stories/{biggest['id']}")
    assert response.status_code == 200
    return response.json()


def evidence_of(dossier: dict) -> list[dict]:
    """Every span the dossier's claims, conflicts, quotes and summary rest on."""
    found = []
    for claim in dossier["claims"]:
        found += [support["evidence"] for support in claim["support"]]
        if claim["conflict"]:
            found += claim["conflict"]["sides"]
    for quote in dossier["quotes"]:
        found += [variant["evidence"] for variant in quote["variants"]]
    for sentence in dossier["summary"]:
        found += sentence["evidence"]
    return found


def href_of(evidence: dict) -> str:
    start, end = evidence["span"]["start"], evidence["span"]["end"]
    return f"/articles/{evidence['article_id']}?span={start}-{end}#s-{start}-{end}"


def cli_events(examples_store, *options: str) -> dict[str, dict]:
    """The events of `crosscheck stories --json`, by id, without what only a story's
    timeline says of them (``new_outlets``)."""
    listing = cli_json("stories", "--db", str(examples_store), "--json", *options)
    return {event["id"]: {k: v for k, v in event.items() if k != "new_outlets"}
            for story in listing for event in story["events"]}


def test_the_events_list_holds_the_cli_s_events_newest_first(client, examples_store):
    # `/` lists the events (each a dossier); `/developing` the stories that link them
    listed = client.get("/api/stories").json()
    assert {event["id"]: event for event in listed} == cli_events(examples_store)
    latest = [story["last_published"] for story in listed]
    assert latest == sorted(latest, reverse=True)  # newest activity first by default
    page = client.get("/")
    assert page.status_code == 200
    positions = [page.text.index(f'href="/stories/{story["id"]}"') for story in listed]
    assert positions == sorted(positions)  # the page lists them in the same order
    for story in listed:
        assert str(escape(story["title"])) in page.text


@pytest.mark.parametrize("sort", ["latest", "size", "created"])
def test_every_order_is_the_same_on_the_cli_the_api_and_the_page(client, examples_store, sort):
    listed = client.get(f"/api/stories?sort={sort}").json()
    assert {event["id"]: event for event in listed} == cli_events(examples_store, "--sort", sort)
    key = {"latest": lambda e: e["last_published"] or "", "size": lambda e: e["articles"],
           "created": None}[sort]
    if key is not None:
        assert [key(e) for e in listed] == sorted((key(e) for e in listed), reverse=True)
    page = client.get(f"/?sort={sort}").text
    positions = [page.index(f'href="/stories/{story["id"]}"') for story in listed]
    assert positions == sorted(positions)


def test_stories_by_size_are_biggest_first(client):
    sizes = [story["articles"] for story in client.get("/api/stories?sort=size").json()]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]


def test_an_unknown_order_is_a_422_in_the_error_shape(client):
    response = client.get("/api/stories?sort=sideways")
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and body["error"].startswith("bad query parameter: sort:")
    assert client.get("/?sort=sideways").status_code == 422


def test_story_list_names_each_story_s_articles(client, examples_store):
    """A script can map its inputs to stories from the list alone."""
    from crosscheck.store import Database

    with Database(examples_store, create=False) as db:
        stories = db.stories()
        articles = {article.id: article for article in db.articles()}
    listed = {story["id"]: story for story in client.get("/api/stories").json()}
    for story in stories:
        entries = listed[story.id]["article_list"]
        assert [entry["id"] for entry in entries] == list(story.article_ids)
        for entry in entries:
            assert entry["outlet"] == articles[entry["id"]].outlet
            assert entry["published"] == articles[entry["id"]].published
            assert entry["copy_of"] == dict(story.duplicates).get(entry["id"])
        dates = sorted(a["published"] for a in entries if a["published"])
        assert listed[story.id]["first_published"] == dates[0]
        assert listed[story.id]["last_published"] == dates[-1]


def test_dossier_json_is_what_show_prints_and_valid(dossier, biggest, examples_store):
    jsonschema = pytest.importorskip("jsonschema")
    assert dossier == cli_json("show", biggest["id"], "--db", str(examples_store), "--json")
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(dossier)


def test_dossier_page_links_every_statement_to_its_span(client, dossier):
    page = client.get(f"/stories/{dossier['story']['id']}")
    assert page.status_code == 200
    links = {html.unescape(href) for href in CITE.findall(page.text)}
    expected = {href_of(evidence) for evidence in evidence_of(dossier)}
    assert expected and expected <= links
    for article in dossier["story"]["articles"]:
        assert f'href="/articles/{article["id"]}"' in page.text
    conflicts = [c for c in dossier["claims"] if c["status"] == "conflict"]
    assert conflicts, "the examples' biggest story has a conflict (gold.json)"
    shown = page.text.split(f'id="claim-{conflicts[0]["id"]}"')[1].split("</article>")[0]
    assert f'status-conflict">{conflicts[0]["conflict"]["reason"]}</span>' in shown


def test_a_conflicts_detail_names_articles_by_their_labels(client, dossier):
    """The detail says "12 (A1) vs Eight (A4)", as the citations name articles, not by id."""
    page = html.unescape(client.get(f"/stories/{dossier['story']['id']}").text)
    labels = {a["id"]: f"A{n}" for n, a in enumerate(dossier["story"]["articles"], start=1)}
    conflict = next(c["conflict"] for c in dossier["claims"] if c["conflict"])
    named = [article_id for article_id in labels if article_id in conflict["detail"]]
    assert named, "the examples' conflict detail names its articles"
    shown = conflict["detail"]
    for article_id in named:
        shown = shown.replace(article_id, labels[article_id])
    assert shown in page
    detail = page.split('class="meta detail">')[1].split("</p>")[0]
    assert not any(article_id in detail for article_id in named)


def test_a_citation_lands_on_its_sentence(client, dossier):
    evidence = dossier["claims"][0]["support"][0]["evidence"]
    page = client.get(href_of(evidence).split("#")[0])
    assert page.status_code == 200
    start, end = evidence["span"]["start"], evidence["span"]["end"]
    element = re.search(rf'<(span|mark) class="[^"]*cited[^"]*" id="s-{start}-{end}">(.*?)</\1>',
                        page.text, flags=re.S)
    assert element, f"no highlighted element s-{start}-{end}"
    assert html.unescape(re.sub(r"<[^>]+>", "", element.group(2))) == evidence["text"]


def test_a_citation_inside_a_sentence_is_marked_inside_it(client, dossier):
    conflict = next(c["conflict"] for c in dossier["claims"] if c["conflict"])
    side = conflict["sides"][0]
    start, end = side["span"]["start"], side["span"]["end"]
    page = client.get(f"/articles/{side['article_id']}", params={"span": f"{start}-{end}"})
    marked = re.search(rf'<mark class="cited" id="s-{start}-{end}">([^<]*)</mark>', page.text)
    assert marked and html.unescape(marked.group(1)) == side["text"]
    sentence = re.search(rf'<span class="sentence" id="s-(\d+)-(\d+)">[^<]*<mark class="cited" '
                         rf'id="s-{start}-{end}">', page.text)
    assert sentence and int(sentence.group(1)) <= start and end <= int(sentence.group(2))


def test_article_json_is_what_the_cli_prints_with_sentences(client, dossier, examples_store):
    article_id = dossier["story"]["articles"][0]["id"]
    data = client.get(f"/api/articles/{article_id}").json()
    from_cli = cli_json("article", article_id, "--db", str(examples_store), "--json")
    assert {key: data[key] for key in ("article", "story")} == from_cli
    assert data["sentences"] and all(s["start"] < s["end"] for s in data["sentences"])
    page = client.get(f"/articles/{article_id}")
    for sentence in data["sentences"]:
        assert f'id="s-{sentence["start"]}-{sentence["end"]}"' in page.text
    assert f'href="/stories/{data["story"]["id"]}"' in page.text


def test_search_finds_articles_and_their_stories(client, examples_store):
    found = client.get("/api/search", params={"q": "Dalmora", "limit": 3}).json()
    hits = cli_json("search", "Dalmora", "--limit", "3", "--db", str(examples_store), "--json")
    assert [hit["id"] for hit in found["results"]] == [hit["id"] for hit in hits]
    assert len(found["results"]) == 3 and all(hit["story"] for hit in found["results"])
    page = client.get("/search", params={"q": "Dalmora", "limit": 3})
    for hit in found["results"]:
        assert f'href="/articles/{hit["id"]}"' in page.text
        assert f'href="/stories/{hit["story"]["id"]}"' in page.text
    assert "<mark>Dalmora</mark>" in page.text


def test_search_with_no_match_and_without_a_query(client):
    assert client.get("/api/search", params={"q": "zzyzx"}).json()["results"] == []
    assert "No article matches" in client.get("/search", params={"q": "zzyzx"}).text
    assert client.get("/search").status_code == 200


def test_user_text_is_escaped(client):
    page = client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text


@pytest.mark.parametrize("path, message", [
    ("/api/stories/no-such-story", "no story 'no-such-story'"),
    ("/api/articles/no-such-article", "no article 'no-such-article'"),
    ("/api/nowhere", "no page at /api/nowhere"),
])
def test_unknown_ids_are_404_json(client, path, message):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"ok": False, "status": 404, "error": message}


@pytest.mark.parametrize("path", ["/stories/no-such-story", "/articles/no-such-article"])
def test_unknown_ids_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"] and "Error 404" in response.text


@pytest.mark.parametrize("params, field", [
    ({"q": "blast", "limit": 0}, "limit"),
    ({"q": "blast", "limit": "many"}, "limit"),
    ({"q": "blast", "limit": 1000}, "limit"),
    ({}, "q"),
    ({"q": ""}, "q"),
])
def test_bad_search_parameters_are_422_with_the_field(client, params, field):
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and body["error"].startswith(f"bad query parameter: {field}:")


@pytest.mark.parametrize("span, status", [("abc", 422), ("9-3", 400), ("0-999999", 400),
                                          ("5-5", 400)])
def test_bad_spans_are_client_errors(client, dossier, span, status):
    article_id = dossier["story"]["articles"][0]["id"]
    response = client.get(f"/articles/{article_id}", params={"span": span})
    assert response.status_code == status
    assert "span" in response.text


def test_openapi_lists_the_json_twins_only(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
                     "/api/search", "/api/stories/{story_id}/compare", "/api/developing",
                     "/api/developing/{story_id}"}
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize("path", [
    "/articles/%FF", "/stories/' OR 1=1 --", "/search?q=%22", "/search?q=NEAR(",
    "/api/search?q=*", "/api/search?q=%00", "/api/search?q=%F0%9F%92%A5",
    "/search?q=" + "a" * 600, "/api/search?q=a&limit=1e3", "/articles/a089", "/stories/",
    "/static/%2e%2e/cli.py",
])
def test_odd_input_is_answered_without_a_server_error(client, path):
    response = client.get(path)  # the TestClient re-raises any exception a handler lets out
    assert response.status_code in (200, 400, 404, 422), response.text


@pytest.fixture
def bare_store(tmp_path):
    """A store with one article that has no analysis and no story yet."""
    from crosscheck.store import Database
    from tests.store_helpers import make_article

    article = make_article("Storm closes port", "The port closed on Monday as the storm hit.")
    path = tmp_path / "bare.db"
    with Database(path) as db:
        db.add_article(article)
    return path, article


def test_a_store_without_stories_and_an_article_without_analysis(bare_store):
    path, article = bare_store
    with TestClient(create_app(path)) as client:
        assert client.get("/api/stories").json() == []
        assert "No stories yet" in client.get("/").text
        data = client.get(f"/api/articles/{article.id}").json()
        assert (data["story"], data["sentences"]) == (None, [])
        start = article.text.index("Monday")
        page = client.get(f"/articles/{article.id}", params={"span": f"{start}-{start + 6}"})
    assert "no stored analysis" in page.text and "none yet" in page.text
    assert f'<mark class="cited" id="s-{start}-{start + 6}">Monday</mark>' in page.text
