"""The story page a journalist works in, the side-by-side view, and the web's hardening,
through Starlette's TestClient on the examples' store (layout helpers on invented records)."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from crosscheck.cli import cli
from crosscheck.web import create_app
from crosscheck.web.dossier_view import unquoted
from crosscheck.web.hardening import SECURITY_HEADERS, loopback
from crosscheck.web.quote_diff import marked_versions

pytestmark = [pytest.mark.model]


@pytest.fixture(scope="module")
def client(examples_store):
    with TestClient(create_app(examples_store)) as client:
        yield client


@pytest.fixture(scope="module")
def conflicted(client) -> dict:
    """The dossier of the examples' story with a conflict (gold.json has one)."""
    for story in client.get("/api/stories").json():
        dossier = client.get(f"/api/stories/{story['id']}").json()
        if any(claim["conflict"] for claim in dossier["claims"]):
            return dossier
    raise AssertionError("no story of examples/ has a conflict")


def section(page: str, section_id: str) -> str:
    return page.split(f'<section id="{section_id}">')[1].split("</section>")[0]


# --- the story page -------------------------------------------------------------------------


def test_the_disagreements_come_first_with_both_values_and_outlets(client, conflicted):
    page = html.unescape(client.get(f"/stories/{conflicted['story']['id']}").text)
    order = [page.index(f'id="{name}"') for name in ("disagreements", "agreed", "quotes")]
    assert order == sorted(order)
    shown = section(page, "disagreements")
    outlets = {a["id"]: a["outlet"] for a in conflicted["story"]["articles"]}
    for claim in (c for c in conflicted["claims"] if c["conflict"]):
        for version in claim["conflict"]["versions"]:
            assert f"“{unquoted(version['text'])}”" in shown
            assert all(outlets[article_id] in shown for article_id in version["articles"])
            assert all(source in shown for source in version["independent_sources"])


def test_single_source_claims_are_collapsed_and_empty_sections_absent(client, conflicted):
    page = client.get(f"/stories/{conflicted['story']['id']}").text
    single = [c for c in conflicted["claims"] if c["status"] == "single"]
    assert single
    collapsed = page.split('id="single"')[1].split("</details>")[0]
    assert "<details>" in collapsed and "<details open" not in collapsed
    assert all(f'id="claim-{c["id"]}"' in collapsed for c in single)
    assert not re.search(r"\((0)\)", html.unescape(page))  # no "Agreed (0)"
    assert "None." not in page


def test_the_coverage_grid_marks_each_outlet(client, conflicted):
    page = html.unescape(client.get(f"/stories/{conflicted['story']['id']}").text)
    grid = section(page, "coverage")
    outlets = {a["outlet"] for a in conflicted["story"]["articles"]}
    assert all(f"{outlet.replace('.', '.<wbr>')} <span" in grid for outlet in outlets)
    conflict = next(c for c in conflicted["claims"] if c["conflict"])
    row = grid.split(f'href="#claim-{conflict["id"]}"')[1].split("</tr>")[0]
    values = {unquoted(v["text"]) for v in conflict["conflict"]["versions"]}
    assert {v for v in values if f">{v}</a>" in row} == values
    agreed = next(c for c in conflicted["claims"] if c["status"] == "agreed")
    row = grid.split(f'href="#claim-{agreed["id"]}"')[1].split("</tr>")[0]
    assert row.count('class="cell-reported"') == len(outlets)


def test_quote_versions_stand_in_columns_with_their_differences_marked(client, conflicted):
    page = client.get(f"/stories/{conflicted['story']['id']}").text
    differing = next(q for q in conflicted["quotes"]
                     if len(q["variants"]) > 1 and q["differences"])
    shown = page.split(f'id="quote-{differing["id"]}"')[1].split("</article>")[0]
    assert shown.count('class="quote-version"') == len(differing["variants"])
    marked = re.findall(r'<mark class="diff">([^<]+)</mark>', html.unescape(shown))
    changed = {d["words_a"] for d in differing["differences"]} | {
        d["words_b"] for d in differing["differences"]}
    assert marked and all(any(m in words or words in m for words in changed if words)
                          for m in marked)


