"""Fit the cue model (crosscheck/analyze/quotes/cues.json) on PolNeAR train only.

    python -m benchmarks.polnear --fit --limit 420

Each candidate content from ``quotes.cues.candidates`` is labelled positive when a gold
attribution's Cue overlaps the candidate's cue word and the gold Content matches the
candidate's content by the benchmark's rule (shared words / the longer's words >= 0.5).
A logistic regression (scikit-learn, L2) over the candidate's features is fitted; features
seen fewer than MIN_FEATURE_COUNT times are dropped so the file holds vocabulary, not
sentences. The threshold is the one with the best content F1 (all) over held-out folds of
train documents (each fold scored end to end by ``benchmarks.polnear`` with a model fitted
on the other folds). Dev is never read here.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import math
import time

from benchmarks.polnear import (
    MATCH_OVERLAP,
    WORD,
    Tally,
    _words,
    documents,
    parsed,
    predict,
    score_document,
)
from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.quotes.cues import MODEL_PATH, CueModel, candidates
from crosscheck.analyze.quotes.marks import quoted_spans, quoted_tokens
from crosscheck.records import Span
from crosscheck.settings import AnalyzeSettings, QuoteSettings

FOLDS = 4
MIN_FEATURE_COUNT = 3
# L2 strength: the one of these with the lowest held-out-fold log loss on train. On 420
# train documents: C=0.1 0.1619, C=0.3 0.1591, C=1.0 0.1614; the full fit keeps 0.3 alone
# (each extra value costs four fits on the 2-core machine).
REGULARISATION_CS = (0.3,)
# On 420 train documents the held-out content F1 peaked between 0.2 and 0.3 (0.685-0.687;
# 0.15: 0.672, 0.4: 0.668).
THRESHOLDS = (0.2, 0.25, 0.3, 0.35)


def labelled(doc, text: str, gold) -> list[tuple[tuple[str, ...], bool]]:  # type: ignore[no-untyped-def]
    """(features, is a gold cue with this content) for every candidate in one document."""
    quoted = quoted_tokens(doc, quoted_spans(text))
    gold_words = [(g.cue, _words(text, g.content)) for g in gold]
    rows = []
    index = DocIndex.of(doc)
    for token in index.tokens:
        for candidate in candidates(token, quoted, index):
            words = _content_words(text, candidate.tokens)
            cue = Span(token.idx, token.idx + len(token.text))
            positive = any(
                words
                and gw
                and any(cue.overlaps(piece) for piece in cues)
                and len(words & gw) / max(len(words), len(gw)) >= MATCH_OVERLAP
                for cues, gw in gold_words
            )
            rows.append((candidate.features, positive))
    return rows


def _content_words(text: str, tokens) -> set[int]:  # type: ignore[no-untyped-def]
    """Word starts over the candidate's contiguous span, as find_quotes will report it."""
    kept = [t for t in tokens if not t.is_punct and not t.is_space]
    if not kept:
        return set()
    start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
    return {match.start() for match in WORD.finditer(text, start, end)}


def fit_model(rows: list[tuple[tuple[str, ...], bool]], *, strength: float) -> CueModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = collections.Counter(name for features, _ in rows for name in features)
    kept = [
        {name: 1 for name in features if counts[name] >= MIN_FEATURE_COUNT}
        for features, _ in rows
    ]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    labels = [label for _, label in rows]
    model = LogisticRegression(C=strength, max_iter=2000)
    model.fit(matrix, labels)
    weights = {
        name: round(float(weight), 4)
        for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0])
        if abs(weight) >= 1e-3
    }
    return CueModel(weights=weights, bias=round(float(model.intercept_[0]), 4), threshold=0.5)


def _split(rows_per_doc, fold: int):  # type: ignore[no-untyped-def]
    inside = [row for i, rows in enumerate(rows_per_doc) if i % FOLDS != fold for row in rows]
    held = [row for i, rows in enumerate(rows_per_doc) if i % FOLDS == fold for row in rows]
    return inside, held


