"""`crosscheck --help` stays fast because the command line imports what a command needs
only when that command runs (the time itself is measured in benchmarks/cli_startup.py, not
asserted here): answering --help must not load the store, NumPy or any NLP library."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["sqlalchemy", "numpy", "spacy", "onnxruntime", "sklearn", "scipy", "trafilatura",
         "datasketch", "fastapi", "rich"]


def modules_loaded_by(*args: str) -> set[str]:
    code = ("import json, sys\n"
            "from crosscheck.cli import cli\n"
            "try:\n"
            f"    cli({list(args)!r})\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_loads_no_heavy_library():
    loaded = modules_loaded_by("--help")
    assert sorted(name for name in HEAVY if name in loaded) == []


def test_a_command_s_help_loads_no_heavy_library_either():
    for command in ("ingest", "stories", "show", "compare"):
        loaded = modules_loaded_by(command, "--help")
        assert sorted(name for name in HEAVY if name in loaded) == [], command


def run_module(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crosscheck", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_the_entry_point_s_quick_exit_keeps_output_and_exit_codes(tmp_path):
    """`crosscheck` (cli.main) freezes the heap as it exits: everything printed still
    arrives, and the exit code is the command's."""
    from crosscheck.records import Story
    from crosscheck.store import Database
    from tests.store_helpers import make_article

    db_path = tmp_path / "store.db"
    with Database(db_path) as db:
        articles = [make_article(f"Story {n}", "Text. " * 2000) for n in range(30)]
        for article in articles:
            db.add_article(article)
            db.save_story(Story(article.id, article.title, (article.id,)))
    listed = run_module("stories", "--db", str(db_path), "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 30  # all of it, flushed

    (tmp_path / "empty.txt").write_text("")
    rejected = run_module("ingest", "empty.txt", "--db", str(tmp_path / "new.db"), cwd=tmp_path)
    assert rejected.returncode == 1 and "rejected 1 input: empty 1" in rejected.stdout

    usage = run_module("show", "abcd", "--json", "--markdown", cwd=tmp_path)
    assert usage.returncode == 2 and "mutually exclusive" in usage.stderr
