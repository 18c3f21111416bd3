"""The ECB+ benchmark's error listing (what a CV fold merged and split)."""

from __future__ import annotations

from benchmarks.ecbplus import error_lines


def test_error_lines_name_merged_and_split_stories() -> None:
    gold = ["1/ecb", "1/ecb", "1/ecb", "1/ecbplus", "2/ecb", "2/ecb", "2/ecb"]
    predicted = ["a", "a", "a", "a", "b", "b", "c"]
    names = [f"doc{n}" for n in range(len(gold))]
    assert error_lines(predicted, gold, names) == [
        "merged: 1/ecb 3, 1/ecbplus 1",
        "split: 2/ecb 2 + 1 (doc4 doc5 doc6)",
    ]


def test_error_lines_are_empty_for_the_gold_partition() -> None:
    gold = ["1/ecb", "1/ecb", "1/ecbplus"]
    assert error_lines(["x", "x", "y"], gold, ["a", "b", "c"]) == []
