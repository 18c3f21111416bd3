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
