"""Evaluation gate: quote content, speaker and upstream-source scores on a few PolNeAR dev
documents may not fall below the floors in test_eval_gate_quotes.json (benchmarks.polnear)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import polnear

FLOORS = json.loads((Path(__file__).with_suffix(".json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tally(shared_data: Path) -> polnear.Tally:
    if not (shared_data / "polnear" / "dev").is_dir():
        pytest.skip("PolNeAR dev split not found")
    return polnear.run("dev", limit=FLOORS["documents"], cache=False)


@pytest.mark.data
def test_gate_reads_the_same_documents(tally: polnear.Tally) -> None:
    assert tally.gold["all"] == FLOORS["gold_attributions"]  # the corpus slice did not change


@pytest.mark.data
@pytest.mark.parametrize("kind", ["all", "direct", "indirect"])
def test_content_f1_floor(tally: polnear.Tally, kind: str) -> None:
    _, _, f1 = tally.f1(kind)
    assert f1 >= FLOORS[f"content_f1_{kind}"], polnear.report(
        tally, documents_count=FLOORS["documents"], seconds=0
    )


@pytest.mark.data
def test_speaker_accuracy_floor(tally: polnear.Tally) -> None:
    accuracy = tally.speaker_right / max(tally.speaker_total, 1)
    assert accuracy >= FLOORS["speaker_accuracy"]