def test_the_framing_table_has_a_column_per_outlet(client, conflicted):
    page = html.unescape(client.get(f"/stories/{conflicted['story']['id']}").text)
    table = section(page, "framing")
    framing = conflicted["framing"][0]
    row = table.split(f'<th scope="row">{framing["entity_name"]}</th>')[1].split("</tr>")[0]
    assert row.count("<td") == len({a["outlet"] for a in conflicted["story"]["articles"]})
    assert f'data-label="{framing["outlet"]}">“{unquoted(framing["descriptors"][0]["text"])}”' \
        in row


def test_no_quote_mark_is_doubled(client):
    """The page puts its own marks around a version or a quote, never around the text's."""
    for story in client.get("/api/stories").json():
        page = client.get(f"/stories/{story['id']}").text.split("<main")[1]
        shown = html.unescape(re.sub(r"<[^>]*>", "", page))  # the text, not the attributes
        assert not re.search(r"“\s*[\"“‘']|[\"”’']\s*”", shown)


@pytest.mark.parametrize("text,bare", [("“Eight”", "Eight"), ('"at least 12"', "at least 12"),
                                       ("‘no comment.’", "no comment."), ("plain", "plain")])
def test_unquoted_strips_the_marks_around_a_text(text, bare):
    assert unquoted(text) == bare


def test_marked_versions_mark_the_words_each_version_does_not_share():
    marked = marked_versions(["We will not close the mill", "We will never close the old mill"])
    flat = [[(chunk.text, chunk.changed) for chunk in version] for version in marked]
    assert flat == [[("We will", False), ("not", True), ("close the mill", False)],
                    [("We will", False), ("never", True), ("close the", False), ("old", True),
                     ("mill", False)]]
    assert marked_versions(["Same words.", "same words"])[1][0].changed is False


def test_every_page_has_its_own_title(client, conflicted):
    story_id = conflicted["story"]["id"]
    article_id = conflicted["story"]["articles"][0]["id"]
    titles = {re.search(r"<title>(.*?)</title>", client.get(path).text).group(1)
              for path in ("/", f"/stories/{story_id}", f"/articles/{article_id}",
                           f"/stories/{story_id}/compare", "/search?q=port", "/docs")}
    assert len(titles) == 6
    assert html.unescape(conflicted["story"]["title"]) + " · crosscheck" in {
        html.unescape(t) for t in titles}


# --- two articles side by side ----------------------------------------------------------------


def test_side_by_side_puts_matching_sentences_on_one_row(client, conflicted):
    story_id = conflicted["story"]["id"]
    a, b = (article["id"] for article in conflicted["story"]["articles"][:2])
    data = client.get(f"/api/stories/{story_id}/compare", params={"a": a, "b": b}).json()
    texts = {side: [row[side]["text"] for row in data["rows"] if row[side]] for side in "ab"}
    for side, article_id in (("a", a), ("b", b)):  # every sentence once, in reading order
        article = client.get(f"/api/articles/{article_id}").json()
        text = article["article"]["text"]
        assert texts[side] == [text[s["start"]:s["end"]] for s in article["sentences"]]
    matched = [row for row in data["rows"] if row["claim"] is not None]
    assert matched
    claims = {claim["id"]: claim for claim in conflicted["claims"]}
    for row in matched:
        spans = {(s["article_id"], s["evidence"]["span"]["start"])
                 for s in claims[row["claim"]]["support"]}
        assert {(a, row["a"]["span"]["start"]), (b, row["b"]["span"]["start"])} <= spans
    page = client.get(f"/stories/{story_id}/compare", params={"a": a, "b": b}).text
    assert page.count('class="row matched') == len(matched)


def test_side_by_side_refuses_an_article_of_another_story(client, conflicted):
    other = next(s for s in client.get("/api/stories").json()
                 if s["id"] != conflicted["story"]["id"])
    response = client.get(f"/api/stories/{conflicted['story']['id']}/compare",
                          params={"a": other["article_list"][0]["id"]})
    assert response.status_code == 400
    assert "is not one of story" in response.json()["error"]


# --- hardening --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/stories", "/docs", "/static/crosscheck.css",
                                  "/no/such/page", "/api/stories/nope"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    for name, value in SECURITY_HEADERS:
        assert headers[name.decode()] == value.decode()


