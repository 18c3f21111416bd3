"""The store's commands through click's CliRunner: ingest, article, stories, search.

Stand-in stages keep these fast and exact; the demo path with the real stages is the last test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscheck import run
from crosscheck.cli import cli
from crosscheck.store import Database
from tests.test_ingest import FAKE, write_corpus


@pytest.fixture
def fake_stages(monkeypatch):
    monkeypatch.setattr(run, "available_stages", lambda *_: FAKE)


@pytest.fixture
def ingested(tmp_path, fake_stages):
    corpus = write_corpus(tmp_path / "in")
    db_path = tmp_path / "store.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db_path)])
    return corpus, db_path, result


def ids_by_source(db_path):
    """Article ids by source file name (the JSONL record as "feed.jsonl:1")."""
    with Database(db_path) as db:
        return {Path(article.source).name: article.id for article in db.articles()}


def test_ingest_summary_and_exit_code_one_when_anything_is_rejected(ingested):
    corpus, _db_path, result = ingested
    assert result.exit_code == 1
    assert result.stdout == (
        "read 4 articles: 3 new, 1 already present\n"
        "stories: 3 of 3 events (list them with `crosscheck stories`)\n"
        "rejected 2 inputs: bad-json 1, empty 1\n"
        f"  {corpus}/empty.txt: read empty\n"
        f"  {corpus}/feed.jsonl:2: read bad-json "
        "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))\n"
    )
    assert "reading files" in result.stderr  # the progress bar goes to stderr


def test_ingest_twice_reports_everything_present(ingested):
    corpus, db_path, _first = ingested
    again = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db_path), "--json"])
    assert again.exit_code == 1
    report = json.loads(again.stdout)
    assert (report["new"], report["already_present"], report["rejected"]) == (0, 4, 2)
    assert report["rejected_by_reason"] == {"bad-json": 1, "empty": 1}


def test_ingest_exit_code_zero_when_nothing_is_rejected(tmp_path, fake_stages):
    corpus = write_corpus(tmp_path / "in")
    db_path = tmp_path / "store.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(corpus / "storm.txt"), "--db", f"sqlite:///{db_path}",
              "--outlet", "Given Outlet"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("rejected: none\n")
    stories = CliRunner().invoke(cli, ["stories", "--db", str(db_path)])
    story, event = stories.stdout.splitlines()  # FAKE's events belong to no story: id None
    assert story == "None  undated     1 event, 1 article  [Given Outlet]  World"
    assert event.split("  ", 3)[3] == "undated     1 article  [Given Outlet]  World"


def test_ingest_without_paths_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2


def test_stories_lists_each_story(ingested):
    _corpus, db_path, _result = ingested
    ids = ids_by_source(db_path)
    result = CliRunner().invoke(cli, ["stories", "--db", str(db_path)])
    assert result.exit_code == 0
    # FAKE's stories stage saves one event per article and links none into a story: each
    # event is listed as a story of its own (id None), its line indented under it
    events = [line for line in result.stdout.splitlines() if line.startswith("    event ")]
    assert sorted(events) == sorted([
        f"    event {ids['storm.txt']}  undated     1 article  [1 with no outlet]  World",
        f"    event {ids['flood-again.txt']}  undated     1 article  [1 with no outlet]  "
        "Flood warning issued",
        f"    event {ids['feed.jsonl:1']}  undated     1 article  [Example Times]  Coast storm",
    ])
    listed = json.loads(CliRunner().invoke(cli, ["stories", "--db", str(db_path), "--json"]).stdout)
    assert {event["id"] for story in listed for event in story["events"]} == set(ids.values())


def test_article_shows_text_metadata_removed_lines_and_story(ingested, tmp_path):
    _corpus, db_path, _result = ingested
    article_id = ids_by_source(db_path)["feed.jsonl:1"]
    result = CliRunner().invoke(cli, ["article", article_id[:6], "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"article {article_id}",
        "title: Coast storm (from jsonl)",
        "outlet: Example Times (from jsonl)",
        "author: unknown",
        "published: unknown",
    ]
    assert f"story: {article_id} Coast storm (1 article)" in lines
    # the record's text repeats its title as the first line: the reader drops that line
    assert lines[-4:] == ["", "The storm hit the coast hard and the harbour closed for the day.",
                          "", "removed lines: 0"]
    as_json = json.loads(
        CliRunner().invoke(cli, ["article", article_id, "--db", str(db_path), "--json"]).stdout
    )
    assert as_json["article"]["id"] == article_id and as_json["story"]["id"] == article_id


def test_article_lists_removed_lines_with_reasons(tmp_path):
    from tests.store_helpers import make_article

    db_path = tmp_path / "store.db"
    article = make_article("Storm hits coast", "Winds reached 100 km/h.")
    with Database(db_path) as db:
        db.add_article(article)
    result = CliRunner().invoke(cli, ["article", article.id, "--db", str(db_path)])
    assert result.stdout.splitlines()[-2:] == [
        "removed lines: 1", "     3  newsletter-prompt: Subscribe to our newsletter"
    ]


def test_unknown_article_and_missing_database_are_clear_errors(ingested, tmp_path):
    _corpus, db_path, _result = ingested
    unknown = CliRunner().invoke(cli, ["article", "ffffffff", "--db", str(db_path)])
    assert unknown.exit_code == 1
    assert "no article 'ffffffff'" in unknown.stderr
    missing = CliRunner().invoke(cli, ["stories", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1
    assert "no database at" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_search_finds_words_in_titles_and_texts(ingested):
    _corpus, db_path, _result = ingested
    ids = ids_by_source(db_path)
    result = CliRunner().invoke(cli, ["search", "coast storm", "--db", str(db_path), "--json"])
    hits = json.loads(result.stdout)
    assert {hit["id"] for hit in hits} == {ids["feed.jsonl:1"], ids["storm.txt"]}
    text = CliRunner().invoke(cli, ["search", "rivers", "--db", str(db_path)]).stdout
    assert text.splitlines()[0] == f"{ids['flood-again.txt']}  outlet unknown  (untitled)"
    assert "**Rivers**" in text.splitlines()[1]
    none = CliRunner().invoke(cli, ["search", "volcano", "--db", str(db_path)])
    assert none.stdout == "no article matches 'volcano'\n"
