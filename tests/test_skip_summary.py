"""`make test` ends with one line per skip reason (tests/conftest.py's terminal summary), so
a run without the evaluation data says why tests were skipped without `-rs`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SKIPPING = '''
import pytest

@pytest.mark.parametrize("n", range(3))
def test_needs_data(n):
    pytest.skip("evaluation data not found at /nowhere (set CROSSCHECK_DATA)")

@pytest.mark.skipif(True, reason="embedding model not built")
def test_needs_model():
    pass

def test_runs():
    pass
'''


def test_a_quiet_run_ends_with_one_line_per_skip_reason(tmp_path):
    (tmp_path / "test_skipping.py").write_text(SKIPPING)
    (tmp_path / "test_more.py").write_text(SKIPPING.replace("test_runs", "test_runs_too"))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest",
                           "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    tail = done.stdout.splitlines()[-4:]
    assert tail[0].strip("- ") == "skipped, by reason"
    assert tail[1:3] == [
        "skipped 6 (2 files): evaluation data not found at /nowhere (set CROSSCHECK_DATA)",
        "skipped 2 (2 files): embedding model not built",
    ]
    assert tail[3].startswith("2 passed, 8 skipped")


def test_a_run_with_nothing_skipped_adds_no_section(tmp_path):
    (tmp_path / "test_plain.py").write_text("def test_ok():\n    pass\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest",
                           "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "skipped, by reason" not in done.stdout
