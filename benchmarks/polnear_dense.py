"""Fit the second stage of the cue model (crosscheck/analyze/cues_dense.npz) on PolNeAR train.

    python -m benchmarks.polnear_dense            # cross-validate, choose, fit, write the file
    python -m benchmarks.polnear_dense --dry-run  # cross-validate only

The lexical model (``cues.json``) was fitted on the 420 train documents that
``documents("train", limit=420)`` picks (every other one by name). The other 420 train
documents are the second stage's data: there the lexical model's scores are honest, as they
will be on new text. Every candidate whose lexical probability is at least ``FLOOR`` gets a
row (``quotes.cues.dense_inputs``: the lexical log-odds and spaCy's contextual token vectors
of the cue, the content's head, the speaker and the sentence), labelled as in
``polnear_fit.labelled``. Models and the threshold are chosen by content F1 (all) end to
end (``benchmarks.polnear`` scoring) over 4 folds of these 420 documents, each fold scored
with a model fitted on the other three; the lexical model alone on the same folds is the
baseline. Dev is never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.common import header
from benchmarks.polnear import MATCH_OVERLAP, Tally, _words, documents, parsed, predict, score_document
from benchmarks.polnear_fit import _content_words
from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.quotes.cues import SUBJECTS, Candidate, CueModel, candidates, load_model
from crosscheck.analyze.quotes.marks import quoted_spans, quoted_tokens
from crosscheck.nlp.spacy_model import add_tensors
from crosscheck.records import Span
from crosscheck.settings import AnalyzeSettings, QuoteSettings

# Not shipped: this experiment's model file (spaCy tok2vec inputs lost on train CV).
DENSE_PATH = Path(__file__).resolve().parents[1] / "crosscheck" / "analyze" / "cues_dense.npz"
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
    lexical = load_model(stage_path=None)
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
    quoted = quoted_tokens(doc, quoted_spans(text))
    gold_words = [(g.cue, _words(text, g.content)) for g in gold]
    items, labels = [], []
    index = DocIndex.of(doc)  # one per document: candidates() builds one per call without it
    for token in index.tokens:
        cue = Span(token.idx, token.idx + len(token.text))
        for candidate in candidates(token, quoted, index):
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
                    lexical, second_stage=dataclasses.replace(models[spec], threshold=threshold)
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


@dataclass(frozen=True, eq=False)
class DenseModel:
    """Second stage: re-scores the candidates the lexical model finds at least ``floor``
    likely from the lexical score and spaCy's contextual token vectors (``doc.tensor``, the
    tok2vec output the tagger and parser share) of the cue, the content's head, the speaker
    and the cue's sentence; a one-hidden-layer network (no hidden layer: logistic)."""

    floor: float
    threshold: float
    center: np.ndarray
    scale: np.ndarray
    layers: tuple  # ((weights, bias), ...), ReLU between them  # type: ignore[type-arg]
    columns: "np.ndarray"  # which of dense_inputs' columns the model reads  # type: ignore[name-defined]  # noqa: F821

    def probabilities(self, doc, items: list[tuple[float, Candidate]], quoted: set[int]) -> list[float] | None:  # type: ignore[no-untyped-def]
        """The second stage's probability for each (lexical probability, candidate) at or
        above the floor, the lexical one (below the floor) for the rest; None when the parse
        carries no token vectors."""
        if doc.tensor is None or doc.tensor.shape[0] != len(doc) or not len(doc):
            return None
        picked = [i for i, (p, _) in enumerate(items) if p >= self.floor]
        result = [p for p, _ in items]
        if not picked:
            return result
        x = dense_inputs(doc, [items[i] for i in picked], quoted)[:, self.columns]
        x = (x - self.center) / self.scale
        for depth, (weights, bias) in enumerate(self.layers):
            x = x @ weights + bias
            if depth < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        out = 1.0 / (1.0 + np.exp(-np.clip(x[:, 0], -30.0, 30.0)))
        for i, p in zip(picked, out.tolist()):
            result[i] = p
        return result


CONTEXT_WIDTH = 14


