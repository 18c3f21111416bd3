"""Evaluation gate: articles that are already clean pass through the cleaner unchanged.

Every article of PolNeAR (train, dev), NeuS (train, validation), ECB+ and the dev dossier set,
given with its line breaks and as one paragraph (a JSONL text without line breaks): no
sentence may be lost (benchmarks/clean_input.py says what a sentence is). The one exception
is a sentence whose removal names its own wording as the evidence (a subscription prompt, a
newsletter pitch, an author bio: "Follow him on Twitter: @name."); those are counted and must
stay rare.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.clean_input import SETS, as_given, clean_texts, losses

MAX_WORDING_SHARE = 0.005  # articles with a prompt or bio removed, of all articles


@pytest.fixture(scope="module")
def items(shared_data: Path):
    found = clean_texts(shared_data)
    missing = [name for name in SETS if not any(item.corpus == name for item in found)]
    if missing:
        pytest.skip(f"clean-input sets not found under {shared_data}: {', '.join(missing)}")
    return found


@pytest.mark.data
@pytest.mark.parametrize("one_paragraph", [False, True], ids=["line-breaks", "one-paragraph"])
def test_no_sentence_of_a_clean_article_is_removed(items, one_paragraph):
    lost: list[tuple[str, str]] = []
    by_wording = 0
    for item in items:
        sentences, wording = losses(as_given(item, one_paragraph=one_paragraph))
        lost += [(item.source, sentence) for sentence in sentences]
        by_wording += wording
    assert not lost, f"{len(lost)} sentences removed, e.g. {lost[:5]}"
    assert by_wording <= MAX_WORDING_SHARE * len(items), f"{by_wording} articles lost a prompt or bio"
