"""What was removed around each judged line, for the line scorer (crosscheck.clean.gaps).
Invented pages only."""

from __future__ import annotations

import numpy as np

from crosscheck.clean import clean_articles
from crosscheck.clean.features import FEATURE_NAMES, line_features
from crosscheck.clean.gaps import GAP_NAMES, gap_columns, no_gaps
from crosscheck.records import Article, content_id


def column(rows: np.ndarray, name: str) -> list[float]:
    return rows[:, GAP_NAMES.index(name)].tolist()


def test_runs_of_removed_lines_around_each_judged_line_are_counted():
    # lines 0-1 repeated (the outlet's menu), 2 judged, 3 removed by a rule, 4-5 judged
    reasons = {0: "repeated", 1: "repeated", 3: "byline"}
    rows = gap_columns(6, reasons, [2, 4, 5])
    assert column(rows, "log_removed_before") == [np.log1p(2), np.log1p(1), 0.0]
    assert column(rows, "log_removed_after") == [np.log1p(1), 0.0, 0.0]
    assert column(rows, "repeated_before") == [1.0, 0.0, 0.0]
    assert column(rows, "repeated_after") == [0.0, 0.0, 0.0]
    assert column(rows, "page_repeated_share") == [2 / 6] * 3
    assert column(rows, "page_rule_share") == [1 / 6] * 3


def test_a_line_between_two_repeated_lines_is_marked_on_both_sides():
    rows = gap_columns(3, {0: "repeated", 2: "repeated"}, [1])
    assert column(rows, "repeated_before") == [1.0] and column(rows, "repeated_after") == [1.0]


def test_a_page_judged_whole_has_nothing_removed_around_its_lines():
    assert gap_columns(2, {}, [0, 1]).tolist() == no_gaps(2).tolist()
    assert gap_columns(3, {0: "repeated"}, []).shape == (0, len(GAP_NAMES))
    rows = line_features(["Home", "The ferry left at dawn, as planned."])
    assert rows.shape == (2, len(FEATURE_NAMES)) and set(GAP_NAMES) <= set(FEATURE_NAMES)


def test_an_outlets_menu_repeated_on_two_pages_is_removed_and_both_articles_kept():
    menu = ["Home", "Harbour", "Ferries", "Weather", "Tides", "Contact", "Archive"]
    bodies = [
        ["The harbour council met on Monday and agreed to rebuild the old ferry pier.",
         "Work starts in spring, the council said, and the pier reopens next summer."],
        ["A storm closed the coastal road on Tuesday and cut power to two villages.",
         "Crews restored power by the evening, the utility said in a statement."],
    ]  # fmt: skip
    articles = []
    for body in bodies:
        text = "\n".join(menu + body + menu[:3])
        articles.append(Article(id=content_id("harbour.example", text), source="t",
                                format="text", text=text, outlet="harbour.example"))
    for cleaned, body in zip(clean_articles(articles), bodies):
        assert cleaned.text.splitlines() == body
