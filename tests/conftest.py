"""Shared fixtures. Evaluation data is read from CROSSCHECK_DATA (default ../shared/data)
and tests that need it are skipped with a clear message when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    return Path(os.environ.get("CROSSCHECK_DATA") or REPO.parent / "shared" / "data")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = data_dir()
    if not path.is_dir():
        pytest.skip(f"evaluation data not found at {path} (set CROSSCHECK_DATA)")
    return path


@pytest.fixture(scope="session")
def seeds(shared_data: Path) -> Path:
    return shared_data / "seeds"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory, examples_dir: Path) -> Path:
    """A SQLite store of examples/ ingested with the real stages (the demo's store), built
    once per session and only read afterwards."""
    from crosscheck.run import ingest
    from crosscheck.store import Database

    path = tmp_path_factory.mktemp("examples-store") / "examples.db"
    with Database(path) as db:
        ingest([examples_dir], db=db)
        if not db.stories():
            pytest.fail("ingesting examples/ made no story")
    return path


# --- the end of the run: why tests were skipped, one line per reason ----------------------
# Without the evaluation data dozens of tests are skipped, and pytest -q shows only "s"
# marks: a newcomer running `make test` should see why without knowing about -rs.


def skipped_groups(reports) -> list[tuple[str, int, int]]:
    """(reason, tests, files) for each skip reason among pytest's skipped reports, the
    largest group first."""
    tests: dict[str, int] = {}
    files: dict[str, set[str]] = {}
    for report in reports:
        if isinstance(report.longrepr, tuple):  # (path, line, "Skipped: reason")
            reason = report.longrepr[2].removeprefix("Skipped: ")
        else:
            reason = str(report.longrepr)
        tests[reason] = tests.get(reason, 0) + 1
        files.setdefault(reason, set()).add(report.nodeid.split("::")[0])
    return sorted(((reason, count, len(files[reason])) for reason, count in tests.items()),
                  key=lambda group: (-group[1], group[0]))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    groups = skipped_groups(terminalreporter.stats.get("skipped", []))
    if not groups:
        return
    terminalreporter.write_sep("-", "skipped, by reason")
    for reason, count, file_count in groups:
        where = f"{file_count} file" + ("s" if file_count > 1 else "")
        terminalreporter.write_line(f"skipped {count} ({where}): {reason}")
