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