def dense_inputs(doc, items: list[tuple[float, Candidate]], quoted: set[int]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """One row per candidate: the lexical log-odds, a speaker flag, the token vectors of the
    cue, the content's head, the speaker (zeros when there is none) and the mean over the
    cue's sentence, then ``CONTEXT_WIDTH`` figures of the candidate among the others."""
    tensor = doc.tensor
    width = tensor.shape[1]
    rows = np.zeros((len(items), 2 + 4 * width + CONTEXT_WIDTH), dtype=np.float32)
    means: dict[int, object] = {}
    for row, (p, candidate) in zip(rows, items):
        cue = candidate.cue
        row[0] = _logit(p)
        row[2 : 2 + width] = tensor[cue.i]
        anchor = candidate.anchor if candidate.anchor is not None else cue
        row[2 + width : 2 + 2 * width] = tensor[anchor.i]
        speaker = speaker_token(cue)
        if speaker is not None:
            row[1] = 1.0
            row[2 + 2 * width : 2 + 3 * width] = tensor[speaker.i]
        sent = cue.sent
        if sent.start not in means:
            means[sent.start] = tensor[sent.start : sent.end].mean(axis=0)
        row[2 + 3 * width : 2 + 4 * width] = means[sent.start]
    rows[:, 2 + 4 * width :] = _context_inputs(doc, items, quoted)
    return rows


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _context_inputs(doc, items: list[tuple[float, Candidate]], quoted: set[int]) -> list[list[float]]:  # type: ignore[no-untyped-def]
    """The candidate among the others: its cue's other frames (count, rank, best, gap), the
    sentence's other cues (best, how many likely, whether a surer one's content holds this
    cue or this content holds a surer cue), quote marks (share of the sentence and of the
    content), the sentence's position in the text (share, first) and lengths."""
    by_cue: dict[int, list[int]] = {}
    by_sent: dict[int, list[int]] = {}
    for j, (_, candidate) in enumerate(items):
        by_cue.setdefault(candidate.cue.i, []).append(j)
        by_sent.setdefault(candidate.cue.sent.start, []).append(j)
    sent_index = {sent.start: k for k, sent in enumerate(doc.sents)}
    count = max(len(sent_index), 1)
    probabilities = [p for p, _ in items]
    ends = [(c.tokens[0].i, c.tokens[-1].i) for _, c in items]
    found = []
    for j, (p, candidate) in enumerate(items):
        cue = candidate.cue
        same = by_cue[cue.i]
        best = max(probabilities[k] for k in same)
        others = [k for k in by_sent[cue.sent.start] if items[k][1].cue.i != cue.i]
        first, last = ends[j]
        sent = cue.sent
        index = sent_index.get(sent.start, 0)
        found.append(
            [
                len(same),
                sum(probabilities[k] > p for k in same),
                _logit(best),
                p - best,
                max((probabilities[k] for k in others), default=0.0),
                sum(probabilities[k] >= 0.25 for k in others),
                any(ends[k][0] <= cue.i <= ends[k][1] and probabilities[k] > p for k in others),
                any(first <= items[k][1].cue.i <= last and probabilities[k] > p for k in others),
                sum(t.i in quoted for t in sent) / max(len(sent), 1),
                sum(t.i in quoted for t in candidate.tokens) / max(len(candidate.tokens), 1),
                index / count,
                index == 0,
                len(sent),
                len(candidate.tokens),
            ]
        )
    return found


def speaker_token(token):  # type: ignore[no-untyped-def]
    """The cue's subject, else its owner ("her claim")."""
    subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
    return subject or next((c for c in token.children if c.dep_ == "poss"), None)


def load_dense(path: Path) -> DenseModel | None:
    if not path.exists():
        return None
    with np.load(path) as data:
        count = int(data["layers"])
        return DenseModel(
            floor=float(data["floor"]),
            threshold=float(data["threshold"]),
            center=data["center"],
            scale=data["scale"],
            layers=tuple((data[f"w{i}"], data[f"b{i}"]) for i in range(count)),
            columns=data["columns"],
        )


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
            "Second stage of the cue model (crosscheck.analyze.quotes.cues.DenseModel), "
            f"{spec}, fitted on the 420 PolNeAR train documents cues.json was not fitted on "
            "by `python -m benchmarks.polnear_dense`; threshold = best held-out content F1."
        ),
    )


if __name__ == "__main__":
    main()
