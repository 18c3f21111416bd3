"""What a newcomer meets first on the command line: the story list names each story's
articles (so a script can map its inputs to stories), one order with `--sort`, id prefixes
for `show` as for `article`, conflicting output flags refused, `compare --outlet`, and no
store left behind by an ingest that cannot start.

Stand-in stages (tests/test_ingest.py's FAKE) keep the store tests fast; the tests that
build a dossier need the models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscheck import run
from crosscheck.cli import cli
from crosscheck.records import Story
from crosscheck.store import Database
from tests.store_helpers import make_article
from tests.test_ingest import FAKE, write_corpus


def invoke(*args: str):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(run, "available_stages", lambda *_: FAKE)
    db_path = tmp_path / "store.db"
    invoke("ingest", write_corpus(tmp_path / "in"), "--db", db_path)
    return db_path


def listed(db_path: Path, *options: str) -> list[dict]:
    result = invoke("stories", "--db", db_path, "--json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stories_json_lists_each_story_s_events_and_their_articles(store):
    with Database(store, create=False) as db:
        articles = {article.id: article for article in db.articles()}
        stories = db.stories()  # the events
        threads = db.threads()
    listing = listed(store)
    # FAKE's stories stage saves events alone: each is listed as a story of its own (id None)
    assert {story["id"] for story in listing} - {None} == {thread.id for thread in threads}
    for story in listing:
        assert story["articles"] == sum(event["articles"] for event in story["events"])
    by_id = {event["id"]: event for story in listing for event in story["events"]}
    assert set(by_id) == {story.id for story in stories}
    for story in stories:
        entries = by_id[story.id]["article_list"]
        assert [entry["id"] for entry in entries] == list(story.article_ids)
        for entry in entries:
            article = articles[entry["id"]]
            assert (entry["source"], entry["outlet"], entry["title"], entry["published"]) == (
                article.source, article.outlet, article.title, article.published)
    # every input that became an article can be found in the list, by its source
    sources = {Path(entry["source"]).name for story in by_id.values()
               for entry in story["article_list"]}
    assert sources == {"storm.txt", "flood-again.txt", "feed.jsonl:1"}  # the first of two
    # copies of flood.txt is stored; the other is "already present"


def test_stories_sort_option_orders_the_list(tmp_path):
    db_path = tmp_path / "store.db"
    with Database(db_path) as db:
        for title, published, size in (("Older", "2024-01-02", 3), ("Newer", "2024-06-01", 1)):
            ids = []
            for n in range(size):
                article = make_article(f"{title} {n}", "Text.", published=published)
                db.add_article(article)
                ids.append(article.id)
            db.save_story(Story(ids[0], title, tuple(ids)))
    assert [s["title"] for s in listed(db_path)] == ["Newer", "Older"]  # the default: latest
    assert [s["title"] for s in listed(db_path, "--sort", "latest")] == ["Newer", "Older"]
    assert [s["title"] for s in listed(db_path, "--sort", "size")] == ["Older", "Newer"]
    # saved outside the story index, each event is a story of its own until a rebuild
    text = invoke("stories", "--db", db_path, "--sort", "size").stdout.splitlines()
    assert text[0] == "None  2024-01-02  1 event, 3 articles  [Daily Example]  Older"
    assert text[1].endswith("  2024-01-02  3 articles  [Daily Example]  Older")
    assert text[1].startswith("    event ")
    assert text[2] == "None  2024-06-01  1 event, 1 article  [Daily Example]  Newer"
    bad = invoke("stories", "--db", db_path, "--sort", "sideways")
    assert bad.exit_code == 2 and "'sideways' is not one of" in bad.stderr


def test_an_ambiguous_id_prefix_is_a_usage_error_for_show_and_article(tmp_path):
    db_path = tmp_path / "store.db"
    with Database(db_path) as db:
        for n in (1, 2):
            db.add_article(make_article(f"Story {n}", "Text.", id=f"abcd000{n}"))
            db.save_story(Story(f"abcd000{n}", f"Story {n}", (f"abcd000{n}",)))
    for command in ("show", "article"):
        result = invoke(command, "abcd", "--db", db_path)
        assert result.exit_code == 2, result.output
        assert "ambiguous" in result.stderr and "abcd0001, abcd0002" in result.stderr
        unknown = invoke(command, "ffff", "--db", db_path)
        assert unknown.exit_code == 1 and "no " in unknown.stderr


@pytest.mark.parametrize("command", [
    ["show", "abcd"],
    ["compare", "a.txt", "b.txt"],
])
def test_json_and_markdown_together_are_a_usage_error(tmp_path, command):
    result = invoke(*command, "--json", "--markdown", *(
        ["--db", tmp_path / "none.db"] if command[0] == "show" else []))
    assert result.exit_code == 2
    assert "--json and --markdown are mutually exclusive" in result.stderr
    assert result.stdout == ""


def test_compare_outlet_count_must_match_the_files():
    result = invoke("compare", "a.txt", "b.txt", "c.txt", "--outlet", "A", "--outlet", "B")
    assert result.exit_code == 2
    assert "given 2 times for 3 FILEs" in result.stderr


def test_ingest_of_a_missing_path_is_a_usage_error_and_makes_no_store(tmp_path):
    db_path = tmp_path / "store.db"
    result = invoke("ingest", tmp_path / "no-such-folder", "--db", db_path)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not db_path.exists()


# --- with the models: a real dossier ---------------------------------------------------------


@pytest.mark.model
def test_show_takes_an_event_id_prefix(examples_store):
    event_id = listed(examples_store, "--sort", "size")[0]["events"][0]["id"]
    full = invoke("show", event_id, "--db", examples_store, "--json")
    short = invoke("show", event_id[:6], "--db", examples_store, "--json")
    assert full.exit_code == short.exit_code == 0, short.output
    assert json.loads(short.stdout)["story"]["id"] == event_id
    assert short.stdout == full.stdout


@pytest.mark.model
def test_show_story_gives_its_events_on_a_timeline_with_a_dossier_each(examples_store):
    story = listed(examples_store, "--sort", "size")[0]
    result = invoke("show", story["id"][:6], "--db", examples_store, "--json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["id"] == story["id"]
    assert [event["id"] for event in view["events"]] == [e["id"] for e in story["events"]]
    dates = [event["first_published"] or "9999" for event in view["events"]]
    assert dates == sorted(dates)
    for event in view["events"]:
        assert event["dossier"]["story"]["id"] == event["id"]
        assert set(event["new_sources"]) <= {s["name"] for s in event["dossier"]["sources"]}
    text = invoke("show", story["id"], "--db", examples_store)
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(f"Story {story['id']}: ")
    assert text.stdout.count("=== Event ") == len(story["events"])


@pytest.mark.model
def test_compare_outlet_names_each_file_s_outlet(tmp_path):
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("Flood hits Ashby\nA flood hit the town of Ashby on Monday, officials "
                     "said.\nThe flood killed 12 people.\n", encoding="utf-8")
    second.write_text("Ashby flood toll rises\nA flood hit the town of Ashby on Monday, "
                      "officials said.\nThe flood killed 30 people.\n", encoding="utf-8")
    unnamed = invoke("compare", first, second, "--json")
    assert unnamed.exit_code == 0, unnamed.output
    assert {a["outlet"] for a in json.loads(unnamed.stdout)["story"]["articles"]} == {None}

    named = invoke("compare", first, second, "--outlet", "Ashby Post", "--outlet",
                   "River Times", "--json")
    assert named.exit_code == 0, named.output
    articles = json.loads(named.stdout)["story"]["articles"]
    by_title = {a["title"]: a["outlet"] for a in articles}
    assert by_title == {"Flood hits Ashby": "Ashby Post", "Ashby flood toll rises": "River Times"}

    one = invoke("compare", first, second, "--outlet", "Ashby Post", "--markdown")
    assert one.exit_code == 0 and one.stdout.count("| Ashby Post |") == 2
