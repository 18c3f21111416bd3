"""Evaluation gate: story clustering on the held-out ECB+ topics may not drop below its floors.

The floors (eval_gate_stories.json) sit just under the figures measured with the calibrated
settings (benchmarks/results/ecbplus.md). Entities come from spaCy and are cached outside the
repository after the first run, so the gate then runs in seconds. Embeddings are left out so
the gate does not depend on the model build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FLOORS = json.loads((Path(__file__).with_name("eval_gate_stories.json")).read_text())


@pytest.mark.data
@pytest.mark.model
def test_ecbplus_held_out_clustering_keeps_its_floors(shared_data: Path) -> None:
    if not (shared_data / "ecbplus" / "ECB+").is_dir():
        pytest.skip("ECB+ not found in the evaluation data")
    from benchmarks import ecbplus
    from crosscheck.settings import DEFAULT

    documents = ecbplus.load(ecbplus.HELD_OUT)
    assert len(documents) == FLOORS["documents"]
    parts = ecbplus.ingredient_list(documents, embed=False)
    predicted = ecbplus.run_index(parts, settings=DEFAULT.stories, embed=False, refine=False)
    scores = ecbplus.scores(predicted, [doc.gold for doc in documents])
    for name, floor in FLOORS["floors"].items():
        assert scores[name] >= floor, f"{name} {scores[name]:.3f} fell below its floor {floor}"
