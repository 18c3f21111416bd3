"""Evaluation gate: articles that are already clean pass through the cleaner unchanged.

Every article of PolNeAR (train, dev), NeuS (train, validation), ECB+ and the dev dossier set,
given with its line breaks and as one paragraph (a JSONL text without line breaks): no
sentence may be removed (benchmarks/clean_input.py). A sentence here is a piece of a line
that ends with a full stop, question or exclamation mark and has at least three words, so a
bare dateline ("July 08, 2012") is not one. The one exception is a sentence whose removal
names its own wording as the evidence (a subscription prompt, a newsletter pitch, an author
bio: "Follow him on Twitter: @name."); those are counted and must stay rare.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.clean_input import SETS, as_given, clean_texts
from crosscheck.clean import clean_article
from crosscheck.clean.sentences import split_sentences
from crosscheck.clean.text_lines import ends_sentence, words
from crosscheck.records import Article

WORDING_REASONS = frozenset({"subscription-prompt", "prompt-teaser", "author-bio"})
MAX_WORDING_SHARE = 0.005  # articles with a prompt or bio removed, of all articles


def _sentences(text: str) -> list[str]:
    return [
        piece
        for line in text.splitlines()
        for piece in split_sentences(line)
        if ends_sentence(piece) and len(words(piece)) >= 3
    ]


def _losses(text: str) -> tuple[list[str], bool]:
    """Sentences lost without wording evidence, and whether a prompt or bio was removed."""
    article = clean_article(Article(id="gate", source="gate", format="text", text=text))
    kept = " ".join(article.text.split())
    by_wording = " ".join(
        line.text for line in article.removed if set(line.reason.split("+")) <= WORDING_REASONS
    )
    by_wording = " ".join(by_wording.split())
    lost = [s for s in _sentences(text) if s not in kept and s not in by_wording]
    return lost, bool(by_wording)


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
        sentences, wording = _losses(as_given(item, one_paragraph=one_paragraph))
        lost += [(item.source, sentence) for sentence in sentences]
        by_wording += wording
    assert not lost, f"{len(lost)} sentences removed, e.g. {lost[:5]}"
    assert by_wording <= MAX_WORDING_SHARE * len(items), f"{by_wording} articles lost a prompt or bio"
