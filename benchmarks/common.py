"""Helpers shared by the benchmark scripts: where the data is, and how figures are reported."""

from __future__ import annotations

import os
import platform
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    path = Path(os.environ.get("CROSSCHECK_DATA") or REPO.parent / "shared" / "data")
    if not path.is_dir():
        sys.exit(f"evaluation data not found at {path} (set CROSSCHECK_DATA)")
    return path


def header(name: str) -> str:
    """First lines of every benchmark report: what ran, when, where."""
    command = "python -m " + name
    cpus = os.cpu_count()
    return (
        f"# {name}\n"
        f"command: {command} {' '.join(sys.argv[1:])}\n"
        f"date: {date.today().isoformat()}  machine: {platform.machine()}, {cpus} cores, "
        f"Python {platform.python_version()}\n"
    )
