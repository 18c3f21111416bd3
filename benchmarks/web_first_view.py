"""The first view of every story of a 300-article store: how long a reader waits.

The store is ``benchmarks/web_store.py``'s (real NeuS articles ingested with every stage, so
its dossiers were prepared at the end of the ingest). A `crosscheck serve` process is started
on it, and every story is then opened once, in the order the story list gives them: the HTML
page (`/stories/ID`) first, its JSON twin after. Each figure is the wall time of one request
from this process, connection included; no request before it had asked for that story.

    python -m benchmarks.web_first_view [--articles 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request

from benchmarks.common import header
from benchmarks.web_store import build_store, percentile, running_server

BOUND_MS = 300  # issue 18: "the first view of any story ... answers in < 300 ms"


def timed_get(url: str) -> tuple[float, int]:
    """Milliseconds until the whole body of a GET arrived, and its status."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        status = response.status
    return (time.perf_counter() - started) * 1000, status


def first_views(base: str) -> dict[str, list[float]]:
    with urllib.request.urlopen(base + "/api/stories", timeout=60) as response:
        stories = json.load(response)
    times: dict[str, list[float]] = {"page": [], "json": []}
    for story in stories:
        for kind, path in (("page", f"/stories/{story['id']}"),
                           ("json", f"/api/stories/{story['id']}")):
            milliseconds, status = timed_get(base + path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            times[kind].append(milliseconds)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    store, ingest_seconds = build_store(args.articles)
    with running_server(store) as base:
        times = first_views(base)
    print(header("benchmarks.web_first_view"))
    print(f"store: {args.articles} NeuS articles, {len(times['page'])} stories ({store.name})")
    for phase, value in ingest_seconds.items():
        print(f"store preparation: {phase} {value:.1f}")
    for kind, values in times.items():
        print(f"first view ({kind}): median {statistics.median(values):.1f} ms, "
              f"p95 {percentile(values, 0.95):.1f} ms, max {max(values):.1f} ms "
              f"(bound {BOUND_MS} ms: {'holds' if max(values) < BOUND_MS else 'FAILS'})")


if __name__ == "__main__":
    main()
