"""`crosscheck analyze FILE [--json]` on a small hand-written article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscheck.cli import cli

pytestmark = pytest.mark.model

TEXT = ("City mayor resigns after audit finds missing laptops\n"
        "The mayor of Springfield, John Carter, resigned on Monday after auditors found that "
        "more than 300 laptops bought by the city council had gone missing since 2019.\n"
        "Carter told reporters at City Hall that the audit was wrong and politically motivated, "
        "without providing evidence, and said he would challenge its findings in court.\n"
        "The council will meet on Thursday to choose an interim mayor, officials said.\n")


def test_analyze_json_spans_carry_their_text(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (item,) = data["articles"]
    analysis = item["analysis"]
    text = item["article"]["text"]
    assert [q["span"]["text"] for q in analysis["quantities"]] == ["more than 300"]
    assert analysis["quantities"][0]["counted"] == "laptop"
    for sentence in analysis["sentences"]:
        span = sentence["span"]
        assert span["text"] == text[span["start"] : span["end"]]
    names = {entity["name"] for entity in analysis["entities"]}
    assert "John Carter" in names


def test_analyze_text_output(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    assert "without providing evidence [no-evidence]" in result.output
    assert "more than 300: value=300.0" in result.output
