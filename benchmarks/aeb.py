"""HTML body extraction on the Article Extraction Benchmark (scrapinghub-aeb, 181 pages).

The metric is the benchmark's own (its evaluate.py): text is split into ``\\w+`` tokens,
each page's body becomes a multiset of 4-token shingles, true positives, false positives and
false negatives are counted per page and normalised by their sum so every page weighs the
same, precision and recall are averaged over pages, and F1 is taken from the two averages.
As a check of this scorer, trafilatura's stored output in the benchmark must score 0.958.

Compared in one process, on the same pages: trafilatura 2.3.1 alone (default options, and
with comments off as the benchmark runs it) and crosscheck's HTML reader body
(``crosscheck.readers.html.extract``, which also extracts the metadata). Pages per second
are measured for each in CPU seconds of this process (the machine is shared, so wall time
mostly measures the other processes); only the ratios within one run mean much.

    python -m benchmarks.aeb                 # all 181 pages
    python -m benchmarks.aeb --limit 40      # a quick subsample
    python -m benchmarks.aeb --ablations     # also each of crosscheck's choices on its own
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from benchmarks.common import data_dir, header
from crosscheck.readers.html import extract, html_article, strip_site_suffix
from crosscheck.readers.text import Given
from crosscheck.records import Article
from crosscheck.settings import DEFAULT, ReadSettings

PUBLISHED_TRAFILATURA_F1 = 0.958
_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]  # true positives, false positives, false negatives


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    # A text shorter than n tokens is one (short) shingle, as in the benchmark.
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def page_counts(true: str, pred: str) -> Counts:
    """One page's shingle tp, fp, fn, normalised to sum to 1."""
    gold, got = shingles(true), shingles(pred)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def aggregate(counts: list[Counts]) -> dict[str, float]:
    """Precision and recall averaged over pages, and F1 of the two averages."""
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return {
        "f1": 2 * precision * recall / (precision + recall),
        "precision": precision,
        "recall": recall,
    }


