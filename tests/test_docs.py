"""The documentation is kept honest: every command and option, every public name, and the
README's commands exist, and the documented JSONL fields are the ones the reader accepts."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

import crosscheck
from crosscheck.cli import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = Path(__file__).resolve().parents[1] / "README.md"


def _sections(text: str, level: str = "## ") -> dict[str, str]:
    """Markdown sections by heading, with their bodies."""
    parts = re.split(rf"^{level}", text, flags=re.M)[1:]
    return {part.splitlines()[0].strip(): part for part in parts}


def _commands() -> dict[str, click.Command]:
    return dict(cli.commands)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_is_documented_with_all_its_options(name):
    sections = _sections((DOCS / "cli.md").read_text())
    heading = f"`crosscheck {name}`"
    assert heading in sections, f"docs/cli.md has no section {heading}"
    body = sections[heading]
    for param in _commands()[name].params:
        if isinstance(param, click.Option):
            assert any(opt in body for opt in param.opts), f"{name}: {param.opts} undocumented"


def test_cli_docs_document_no_command_that_does_not_exist():
    documented = {h.split()[1].rstrip("`") for h in _sections((DOCS / "cli.md").read_text())
                  if h.startswith("`crosscheck ")}
    assert documented <= set(_commands())


def test_every_public_name_is_documented():
    api = (DOCS / "api.md").read_text()
    undocumented = [name for name in crosscheck.__all__
                    if not name.startswith("_") and f"`{name}" not in api]
    assert undocumented == []


def test_readme_leads_with_the_two_commands():
    head = README.read_text()[:1500]
    assert "make demo" in head and "make test" in head


def test_makefile_has_the_readme_targets():
    makefile = (README.parent / "Makefile").read_text()
    for target in ("demo:", "test:"):
        assert re.search(rf"^{target}", makefile, flags=re.M)


def test_readme_python_example_runs(monkeypatch, capsys):
    monkeypatch.chdir(README.parent)
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert "| A1 |" in capsys.readouterr().out


def test_readme_demo_output_lists_the_example_stories():
    """The demo output quoted in the README is the stories the examples really make."""
    import json

    quoted = re.search(r"<!-- demo-output -->(.*?)<!-- /demo-output -->", README.read_text(), re.S)
    gold = json.loads((README.parent / "examples" / "gold.json").read_text())
    listed = [line for line in quoted.group(1).splitlines() if re.match(r"^[0-9a-f]{16}  ", line)]
    assert len(listed) == len(gold["stories"])


RUN_YOURSELF = "Run crosscheck yourself"


def readme_commands() -> list[str]:
    """The `crosscheck ...` command lines of the README's section on running it yourself,
    without their comments, in order."""
    section = _sections(README.read_text())[RUN_YOURSELF]
    blocks = re.findall(r"```console\n(.*?)```", section, flags=re.S)
    return [line[2:].split("  #")[0].strip() for block in blocks for line in block.splitlines()
            if line.startswith("$ crosscheck ")]


def test_readme_says_how_to_run_crosscheck_from_the_venv():
    section = _sections(README.read_text())[RUN_YOURSELF]
    assert "source .venv/bin/activate" in section and ".venv/bin/crosscheck" in section


@pytest.mark.model
def test_readme_commands_work_in_a_fresh_clone(tmp_path, monkeypatch):
    """Each command of the section runs, in order, in a folder holding only a copy of
    examples/ (the seed example, which needs the evaluation data, is marked as such)."""
    import shlex
    import shutil

    from click.testing import CliRunner

    shutil.copytree(README.parent / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    commands = readme_commands()
    assert len(commands) >= 6
    ran = 0
    for command in commands:
        args = shlex.split(command)[1:]
        if "../shared/data" in command:
            continue  # needs the evaluation data beside the checkout; the README says so
        if args[0] == "serve" and "--get" not in args:
            args += ["--get", "/api/stories"]  # one request instead of a server
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, f"{command}\n{result.output}"
        ran += 1
    assert ran >= 6


def test_readme_marks_the_examples_that_need_the_evaluation_data():
    section = _sections(README.read_text())[RUN_YOURSELF]
    needing = [line for line in section.splitlines()
               if line.startswith("$ crosscheck ") and "../shared/data" in line]
    assert needing and all(line.endswith("# needs the evaluation data") for line in needing)
