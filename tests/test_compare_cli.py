"""`crosscheck compare` and `crosscheck show` on articles written here: JSON valid against
the schema, Markdown and the terminal view carry the same statements, `show` reads a
stored story, errors are clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscheck.cli import cli
from crosscheck.records import Story

pytestmark = [pytest.mark.model]

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "dossier.schema.json"

FIRST = """Flood hits Ashby
A flood hit the river town of Ashby on Monday, officials said.
The flood killed 12 people in Ashby, according to the fire service.
Mayor Ada Brooks, a former nurse, said: "We will rebuild every street."
Volunteers filled sandbags through the night.
"""
SECOND = """Ashby counts the cost of Monday's flood
A flood hit the river town of Ashby on Monday, officials said.
The flood killed 30 people in Ashby, according to the fire service.
The embattled mayor, Ada Brooks, said: "We will rebuild every street."
Insurers expect record claims this year.
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("articles")
    paths = []
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def compared(files) -> dict:
    result = CliRunner().invoke(cli, ["compare", *map(str, files), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_compare_json_is_valid_and_cites_spans(compared):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(compared)
    assert len(compared["story"]["articles"]) == 2
    conflicts = [c for c in compared["claims"] if c["status"] == "conflict"]
    assert conflicts and conflicts[0]["conflict"]["reason"] == "number"
    assert {side["text"] for side in conflicts[0]["conflict"]["sides"]} == {"12", "30"}
    quotes = [q for q in compared["quotes"] if len(q["variants"]) == 2]
    assert quotes and quotes[0]["differences"] == []
    assert all(s["articles"] for s in compared["summary"])


def test_compare_markdown_and_terminal(files):
    markdown = CliRunner().invoke(cli, ["compare", *map(str, files), "--markdown"])
    assert markdown.exit_code == 0, markdown.output
    for heading in ("## Summary", "## Claims", "## Quotes", "## Framing"):
        assert heading in markdown.stdout
    assert "conflict (number)" in markdown.stdout
    terminal = CliRunner().invoke(cli, ["compare", *map(str, files)])
    assert terminal.exit_code == 0, terminal.output
    assert "conflict" in terminal.stdout and "Quotes" in terminal.stdout


def test_compare_of_nothing_readable_is_a_clean_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", str(empty), "--json"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_show_reads_a_stored_story(files, compared, tmp_path):
    from crosscheck.compare.files import read_articles
    from crosscheck.store import Database

    articles, _ = read_articles(files)
    db_path = tmp_path / "story.db"
    with Database(str(db_path)) as db:
        for article in articles:
            db.add_article(article)  # stored without analysis: show analyses them itself
        db.save_story(Story(id=articles[0].id, title=articles[0].title,
                            article_ids=tuple(a.id for a in articles)))
    result = CliRunner().invoke(cli, ["show", articles[0].id, "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["story"]["id"] == articles[0].id
    assert [c["status"] for c in shown["claims"]] == [c["status"] for c in compared["claims"]]
    missing = CliRunner().invoke(cli, ["show", "no-such-story", "--db", str(db_path)])
    assert missing.exit_code != 0 and "Traceback" not in missing.output

