"""The learned line scorer: how likely each line of a page is article content.

Two passes of gradient-boosted trees, stored as plain JSON (``line_scorer.json``, no pickle):
the first scores each line from its own shape and its neighbours' (crosscheck.clean.features),
the second adds the first pass's scores around the line, so that a short line inside the
article (a sentence cut at an inline link) is kept and a long comment below it is not.
Re-fit with ``python -m crosscheck.clean.fit`` (calibration part of L3S-GN1 only).

Prediction needs numpy only; scikit-learn is needed only to fit.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosscheck.clean.features import FEATURE_NAMES, context_features, line_features

MODEL_PATH = Path(__file__).with_name("line_scorer.json")


@dataclass(frozen=True)
class Trees:
    """A boosted tree ensemble in flat arrays: one row per node, trees side by side."""

    baseline: float
    roots: np.ndarray  # node index of each tree's root
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray  # bool
    value: np.ndarray

    @classmethod
    def from_dict(cls, data: dict) -> Trees:
        nodes = np.array(data["nodes"], dtype=float).reshape(-1, 6) if data["nodes"] else None
        if nodes is None:
            nodes = np.zeros((0, 6))
        return cls(
            baseline=float(data["baseline"]),
            roots=np.array(data["roots"], dtype=int),
            feature=nodes[:, 0].astype(int),
            threshold=nodes[:, 1],
            left=nodes[:, 2].astype(int),
            right=nodes[:, 3].astype(int),
            leaf=nodes[:, 4].astype(bool),
            value=nodes[:, 5],
        )

    def decision(self, rows: np.ndarray) -> np.ndarray:
        """Raw score (log-odds) for each row: all rows walk each tree together."""
        total = np.full(len(rows), self.baseline)
        index = np.arange(len(rows))
        for root in self.roots:
            node = np.full(len(rows), root)
            while not self.leaf[node].all():
                inner = ~self.leaf[node]
                go_left = rows[index, self.feature[node]] <= self.threshold[node]
                step = np.where(go_left, self.left[node], self.right[node])
                node = np.where(inner, step, node)
            total += self.value[node]
        return total

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(rows)))


@dataclass(frozen=True)
class LineScorer:
    first: Trees
    second: Trees
    feature_names: tuple[str, ...]

    def score(self, texts: list[str]) -> np.ndarray:
        """Content probability of each line of one page (lines in page order)."""
        if not texts:
            return np.zeros(0)
        rows = line_features(texts)
        first_pass = self.first.probability(rows)
        return self.second.probability(np.hstack([rows, context_features(first_pass)]))


def scorer_from_dict(data: dict) -> LineScorer:
    names = tuple(data["feature_names"])
    if names != FEATURE_NAMES:
        raise ValueError(
            "line_scorer.json was fitted on other features; re-fit with "
            "`python -m crosscheck.clean.fit`"
        )
    return LineScorer(Trees.from_dict(data["first"]), Trees.from_dict(data["second"]), names)


@functools.lru_cache(maxsize=1)
def load_scorer(path: Path = MODEL_PATH) -> LineScorer:
    return scorer_from_dict(json.loads(path.read_text(encoding="utf-8")))