def load(root: Path, *, limit: int | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Gold bodies and page HTML by page id (sorted ids, the first ``limit`` of them)."""
    gold = {
        key: item.get("articleBody") or ""
        for key, item in json.loads((root / "ground-truth.json").read_text()).items()
    }
    keys = sorted(gold)[:limit] if limit else sorted(gold)
    pages = {}
    for key in keys:
        with gzip.open(root / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as file:
            pages[key] = file.read()
    return {key: gold[key] for key in keys}, pages


def run(extractor: Callable[[str], str], pages: dict[str, str], gold: dict[str, str]) -> dict:
    # CPU time of this process: the machine is shared, and wall time mostly measures the others.
    started = time.process_time()
    output = {key: extractor(html) or "" for key, html in pages.items()}
    seconds = time.process_time() - started
    counts = [page_counts(gold[key], output[key]) for key in pages]
    return {**aggregate(counts), "pages_per_second": len(pages) / seconds, "counts": counts}


def _text(doc: trafilatura.settings.Document | None) -> str:
    return (doc.text or "") if doc is not None else ""


def crosscheck_body(settings: ReadSettings) -> Callable[[str], str]:
    return lambda html: extract(html, settings=settings).body


REFERENCE = "trafilatura 2.3.1, default options"
OURS = "crosscheck HTML reader (body + metadata)"
SYSTEMS: dict[str, Callable[[str], str]] = {
    REFERENCE: lambda html: trafilatura.extract(html),
    "trafilatura 2.3.1, include_comments=False": lambda html: trafilatura.extract(
        html, include_comments=False
    ),
    # The same extraction with its metadata (title, author, site name, htmldate's date), the
    # work crosscheck's reader also does.
    "trafilatura 2.3.1, include_comments=False, with metadata": lambda html: _text(
        trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    ),
    OURS: crosscheck_body(DEFAULT.read),
}
ABLATIONS: dict[str, Callable[[str], str]] = {
    "crosscheck, full default mode (fast=False)": crosscheck_body(
        dataclasses.replace(DEFAULT.read, html_fast=False)
    ),
    "crosscheck, without page-tail rules": crosscheck_body(
        dataclasses.replace(DEFAULT.read, html_drop_page_tails=False)
    ),
}


def metadata_rows(pages: dict[str, str], urls: dict[str, str]) -> list[str]:
    """crosscheck's title, author and date against trafilatura's own metadata on each page.

    The benchmark has no gold metadata, so this counts what each finds, how often they agree,
    and how many titles still end with a site suffix ("Headline | Site", judged by the suffix
    naming the page's site, as crosscheck.readers.html.strip_site_suffix judges it).
    """
    rows = Counter()
    for key, html in pages.items():
        theirs = trafilatura.bare_extraction(html, url=urls.get(key), with_metadata=True)
        article = html_article(html, source=key, given=Given(), url=urls.get(key))
        if theirs is None or not isinstance(article, Article):
            rows["pages without a body (skipped)"] += 1
            continue
        site = article.outlet
        rows["pages"] += 1
        for name, mine, their in (
            ("title", article.title, theirs.title),
            ("author", article.author, theirs.author),
            ("date", article.published, theirs.date),
        ):
            rows[f"{name} found: crosscheck"] += bool(mine)
            rows[f"{name} found: trafilatura"] += bool(their)
            rows[f"{name} same"] += (mine or None) == (their or None)
        rows["title with a site suffix: crosscheck"] += _has_site_suffix(article.title, site, article.url)
        rows["title with a site suffix: trafilatura"] += _has_site_suffix(theirs.title, site, article.url)
    return [f"| {name} | {count} |" for name, count in rows.items()]


def _has_site_suffix(title: str | None, site: str | None, url: str | None) -> bool:
    return bool(title) and strip_site_suffix(title, site, url) != title.strip()


def paired_bootstrap(
    ours: list[Counts], theirs: list[Counts], *, rounds: int = 1000
) -> tuple[float, float]:
    """Mean and standard deviation of the F1 difference over page resamples."""
    rng = random.Random(0)
    n = len(ours)
    diffs = []
    for _ in range(rounds):
        sample = [rng.randrange(n) for _ in range(n)]
        diffs.append(
            aggregate([ours[i] for i in sample])["f1"]
            - aggregate([theirs[i] for i in sample])["f1"]
        )
    return statistics.mean(diffs), statistics.stdev(diffs)


def halves(counts: list[Counts]) -> str:
    """F1 on even- and odd-numbered pages: a cheap look at how stable a figure is."""
    return f"{aggregate(counts[0::2])['f1']:.3f} / {aggregate(counts[1::2])['f1']:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by id)")
    parser.add_argument("--ablations", action="store_true", help="also run each choice alone")
    args = parser.parse_args()
    root = data_dir() / "scrapinghub-aeb"
    gold, pages = load(root, limit=args.limit)
    print(header("benchmarks.aeb"))
    stored = json.loads((root / "output" / "trafilatura.json").read_text())
    stored_counts = [
        page_counts(gold[key], stored["output"][key].get("articleBody") or "") for key in pages
    ]
    stored_f1 = aggregate(stored_counts)["f1"]
    print(
        f"scorer check: trafilatura {stored.get('version')} stored output F1 = {stored_f1:.3f} "
        f"(published {PUBLISHED_TRAFILATURA_F1}) on {len(pages)} pages\n"
    )
    systems = {**SYSTEMS, **(ABLATIONS if args.ablations else {})}
    results = {name: run(extractor, pages, gold) for name, extractor in systems.items()}
    print("| system | F1 | precision | recall | F1 even / odd pages | pages per CPU second |")
    print("|---|---|---|---|---|---|")
    for name, result in results.items():
        print(
            f"| {name} | {result['f1']:.3f} | {result['precision']:.3f} | {result['recall']:.3f} "
            f"| {halves(result['counts'])} | {result['pages_per_second']:.1f} |"
        )
    speed = results[OURS]["pages_per_second"] / results[REFERENCE]["pages_per_second"]
    print(
        f"\nspeed ratio, crosscheck / trafilatura default (CPU seconds, same run): {speed:.2f}; "
        f"F1 difference {results[OURS]['f1'] - results[REFERENCE]['f1']:+.3f}"
    )
    ours = results[OURS]["counts"]
    baseline = results["trafilatura 2.3.1, include_comments=False"]["counts"]
    mean, std = paired_bootstrap(ours, baseline)
    print(
        f"crosscheck minus trafilatura (comments off), paired bootstrap over pages: "
        f"F1 {mean:+.3f} ± {std:.3f}"
    )
    mean, std = paired_bootstrap(ours, results[REFERENCE]["counts"])
    print(f"crosscheck minus trafilatura (default), paired bootstrap: F1 {mean:+.3f} ± {std:.3f}")
    urls = {key: item.get("url") for key, item in json.loads((root / "ground-truth.json").read_text()).items()}
    print("\nmetadata, crosscheck against trafilatura's own (bare_extraction, with_metadata=True):\n")
    print("| count | pages |\n|---|---|")
    print("\n".join(metadata_rows(pages, urls)))


if __name__ == "__main__":
    main()
