"""Position-free line evidence and run features for the line scorer (crosscheck.clean.evidence).
Invented lines only."""

from __future__ import annotations

import numpy as np

from crosscheck.clean.evidence import EVIDENCE_NAMES, RUN_NAMES, evidence_rows, line_evidence
from crosscheck.clean.features import FEATURE_NAMES, line_features


def evidence(text: str, name: str) -> float:
    return line_evidence(text)[EVIDENCE_NAMES.index(name)]


def test_list_items_prices_and_labels_are_told_apart_from_prose():
    assert evidence("1. Two cups of oat flour", "list_marker") == 1.0
    assert evidence("• Lantern batteries", "list_marker") == 1.0
    assert evidence("The 2 ferries left at dawn.", "list_marker") == 0.0
    assert evidence("Lantern kit for $24.99", "currency") == 1.0
    assert evidence("The lantern costs little.", "currency") == 0.0
    assert evidence("Tags: Harbour, Ferries", "label_colon") == 1.0
    assert evidence("17 - 4", "number_only") == 1.0


def test_menu_words_are_counted_whatever_their_position():
    assert evidence("Share Facebook Email", "all_nav_words") == 1.0
    assert evidence("Share on Facebook", "all_nav_words") == 0.0  # every word, "on" too
    assert evidence("Home", "nav_word_share") == 1.0
    assert evidence("The harbour master closed the ferry pier on Monday.", "nav_word_share") == 0.0


def test_a_sentence_in_another_language_is_still_a_sentence():
    line = "O porto de Vilamar fechou na segunda-feira, disse o capitão, por causa da tempestade."
    assert evidence(line, "sentence_any_language") == 1.0
    assert evidence("Porto de Vilamar", "sentence_any_language") == 0.0


def test_a_short_run_between_paragraphs_is_marked_and_a_menu_run_is_long():
    paragraph = "The harbour council met on Monday and agreed to rebuild the old ferry pier."
    texts = ["Home", "News", "Sport", "Weather", "Ferries", "Contact", paragraph,
             "Ingredients of the plan", paragraph, "About us"]  # fmt: skip
    rows = evidence_rows(texts)
    between = rows[:, len(EVIDENCE_NAMES) + RUN_NAMES.index("short_run_between_sentences")]
    run = rows[:, len(EVIDENCE_NAMES) + RUN_NAMES.index("log_short_run")]
    assert between[7] == 1.0 and between[0] == 0.0 and between[9] == 0.0
    assert run[0] == np.log1p(6) and run[7] == np.log1p(1) and run[6] == 0.0


def test_the_scorer_features_include_the_evidence_columns():
    rows = line_features(["Home", "The ferry left at dawn, as planned."])
    assert rows.shape == (2, len(FEATURE_NAMES))
    assert set(EVIDENCE_NAMES + RUN_NAMES) <= set(FEATURE_NAMES)
    assert evidence_rows([]).shape == (0, len(EVIDENCE_NAMES) + len(RUN_NAMES))
