"""Fit the second stage of the cue model (crosscheck/analyze/cues_dense.npz) on PolNeAR train.

    python -m benchmarks.polnear_dense            # cross-validate, choose, fit, write the file
    python -m benchmarks.polnear_dense --dry-run  # cross-validate only

The lexical model (``cues.json``) was fitted on the 420 train documents that
``documents("train", limit=420)`` picks (every other one by name). The other 420 train
documents are the second stage's data: there the lexical model's scores are honest, as they
will be on new text. Every candidate whose lexical probability is at least ``FLOOR`` gets a
row (``quote_cues.dense_inputs``: the lexical log-odds and spaCy's contextual token vectors
of the cue, the content's head, the speaker and the sentence), labelled as in
``polnear_fit.labelled``. Models and the threshold are chosen by content F1 (all) end to
end (``benchmarks.polnear`` scoring) over 4 folds of these 420 documents, each fold scored
with a model fitted on the other three; the lexical model alone on the same folds is the
baseline. Dev is never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

import numpy as np

from benchmarks.common import header
from benchmarks.polnear import MATCH_OVERLAP, Tally, _words, documents, parsed, predict, score_document
from benchmarks.polnear_fit import _content_words
from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.quote_cues import (
    CONTEXT_WIDTH,
    DENSE_PATH,
    CueModel,
    DenseModel,
    candidates,
    dense_inputs,
    load_model,
)
from crosscheck.analyze.quote_marks import quoted_spans
from crosscheck.analyze.quotes import _quoted_tokens
from crosscheck.nlp.spacy_model import add_tensors
from crosscheck.records import Span
from crosscheck.settings import AnalyzeSettings, QuoteSettings

FOLDS = 4
FLOOR = 0.02
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4)


def held_out_train(both: bool = False):  # type: ignore[no-untyped-def]
    """(documents, parses, the lexical model that did not see them): the train documents
    ``cues.json`` was not fitted on; with ``both``, also the other half, scored by a lexical
    model fitted the same way on the first half."""
    seen = {name for name, _, _ in documents("train", limit=420)}
    everything = documents("train")
    spacy_docs = add_tensors(
        parsed("train", [n for n, _, _ in everything], [t for _, t, _ in everything])
    )
    lexical = load_model(dense_path=None)
    unseen = [(d, doc) for d, doc in zip(everything, spacy_docs) if d[0] not in seen]
    found = [(d, doc, lexical) for d, doc in unseen]
    if both:
        from benchmarks.polnear_fit import REGULARISATION_CS, fit_model, labelled

        other = fit_model(
            [row for (_, text, gold), doc in unseen for row in labelled(doc, text, gold)],
            strength=REGULARISATION_CS[0],
        )
        other = dataclasses.replace(other, threshold=lexical.threshold)
        found += [(d, doc, other) for d, doc in zip(everything, spacy_docs) if d[0] in seen]
    return [f[0] for f in found], [f[1] for f in found], [f[2] for f in found]


def rows(doc, text: str, gold, lexical: CueModel):  # type: ignore[no-untyped-def]
    quoted = _quoted_tokens(doc, quoted_spans(text))
    gold_words = [(g.cue, _words(text, g.content)) for g in gold]
    items, labels = [], []
    for token in doc:
        cue = Span(token.idx, token.idx + len(token.text))
        for candidate in candidates(token, quoted):
            p = lexical.probability(candidate.features)
            if p < FLOOR:
                continue
            words = _content_words(text, candidate.tokens)
            labels.append(
                any(
                    words
                    and gw
                    and any(cue.overlaps(piece) for piece in cues)
                    and len(words & gw) / max(len(words), len(gw)) >= MATCH_OVERLAP
                    for cues, gw in gold_words
                )
            )
            items.append((p, candidate))
    x = dense_inputs(doc, items, quoted) if items else np.zeros((0, 2 + 4 * doc.tensor.shape[1] + CONTEXT_WIDTH), np.float32)
    return x, np.array(labels, dtype=bool)


def fit(x: np.ndarray, y: np.ndarray, spec: tuple, threshold: float) -> DenseModel:  # type: ignore[type-arg]
    kind, value, inputs = spec
    width = (x.shape[1] - 2 - CONTEXT_WIDTH) // 4
    columns = np.arange(x.shape[1])
    if inputs == "context":  # the lexical log-odds and the context figures, no token vectors
        columns = np.concatenate([[0], np.arange(2 + 4 * width, x.shape[1])])
    x = x[:, columns]
    center = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    z = (x - center) / scale
    if kind == "lr":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=value, max_iter=3000)
        model.fit(z, y)
        layers = ((model.coef_.T.astype(np.float32), model.intercept_.astype(np.float32)),)
    else:
        from sklearn.neural_network import MLPClassifier

        hidden, alpha = value
        model = MLPClassifier(
            hidden_layer_sizes=(hidden,), alpha=alpha, early_stopping=True, random_state=0,
            max_iter=200,
        )
        model.fit(z, y)
        layers = tuple(
            (w.astype(np.float32), b.astype(np.float32))
            for w, b in zip(model.coefs_, model.intercepts_)
        )
    return DenseModel(
        floor=FLOOR,
        threshold=threshold,
        center=center.astype(np.float32),
        scale=scale.astype(np.float32),
        layers=layers,
        columns=columns.astype(np.int32),
    )


def evaluate(docs, spacy_docs, data, lexicals, specs, found) -> dict:  # type: ignore[no-untyped-def]
    """Held-out content F1 per (spec, threshold); spec None is the lexical model alone."""
    tallies: dict = {(None, lexicals[0].threshold): Tally()}
    tallies.update({(spec, t): Tally() for spec in specs for t in THRESHOLDS})
    losses: dict = {spec: [0.0, 0] for spec in specs}
    for fold in range(FOLDS):
        inside = [i for i in range(len(docs)) if i % FOLDS != fold]
        x = np.concatenate([data[i][0] for i in inside])
        y = np.concatenate([data[i][1] for i in inside])
        models = {spec: fit(x, y, spec, 0.5) for spec in specs}
        for i in range(len(docs)):
            if i % FOLDS != fold:
                continue
            (_, text, gold), doc, lexical = docs[i], spacy_docs[i], lexicals[i]
            for (spec, threshold), tally in tallies.items():
                model = lexical if spec is None else dataclasses.replace(
                    lexical, dense=dataclasses.replace(models[spec], threshold=threshold)
                )
                predicted, attributions = predict(
                    doc, text, QuoteSettings(), cue_model=model, found_entities=found[i]
                )
                score_document(doc, text, gold, predicted, attributions, tally)
            xi, yi = data[i]
            for spec, dense in models.items():
                if len(yi):
                    z = (xi[:, dense.columns] - dense.center) / dense.scale
                    for depth, (w, b) in enumerate(dense.layers):
                        z = z @ w + b
                        if depth < len(dense.layers) - 1:
                            z = np.maximum(z, 0)
                    p = np.clip(1 / (1 + np.exp(-z[:, 0])), 1e-9, 1 - 1e-9)
                    losses[spec][0] -= float(np.sum(np.where(yi, np.log(p), np.log(1 - p))))
                    losses[spec][1] += len(yi)
        sys.stdout.write(f"fold {fold} done\n")
        sys.stdout.flush()
    return tallies, {spec: total / max(n, 1) for spec, (total, n) in losses.items()}


SPECS = (("lr", 0.01, "all"), ("lr", 0.01, "context"), ("mlp", (32, 1e-2), "context"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only")
    parser.add_argument(
        "--both-halves", action="store_true", help="all 840 train documents (see held_out_train)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs, spacy_docs, lexicals = held_out_train(args.both_halves)
    data = [
        rows(doc, text, gold, lexical)
        for (_, text, gold), doc, lexical in zip(docs, spacy_docs, lexicals)
    ]
    found = [find_entities(doc, settings=AnalyzeSettings()) for doc in spacy_docs]
    count = sum(len(y) for _, y in data)
    positives = sum(int(y.sum()) for _, y in data)
    out = [header("benchmarks.polnear_dense"), f"documents: {len(docs)}  rows: {count}  "
           f"positive: {positives}  ({time.perf_counter() - started:.0f}s)\n"]
    sys.stdout.write("".join(out))
    tallies, losses = evaluate(docs, spacy_docs, data, lexicals, SPECS, found)
    best, best_f1 = None, -1.0
    for (spec, threshold), tally in tallies.items():
        p, r, f1 = tally.f1("all")
        _, _, direct = tally.f1("direct")
        _, _, indirect = tally.f1("indirect")
        loss = f"  log loss {losses[spec]:.4f}" if spec is not None else ""
        sys.stdout.write(
            f"{str(spec):<22} thr {threshold:.2f}: all P {p:.3f} R {r:.3f} F1 {f1:.3f}  "
            f"direct {direct:.3f}  indirect {indirect:.3f}  speaker "
            f"{tally.speaker_right / max(tally.speaker_total, 1):.3f}{loss}\n"
        )
        if spec is not None and f1 > best_f1:
            best, best_f1 = (spec, threshold), f1
    sys.stdout.write(f"chosen: {best} (held-out F1 {best_f1:.3f})\n")
    if args.dry_run:
        return
    x = np.concatenate([d[0] for d in data])
    y = np.concatenate([d[1] for d in data])
    dense = fit(x, y, best[0], best[1])
    save(dense, best[0])
    sys.stdout.write(f"written {DENSE_PATH} ({time.perf_counter() - started:.0f}s)\n")


def save(dense: DenseModel, spec) -> None:  # type: ignore[no-untyped-def]
    arrays = {f"w{i}": w for i, (w, _) in enumerate(dense.layers)}
    arrays.update({f"b{i}": b for i, (_, b) in enumerate(dense.layers)})
    np.savez_compressed(
        DENSE_PATH,
        floor=np.float32(dense.floor),
        threshold=np.float32(dense.threshold),
        center=dense.center,
        scale=dense.scale,
        columns=dense.columns,
        layers=np.int32(len(dense.layers)),
        **arrays,
        about=np.array(
            "Second stage of the cue model (crosscheck.analyze.quote_cues.DenseModel), "
            f"{spec}, fitted on the 420 PolNeAR train documents cues.json was not fitted on "
            "by `python -m benchmarks.polnear_dense`; threshold = best held-out content F1."
        ),
    )


if __name__ == "__main__":
    main()
