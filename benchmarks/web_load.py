"""The JSON API under load: 50 concurrent clients for 30 s on a 300-article store.

The store is ``benchmarks/web_store.py``'s (real NeuS articles, dossiers prepared). A
`crosscheck serve` process answers; in this process 50 clients (threads, each with its own
keep-alive HTTP/1.1 connection from the standard library's ``http.client``, a light client
so that the clients measure the server rather than themselves) each loop for the duration
over the JSON endpoints in turn: the story list, a dossier, an article, a search, each id or
word drawn at random (seeded). An error is a status other than 200 or a failed request. The
first request of each path (answered by the routes, not from the server's cache of JSON
answers) is also reported apart. Clients and server share the machine's two cores (issue 16:
"clients on the same machine").

With ``--postgres`` the same store is copied into a throwaway PostgreSQL cluster
(``benchmarks/web_postgres.py``) and served from there.

    python -m benchmarks.web_load [--articles 300] [--clients 50] [--seconds 30] [--no-cache]
                                  [--postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import random
import statistics
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from benchmarks.common import header
from benchmarks.web_store import build_store, percentile, running_server

P95_BOUND_MS = 200  # issue 16: "0 errors, p95 <= 200 ms on this machine"
SEARCH_WORDS = ("government", "president", "said", "police", "trump", "court", "election",
                "vote", "border", "report")


@dataclass
class Tally:
    """What the clients saw; appended to from every client thread (list.append is atomic)."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    first: list[float] = field(default_factory=list)  # the first request of each path
    errors: list[str] = field(default_factory=list)
    asked: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def is_first(self, path: str) -> bool:
        with self.lock:
            new = path not in self.asked
            self.asked.add(path)
            return new


def endpoint_paths(base: str) -> dict[str, list[str]]:
    """Every path each endpoint may be asked for."""
    with urllib.request.urlopen(base + "/api/stories", timeout=60) as response:
        stories = json.load(response)
    return {
        "stories": ["/api/stories"],
        "dossier": [f"/api/stories/{s['id']}" for s in stories],
        "article": [f"/api/articles/{a['id']}" for s in stories for a in s["article_list"]],
        "search": [f"/api/search?q={word}" for word in SEARCH_WORDS],
    }


def client_loop(base: str, paths: dict[str, list[str]], *, until: float, rng: random.Random,
                tally: Tally) -> None:
    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port,
                                            timeout=60)
    kinds = list(paths)
    turn = rng.randrange(len(kinds))
    while time.perf_counter() < until:
        kind = kinds[turn % len(kinds)]
        turn += 1
        path = rng.choice(paths[kind])
        first = tally.is_first(path)
        started = time.perf_counter()
        status: int | str
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
            connection.close()  # a new connection for the next request
        milliseconds = (time.perf_counter() - started) * 1000
        tally.times[kind].append(milliseconds)
        if first:
            tally.first.append(milliseconds)
        if status != 200:
            tally.errors.append(f"{path}: {status}")
    connection.close()


def load(base: str, *, clients: int, seconds: float, seed: int = 0) -> tuple[Tally, float]:
    paths = endpoint_paths(base)
    tally = Tally()
    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(base, paths), kwargs={
        "until": started + seconds, "rng": random.Random(seed + n), "tally": tally})
        for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def report(tally: Tally, elapsed: float) -> None:
    times, errors = tally.times, tally.errors
    every = [t for values in times.values() for t in values]
    p95 = percentile(every, 0.95)
    print(f"requests: {len(every)} in {elapsed:.1f} s ({len(every) / elapsed:.0f}/s), "
          f"errors: {len(errors)}")
    print(f"all JSON endpoints: median {statistics.median(every):.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(every):.1f} ms (bound: 0 errors, p95 <= {P95_BOUND_MS} ms: "
          f"{'holds' if not errors and p95 <= P95_BOUND_MS else 'FAILS'})")
    for kind, values in times.items():
        print(f"  {kind}: {len(values)} requests, median {statistics.median(values):.1f} ms, "
              f"p95 {percentile(values, 0.95):.1f} ms")
    print(f"  first request of each path ({len(tally.first)} paths): "
          f"median {statistics.median(tally.first):.1f} ms, "
          f"p95 {percentile(tally.first, 0.95):.1f} ms")
    for error in errors[:5]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--no-cache", action="store_true",
                        help="serve without the cache of JSON answers (what it gives)")
    parser.add_argument("--postgres", action="store_true",
                        help="serve the store from a throwaway PostgreSQL cluster")
    args = parser.parse_args()
    store, _ = build_store(args.articles)
    with contextlib.ExitStack() as stack:
        served = str(store)
        if args.postgres:
            from benchmarks.web_postgres import copy_store, running_postgres

            served = copy_store(store, stack.enter_context(running_postgres()))
        base = stack.enter_context(running_server(served, cache_json=not args.no_cache))
        tally, elapsed = load(base, clients=args.clients, seconds=args.seconds)
    print(header("benchmarks.web_load"))
    where = "PostgreSQL (a copy)" if args.postgres else "SQLite"
    print(f"store: {args.articles} NeuS articles ({store.name}), on {where}; {args.clients} "
          f"clients, {args.seconds:.0f} s; JSON answers {'not ' if args.no_cache else ''}cached")
    report(tally, elapsed)


if __name__ == "__main__":
    main()