def choose_strength(rows_per_doc) -> tuple[float, dict[float, float]]:  # type: ignore[no-untyped-def]
    """The L2 strength with the lowest held-out log loss over the folds."""
    losses = {}
    for strength in REGULARISATION_CS:
        total, count = 0.0, 0
        for fold in range(FOLDS):
            inside, held = _split(rows_per_doc, fold)
            model = fit_model(inside, strength=strength)
            for features, label in held:
                p = min(max(model.probability(features), 1e-9), 1 - 1e-9)
                total -= math.log(p if label else 1 - p)
                count += 1
        losses[strength] = total / max(count, 1)
    return min(losses, key=losses.__getitem__), losses


def choose_threshold(docs, spacy_docs, rows_per_doc, *, strength: float) -> tuple[float, dict[float, Tally]]:  # type: ignore[no-untyped-def]
    """The threshold with the best held-out content F1, each fold scored by a model fitted
    on the other folds."""
    tallies = {threshold: Tally() for threshold in THRESHOLDS}
    for fold in range(FOLDS):
        model = fit_model(_split(rows_per_doc, fold)[0], strength=strength)
        for i, ((_, text, gold), doc) in enumerate(zip(docs, spacy_docs)):
            if i % FOLDS != fold:
                continue
            found = find_entities(doc, settings=AnalyzeSettings())
            for threshold, tally in tallies.items():
                settings = dataclasses.replace(QuoteSettings(), cue_threshold=threshold)
                predicted, attributions = predict(
                    doc, text, settings, cue_model=model, found_entities=found
                )
                score_document(doc, text, gold, predicted, attributions, tally)
    best = max(THRESHOLDS, key=lambda threshold: tallies[threshold].f1("all")[2])
    return best, tallies


def fit_and_save(*, limit: int | None) -> str:
    started = time.perf_counter()
    docs = documents("train", limit=limit)
    spacy_docs = parsed("train", [name for name, _, _ in docs], [text for _, text, _ in docs])
    rows_per_doc = [
        labelled(doc, text, gold) for (_, text, gold), doc in zip(docs, spacy_docs)
    ]
    strength, losses = choose_strength(rows_per_doc) if len(REGULARISATION_CS) > 1 else (
        REGULARISATION_CS[0],
        {},
    )
    threshold, tallies = choose_threshold(docs, spacy_docs, rows_per_doc, strength=strength)
    model = fit_model([row for rows in rows_per_doc for row in rows], strength=strength)
    MODEL_PATH.write_text(
        json.dumps(
            {
                "about": "Cue model for crosscheck.analyze.quotes.cues: logistic regression "
                "weights over cue features (lemmas, frames), fitted on PolNeAR train only by "
                "`python -m benchmarks.polnear --fit"
                + (f" --limit {limit}" if limit else "")
                + "`; threshold = best content F1 on held-out train folds.",
                "documents": len(docs),
                "regularisation_c": strength,
                "bias": model.bias,
                "threshold": threshold,
                "weights": dict(sorted(model.weights.items())),
            },
            indent=0,
            sort_keys=False,
        )
        + "\n",
        encoding="utf-8",
    )
    lines = [f"train documents: {len(docs)}  candidates: {sum(map(len, rows_per_doc))}"]
    lines += [f"held-out log loss, C={c}: {loss:.4f}" for c, loss in losses.items()]
    for value, tally in tallies.items():
        precision, recall, f1 = tally.f1("all")
        _, _, indirect = tally.f1("indirect")
        lines.append(
            f"held-out threshold {value:.2f}: content all P {precision:.3f} R {recall:.3f} "
            f"F1 {f1:.3f}  indirect F1 {indirect:.3f}  speaker "
            f"{tally.speaker_right / max(tally.speaker_total, 1):.3f}"
        )
    lines.append(
        f"chosen threshold {threshold}; features kept {len(model.weights)}; "
        f"written {MODEL_PATH}  ({time.perf_counter() - started:.0f}s)"
    )
    return "\n".join(lines)
