"""Every candidate cue of a batch of parses, scored, with one tagger pass for the whole batch.

The cue model's lexical weights score each candidate alone; its second stage (when the
attribution tagger is built) re-scores the uncertain ones from the tagger's logits, and those
need the encoder. News articles are short, so encoding each article on its own pays the
encoder's per-call cost once per article; ``score_docs`` gathers the sentences of every parse
it is given (``analyze_articles`` gives each worker's share) into one pass sorted by length.
A parse gets the same scores alone as in a batch (tests/test_analyze_cue_scores.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.quotes.cues import CueModel, candidates
from crosscheck.analyze.quotes.marks import quoted_spans, quoted_tokens


@dataclass(frozen=True, eq=False)
class CueScores:
    """One parse's (lexical probability, candidate) items in ``candidates`` order, their
    final probabilities and the threshold that goes with them; ``logits`` holds the
    tagger's per-token cue / content / source logits where it ran (None without it)."""

    items: list  # type: ignore[type-arg]
    probabilities: list[float]
    threshold: float
    logits: np.ndarray | None = None


def cue_items(  # type: ignore[no-untyped-def,type-arg]
    model: CueModel, doc, quoted: set[int] | None = None, index: DocIndex | None = None
) -> list:
    """(lexical probability, candidate) for every candidate of ``doc``; ``quoted``, the
    indices of tokens inside quote marks (found from the text when not given); ``index``,
    the doc's ``DocIndex`` (built here when not given)."""
    index = index if index is not None else DocIndex.of(doc)
    if quoted is None:
        quoted = quoted_tokens(doc, quoted_spans(index.text))
    return [
        (model.probability(candidate.features), candidate)
        for token in index.tokens
        for candidate in candidates(token, quoted, index)
    ]


def score_docs(  # type: ignore[type-arg]
    model: CueModel, docs: Sequence, quoted: Sequence | None = None,
    indexes: Sequence | None = None,
) -> list[CueScores]:
    """The scores of every parse in ``docs``, the tagger run once over all of them;
    ``indexes``, their ``DocIndex`` when the caller has them."""
    quoted = quoted if quoted is not None else [None] * len(docs)
    indexes = indexes if indexes is not None else [None] * len(docs)
    items = [cue_items(model, doc, q, i) for doc, q, i in zip(docs, quoted, indexes)]
    stage = model.second_stage
    if stage is None:
        return [_lexical(found, model.threshold) for found in items]
    picked = [stage.picked(found) for found in items]  # type: ignore[attr-defined]
    if not any(picked):
        return [_lexical(found, stage.threshold) for found in items]  # type: ignore[attr-defined]
    sentences = [
        stage.sentences(found, p, index)  # type: ignore[attr-defined]
        for found, p, index in zip(items, picked, indexes)
    ]
    tables = stage.logits(list(zip(docs, sentences)))  # type: ignore[attr-defined]
    if tables is None:  # the tagger is not built: the lexical model decides alone
        return [_lexical(found, model.threshold) for found in items]
    # a parse with nothing to re-score keeps no table, as when scored alone
    return [
        CueScores(
            found,
            stage.rescored(found, p, table, index),  # type: ignore[attr-defined]
            stage.threshold,  # type: ignore[attr-defined]
            table if p else None,
        )
        for found, p, table, index in zip(items, picked, tables, indexes)
    ]


def _lexical(items: list, threshold: float) -> CueScores:  # type: ignore[type-arg]
    return CueScores(items, [p for p, _ in items], threshold)
