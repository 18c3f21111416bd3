"""One place for settings.

``Settings`` holds one section per pipeline stage. Every tuned constant says how it was
calibrated: on which data, against which benchmark (see BENCHMARKS.md). Each stage reads only
its own section; pass a modified copy (``dataclasses.replace``) to change one value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def cache_dir() -> Path:
    """Where built artefacts (the ONNX embedding model) live: never inside the repository."""
    return Path(os.environ.get("CROSSCHECK_CACHE") or Path.home() / ".cache" / "crosscheck")


@dataclass(frozen=True)
class ReadSettings:
    max_bytes: int = 20 * 1024 * 1024  # files over this are rejected as "too-large"


@dataclass(frozen=True)
class CleanSettings:
    pass


@dataclass(frozen=True)
class AnalyzeSettings:
    pass


@dataclass(frozen=True)
class StorySettings:
    pass


@dataclass(frozen=True)
class CompareSettings:
    pass


@dataclass(frozen=True)
class StoreSettings:
    url: str = "sqlite:///crosscheck.db"


@dataclass(frozen=True)
class Settings:
    read: ReadSettings = field(default_factory=ReadSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    analyze: AnalyzeSettings = field(default_factory=AnalyzeSettings)
    stories: StorySettings = field(default_factory=StorySettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    store: StoreSettings = field(default_factory=StoreSettings)


DEFAULT = Settings()