def test_head_is_answered_like_get_without_a_body(client, conflicted):
    for path in ("/", f"/api/stories/{conflicted['story']['id']}", "/api/stories/nope"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code
        assert head.content == b""
        assert int(head.headers["content-length"]) == len(got.content)


def test_the_api_docs_page_needs_nothing_from_elsewhere(client):
    page = client.get("/docs").text
    schema = client.get("/openapi.json").json()
    for path in schema["paths"]:
        assert f"GET {html.escape(path)}" in page
    assert "limit" in page and "maximum 100" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script>" not in page  # the CSP allows scripts from this origin's files only


def test_the_favicon_is_served(client):
    assert 'rel="icon"' in client.get("/").text
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"


@pytest.mark.parametrize("host,local", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                        ("0.0.0.0", False), ("192.168.1.20", False),
                                        ("example.org", False)])
def test_loopback_addresses(host, local):
    assert loopback(host) is local


def test_serving_beyond_localhost_warns(examples_store, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, host, port: None)
    result = CliRunner().invoke(cli, ["serve", "--db", str(examples_store), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "warning: listening on 0.0.0.0" in result.stderr
    result = CliRunner().invoke(cli, ["serve", "--db", str(examples_store)])
    assert "warning" not in result.stderr


# --- dossiers prepared in the background ------------------------------------------------------


@pytest.fixture
def unprepared_store(tmp_path, examples_dir):
    """examples/ ingested without preparing its dossiers."""
    from crosscheck.run import available_stages, ingest
    from crosscheck.store import Database

    path = tmp_path / "unprepared.db"
    with Database(path) as db:
        ingest([examples_dir], db=db,
               stages=dataclasses.replace(available_stages(), prepare_dossiers=None))
    return path


def test_the_server_prepares_every_dossier_in_the_background(unprepared_store):
    from crosscheck.compare.cache import kept_dossier_json
    from crosscheck.store import Database

    with Database(unprepared_store) as db:
        assert all(kept_dossier_json(db, story) is None for story in db.stories())
    app = create_app(unprepared_store)
    with TestClient(app) as client:
        assert client.get("/").status_code == 200  # answered while the pass runs
        assert app.state.preparer.done.wait(timeout=300)
    with Database(unprepared_store) as db:
        assert all(kept_dossier_json(db, story) is not None for story in db.stories())


def test_an_ingest_prepares_the_dossiers(examples_store, tmp_path):
    from crosscheck.compare.cache import kept_dossier_json
    from crosscheck.store import Database

    copy = tmp_path / "copy.db"
    shutil.copy(examples_store, copy)
    with Database(copy) as db:
        assert db.stories() and all(kept_dossier_json(db, s) is not None for s in db.stories())


# --- JSON answers kept while the store is unchanged -------------------------------------------


def test_json_answers_are_kept_until_the_store_changes(examples_store, tmp_path, monkeypatch):
    from crosscheck.store import Database
    from crosscheck.web import views

    copy = tmp_path / "copy.db"
    shutil.copy(examples_store, copy)
    calls: list[str] = []
    original = views.story_list
    monkeypatch.setattr(views, "story_list", lambda db, sort: calls.append(sort)
                        or original(db, sort))
    with TestClient(create_app(copy, prepare_dossiers=False)) as client:
        first = client.get("/api/stories").json()
        assert client.get("/api/stories").json() == first
        assert calls == ["latest"]  # the second answer was the kept one
        client.get("/api/stories?sort=size")
        assert calls == ["latest", "size"]  # another query is another answer
        with Database(copy) as db:  # a write from elsewhere, as an ingest in another process
            story = db.story(first[0]["id"])
            db.save_story(dataclasses.replace(story, title="Renamed by an invented editor"))
        renamed = client.get("/api/stories").json()
        assert renamed[0]["title"] == "Renamed by an invented editor"
        assert calls == ["latest", "size", "latest"]
        assert client.get("/api/stories/nope").status_code == 404
        assert client.get("/api/stories/nope").status_code == 404


def test_a_store_whose_version_cannot_be_read_is_served_uncached(examples_store, tmp_path):
    from crosscheck.web.response_cache import JsonCache, SqliteVersion

    copy = tmp_path / "copy.db"
    shutil.copy(examples_store, copy)
    app = create_app(copy, prepare_dossiers=False)
    with TestClient(app) as client:
        cache = app.middleware_stack
        while not isinstance(cache, JsonCache):
            cache = cache.app
        assert isinstance(cache.version, SqliteVersion)
        cache.version.connection.close()  # every later version query fails
        assert cache.version() is None
        assert client.get("/api/stories").status_code == 200
        assert client.get("/api/stories").status_code == 200
        assert cache.answers == {}
