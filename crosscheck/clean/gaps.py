"""What the rules and the repeated-line signal removed around each line the scorer judges.

The scorer sees a page with the lines already named as boilerplate taken out. What it loses
that way is evidence about the lines left: a line that sat between two lines the outlet
prints under every article (a menu entry that differs per page, "2 Comments") belongs to
that template; a line with none removed around it, on a page whose menus and footers the
outlet's other pages gave away, sits among the article's own lines. These columns keep
that evidence: for each judged line, how many removed lines sit right before and right after
it, whether those runs hold a repeated line, and how much of the page each signal removed.
They read which lines were removed next to a line, never where the line sits on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

GAP_NAMES = (
    "log_removed_before", "log_removed_after", "repeated_before", "repeated_after",
    "page_repeated_share", "page_rule_share",
)  # fmt: skip
REPEATED = "repeated"


def _runs(removed: np.ndarray, repeated: np.ndarray, order: range) -> tuple[np.ndarray, np.ndarray]:
    """Length of the run of removed lines just before each line in ``order``, and whether
    that run holds a repeated line."""
    length = np.zeros(len(removed))
    holds_repeated = np.zeros(len(removed))
    run, seen = 0, False
    for i in order:
        length[i], holds_repeated[i] = run, seen
        run, seen = (run + 1, seen or bool(repeated[i])) if removed[i] else (0, False)
    return length, holds_repeated


def gap_columns(n_lines: int, reasons: Mapping[int, str], judged: Sequence[int]) -> np.ndarray:
    """GAP_NAMES columns for the ``judged`` lines of a page of ``n_lines`` lines, ``reasons``
    giving the removal reason of every line removed before scoring."""
    removed = np.zeros(n_lines, dtype=bool)
    repeated = np.zeros(n_lines, dtype=bool)
    for index, reason in reasons.items():
        removed[index] = True
        repeated[index] = reason == REPEATED
    before, repeated_before = _runs(removed, repeated, range(n_lines))
    after, repeated_after = _runs(removed, repeated, range(n_lines - 1, -1, -1))
    rows = list(judged)
    if not rows:
        return np.zeros((0, len(GAP_NAMES)))
    share = float(repeated.mean()) if n_lines else 0.0
    rule_share = float((removed & ~repeated).mean()) if n_lines else 0.0
    return np.column_stack([
        np.log1p(before[rows]), np.log1p(after[rows]), repeated_before[rows], repeated_after[rows],
        np.full(len(rows), share), np.full(len(rows), rule_share),
    ])  # fmt: skip


def no_gaps(n_judged: int) -> np.ndarray:
    """The columns of a page judged whole (nothing removed before the scorer)."""
    return np.zeros((n_judged, len(GAP_NAMES)))
