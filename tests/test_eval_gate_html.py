"""Evaluation gate: HTML body extraction on a fixed subset of the Article Extraction Benchmark
must not drop below its floor (scored with the benchmark's own metric, see benchmarks/aeb.py).
The fingerprint catches a changed corpus, which would make the floor meaningless."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from benchmarks.aeb import aggregate, load, page_counts
from crosscheck.readers.html import extract

FLOORS = json.loads((Path(__file__).with_suffix(".json")).read_text())


@pytest.mark.data
def test_html_body_f1_stays_above_its_floor(shared_data: Path):
    root = shared_data / "scrapinghub-aeb"
    if not root.is_dir():
        pytest.skip(f"{root} not found")
    gold, pages = load(root, limit=FLOORS["pages"])
    fingerprint = hashlib.sha256(
        "".join(key + gold[key] for key in sorted(gold)).encode()
    ).hexdigest()[:16]
    assert fingerprint == FLOORS["fingerprint"], "the gate's pages changed: re-measure the floor"
    counts = [page_counts(gold[key], extract(html).body) for key, html in pages.items()]
    f1 = aggregate(counts)["f1"]
    assert f1 >= FLOORS["f1_floor"], (
        f"HTML body F1 {f1:.3f} fell below the floor {FLOORS['f1_floor']}"
    )
