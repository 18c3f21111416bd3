"""The store the web benchmarks read: real news articles ingested with every stage.

Articles: NeuS validation articles (left, centre and right reports of one story each, as
``benchmarks/analyze_speed.py`` reads them), written as plain-text files and ingested into a
SQLite store with the package's stages, so the dossiers are prepared at the end of the ingest
as `crosscheck ingest` prepares them. The store is kept under benchmarks/out/ (git-ignored)
and reused by the next run with the same article count.

    python -m benchmarks.web_store [--articles 300]   # builds it and prints the ingest times
"""

from __future__ import annotations

import argparse
import contextlib
import math
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from benchmarks.common import REPO, header
from benchmarks.ingest_workers import PhaseClock, write_texts

OUT = REPO / "benchmarks" / "out"


def store_path(articles: int) -> Path:
    return OUT / f"web-{articles}.db"


def build_store(articles: int) -> tuple[Path, dict[str, float]]:
    """The store of ``articles`` NeuS articles (built unless kept) and, when built, the
    seconds of the whole ingest and of its dossier phase (else the number of dossiers
    that had to be prepared again)."""
    from crosscheck.run import ingest
    from crosscheck.store import Database

    path = store_path(articles)
    if path.exists():
        started = time.perf_counter()
        rebuilt = _prepare(path)
        return path, {"stale dossiers rebuilt": rebuilt,
                      "seconds to rebuild them": time.perf_counter() - started}
    OUT.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    clock = PhaseClock()
    with tempfile.TemporaryDirectory() as folder:
        write_texts(Path(folder), articles)
        started = time.perf_counter()
        with Database(partial) as db:
            ingest([folder], db=db, progress=clock)
        seconds = time.perf_counter() - started
    partial.rename(path)
    return path, {"ingest": seconds, "dossiers": clock.seconds("dossiers")}


def _prepare(path: Path) -> float:
    """Rebuilds the dossiers a code change made stale (the code is part of their
    fingerprint), as a server's background pass would before readers come; how many."""
    from crosscheck.compare import prepare_dossiers
    from crosscheck.store import Database

    with Database(path) as db:
        return float(prepare_dossiers(db))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    path, seconds = build_store(args.articles)
    print(header("benchmarks.web_store"))
    print(f"store: {path}")
    for phase, value in seconds.items():
        print(f"{phase}: {value:.1f}")


@contextlib.contextmanager
def running_server(store: Path | str, *, cache_json: bool = True) -> Iterator[str]:
    """`crosscheck serve` of the store (a SQLite file, or a database URL) in its own process
    (as a user runs it); its URL once
    it answers the story list. Without ``cache_json``, the same app and server without the
    cache of JSON answers (to measure what the cache gives)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "crosscheck", "serve", "--db", str(store),
               "--port", str(port)]
    if not cache_json:
        command = [sys.executable, "-c", "import sys, uvicorn; from crosscheck.web import "
                   "create_app; uvicorn.run(create_app(sys.argv[1], cache_json=False), "
                   "port=int(sys.argv[2]), log_level='warning')", str(store), str(port)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode()  # type: ignore[union-attr]
                raise RuntimeError(f"the server exited: {error}")
            try:
                with urllib.request.urlopen(base + "/", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 for p95) of non-empty values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


if __name__ == "__main__":
    main()
