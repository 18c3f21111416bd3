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
