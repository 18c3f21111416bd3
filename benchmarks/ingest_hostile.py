"""Hostile inputs, each ingested by the real `crosscheck ingest` command beside a good file:
the reason code it gets, the exit code, whether a traceback is printed, peak memory (RSS of
the whole command, from GNU time) and wall time; and whether the good file was stored.

The inputs are made here (invented text): a 3 MB gzip whose JSONL line decompresses to
about 3 GB of one line, a 1 MB text without a line break, a 21 MB JSONL line, a file name
that is not UTF-8, a lone surrogate escape in a JSONL title, a JSONL line nested 100,000
deep, a FIFO, /dev/zero, and a symlink loop. Two of them are no longer rejections at all:
the surrogate is replaced by U+FFFD and the article stored (exit 0), the symlink loop is
logged and passed over (exit 0). A chmod-000 file is not among them when run as root, whom
the system lets read it (tests/test_readers_hostile.py stands in the refusal).

    python -m benchmarks.ingest_hostile
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import header

GOOD = ("Harbour reopens after storm\nThe harbour of Velmora reopened on Monday after a week "
        "of repairs, the port authority said. Ferries resumed their routes in the afternoon.\n")
LIMIT_BYTES = 1 << 30
LIMIT_SECONDS = 60.0


def _gzip_bomb(folder: Path) -> Path:
    path = folder / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(b'{"text": "')
        block = b"a" * (1 << 24)
        for _ in range(180):  # about 3 GB of one line, about 3 MB compressed
            out.write(block)
        out.write(b'"}\n')
    return path


def _write(name: bytes, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / os.fsdecode(name)
        path.write_bytes(data)
        return path
    return make


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")
    return folder / "pipe.txt"


def _loop(folder: Path) -> Path:
    (folder / "loop.txt").symlink_to("loop.txt")
    return folder


def _dev_zero(folder: Path) -> Path:
    return Path("/dev/zero")


CASES: dict[str, Callable[[Path], Path]] = {
    "3 MB gzip of a 3 GB JSONL line": _gzip_bomb,
    "1 MB text on one line": _write(b"long.txt", b"Long words " * 100_000),
    "21 MB JSONL line": _write(b"big.jsonl", b'{"text": "' + b"b" * (21 << 20) + b'"}\n'),
    "file name not UTF-8": _write(b"caf\xe9-\xff.txt", b""),
    "lone surrogate in a JSONL title": _write(
        b"surrogate.jsonl", json.dumps({"title": "A @ title", "text": "The ferry ran late."})
        .replace("@", "\\ud800").encode()),
    "JSONL nested 100,000 deep": _write(b"deep.jsonl", b"[" * 100_000 + b"\n"),
    "FIFO": _fifo,
    "/dev/zero": _dev_zero,
    "symlink loop": _loop,
}


def run_case(name: str, make: Callable[[Path], Path]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / "good.txt").write_text(GOOD)
        hostile = make(folder)
        paths = [str(folder)] if hostile == folder or hostile.parent == folder else [
            str(folder), str(hostile)]
        command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "crosscheck", "ingest",
                   *paths, "--db", str(Path(tmp) / "store.db"), "--json"]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, errors="replace",
                              timeout=600)
        seconds = time.perf_counter() - started
        peak_kb = int(done.stderr.strip().splitlines()[-1])
        report = json.loads(done.stdout) if done.stdout.strip() else {}
    reasons = {k: v for k, v in report.get("rejected_by_reason", {}).items()}
    return {"input": name, "reasons": reasons, "exit": done.returncode,
            "traceback": "Traceback" in done.stderr, "peak_mib": peak_kb / 1024,
            "seconds": seconds, "good_stored": report.get("new", 0) >= 1}


def main() -> None:
    print(header("ingest_hostile"))
    print("| input | reason codes | exit | traceback | peak MiB | s | good file stored |")
    print("|---|---|---|---|---|---|---|")
    for name, make in CASES.items():
        row = run_case(name, make)
        reasons = ", ".join(f"{k} {v}" for k, v in row["reasons"].items()) or "none"
        ok = (not row["traceback"] and row["peak_mib"] * (1 << 20) <= LIMIT_BYTES
              and row["seconds"] <= LIMIT_SECONDS and row["good_stored"])
        print(f"| {name} | {reasons} | {row['exit']} | {'yes' if row['traceback'] else 'no'} | "
              f"{row['peak_mib']:.0f} | {row['seconds']:.1f} | "
              f"{'yes' if row['good_stored'] else 'NO'}{'' if ok else ' (FAILS a bound)'} |")


if __name__ == "__main__":
    main()
