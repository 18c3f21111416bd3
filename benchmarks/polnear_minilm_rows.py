"""Row-level held-out log loss and AUC of frozen MiniLM layers, over the rows that
``python -m benchmarks.polnear_minilm --encoder ... --save ROWS.npz`` wrote (train only).

    python -m benchmarks.polnear_minilm_rows ROWS.npz

Columns as ``polnear_minilm`` lays them out: log-odds, speaker flag, then per block (cue,
content head, speaker, sentence mean) the states of its ``LAYERS``, then the context
figures; 4 folds by document, as the end-to-end harness folds them.
"""

from __future__ import annotations

import sys

import numpy as np

from benchmarks.polnear_minilm import BLOCKS, HIDDEN, LAYERS

FOLDS = 4


def columns(x: np.ndarray, layers: tuple[int, ...]) -> np.ndarray:
    """Log-odds, the chosen layers of every block, the context figures."""
    width = HIDDEN * len(LAYERS)
    picked = [0, 1]
    for block in range(len(BLOCKS)):
        for layer in layers:
            start = 2 + block * width + LAYERS.index(layer) * HIDDEN
            picked += range(start, start + HIDDEN)
    picked += range(2 + len(BLOCKS) * width, x.shape[1])
    return np.array(picked)


def held_out(x: np.ndarray, y: np.ndarray, doc: np.ndarray, strength: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    found = np.zeros(len(y))
    for fold in range(FOLDS):
        fit, held = doc % FOLDS != fold, doc % FOLDS == fold
        center, scale = x[fit].mean(axis=0), x[fit].std(axis=0) + 1e-6
        model = LogisticRegression(C=strength, max_iter=500).fit((x[fit] - center) / scale, y[fit])
        found[held] = model.predict_proba((x[held] - center) / scale)[:, 1]
    return found


def main() -> None:
    from sklearn.metrics import log_loss, roc_auc_score

    data = np.load(sys.argv[1])
    x, y, doc = data["x"], data["y"], data["doc"]
    context = np.arange(2 + len(BLOCKS) * HIDDEN * len(LAYERS), x.shape[1])
    specs = {
        "log-odds": (np.array([0]), 1.0),
        "log-odds + context": (np.concatenate([[0], context]), 1.0),
    }
    specs.update({f"layer {k} + context": (columns(x, (k,)), 0.01) for k in LAYERS})
    for name, (picked, strength) in specs.items():
        p = held_out(x[:, picked], y, doc, strength)
        print(f"{name:<22} log loss {log_loss(y, p):.4f}  AUC {roc_auc_score(y, p):.4f}")


if __name__ == "__main__":
    main()
