"""`crosscheck clean FILE [--json] [--outlet NAME]`: no database, cleaned text and reasons."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crosscheck.cli import cli

SEED_WITH_BOILERPLATE = "002_6b34cf8f29c2706b.txt"

HAND_WRITTEN = "\n".join([
    "Harbour ferry returns after repairs",
    "By Ada Lovelace",
    "The harbour ferry returned to service on Monday after six weeks of repairs to its engine.",
    "Sign up for our free daily newsletter",
    "Passengers said the crossing was quicker than before, and the timetable is unchanged.",
])  # fmt: skip


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def test_clean_prints_text_reasons_and_metadata(article_file):
    result = CliRunner().invoke(cli, ["clean", str(article_file)])
    assert result.exit_code == 0, result.output
    assert "Passengers said the crossing was quicker" in result.output
    assert "subscription-prompt: Sign up for our free daily newsletter" in result.output
    assert "author: Ada Lovelace (from byline)" in result.output


def test_clean_json_gives_article_kept_lines_and_reason_counts(article_file):
    result = CliRunner().invoke(cli, ["clean", str(article_file), "--json", "--outlet", "Harbour News"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (entry,) = data["articles"]
    assert entry["article"]["outlet"] == "Harbour News"
    assert entry["article"]["cleaned"] is True
    assert entry["kept_line_numbers"] == [1, 3, 5]
    assert entry["removed_by_reason"] == {"byline": 1, "subscription-prompt": 1}
    assert data["rejections"] == []


def test_clean_rejected_file_exits_1_and_lists_the_rejection(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", str(empty), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [rejection["reason"] for rejection in data["rejections"]] == ["empty"]


@pytest.mark.data
def test_clean_seed_002_json(seeds):
    path = seeds / SEED_WITH_BOILERPLATE
    if not path.is_file():
        pytest.skip("seed not found")
    result = CliRunner().invoke(cli, ["clean", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)["articles"]
    assert entry["kept_line_numbers"] == [1, 2, 3, 4, 10, 11, 12]
    assert entry["article"]["outlet"] == "The Week"
    assert entry["article"]["author"] == "Catherine Garcia"
    assert entry["article"]["published"] is None
