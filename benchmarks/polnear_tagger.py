"""Fit the tagger-based second stage of the cue model (crosscheck/analyze/quotes/cue_stage.npz).

    python -m benchmarks.polnear_tagger --tagger TAGGER.onnx            # cross-validate, fit, write
    python -m benchmarks.polnear_tagger --tagger TAGGER.onnx --dry-run  # cross-validate only
    python -m benchmarks.polnear_tagger --tagger TAGGER.onnx --spec 0.15 0.6 1.0 0.25
                                        # fit and write the stage chosen by an earlier run

Data: the 420 PolNeAR train documents ``cues.json`` was not fitted on, where the lexical
model's scores are honest; the tagger (``scripts/fit_tagger.py``) was fitted on the other
420, so its logits here are honest too. Every candidate the lexical model finds at least
``FLOOR`` likely is a row (``cue_tagger.candidate_inputs``), labelled as in
``polnear_fit.labelled``. The regularisation and the threshold are chosen by content F1
(all), end to end through ``benchmarks.polnear``'s scorer, over 4 folds of those documents
(each scored by a stage fitted on the other three); the lexical model alone on the same
folds is the baseline. Dev is never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.common import header
from benchmarks.polnear import Tally, documents, parsed, predict, score_document
from benchmarks.polnear_fit import labelled
from crosscheck.analyze.quotes.tagger import (
    STAGE_PATH,
    WEIGHTS_HASH_FILE,
    SecondStage,
    candidate_inputs,
)
from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.quotes.cues import candidates, load_model
from crosscheck.analyze.quotes.marks import quoted_spans, quoted_tokens
from crosscheck.settings import AnalyzeSettings, QuoteSettings

FOLDS = 4
FLOOR = 0.02  # rows are written from here; each band below re-scores a part of them
THRESHOLDS = (0.2, 0.25, 0.3)
# (floor, ceiling, C): the band of lexical probabilities re-scored (the narrower, the fewer
# sentences the tagger encodes) and the regularisation.
SPECS = ((0.15, 0.6, 1.0), (0.2, 0.6, 1.0))
# (tagged_speaker_floor, tagged_speaker_override), tried with each spec: the tagger's Source
# logits choosing the speaker where the parse has none, or overriding the parse's. A first
# run (2026-11-30, the 2-epoch tagger) tried floors 0 / 1 / 2 and overrides 2 / 3 / 4 after
# floor 1 or 2: every override lowered speaker accuracy, floor 0 raised it most.
SPEAKERS = ((-2.0, None), (-1.0, None), (0.0, None), (0.5, None))
# Content trimmed after the last word the tagger marks as content (``tagged_content_floor``).
TRIMS = (-2.0, -1.0, 0.0)
# ("recall", tagged_cue_floor, tagged_proposal_content_floor, tagged_clause_floor): the
# tagger's own attributions where no lexical cue was kept, and contents cut at a clause of
# their head the tagger leaves out (2026-11-30, last round).
RECALL = (
    # first grid (2026-11-30 last round)
    ("recall", None, 0.0, None),
    *(("recall", cue, 0.0, None) for cue in (-1.0, 0.0, 1.0, 2.0, 3.0)),
    *(("recall", 1.0, content, None) for content in (-2.0, -1.0, 1.0)),
    *(("recall", None, 0.0, clause) for clause in (-4.0, -3.0, -2.0, -1.0, 0.0)),
)
# third grid: (.., min words, disjoint from kept contents)
RECALL3 = (
    *(("recall", 1.0, -1.0, None, 2, False, 0, words, False) for words in (2, 3)),
    *(("recall", 1.0, -1.0, None, 2, False, 0, words, True) for words in (1, 2, 3)),
    *(("recall", cue, -1.0, None, 2, False, 0, 2, True) for cue in (0.0, 2.0)),
)
# fourth grid: more sentences encoded ("full": all; "wide": also those holding a candidate
# the lexical model finds at least WIDE likely)
RECALL4 = (
    *(("recall", 1.0, -1.0, None, 2, False, 0, words, False, "full") for words in (1, 2, 3)),
    ("recall", 1.5, -1.0, None, 2, False, 0, 2, False, "full"),
    ("recall", None, 0.0, None, 2, False, 0, 1, False, "wide"),
    *(("recall", 1.0, -1.0, None, 2, False, 0, words, False, "wide") for words in (1, 2, 3)),
)
# the chosen rows again, figures to 4 places
RECALL5 = (
    ("recall", None, 0.0, None),
    ("recall", 1.0, -1.0, None, 2, False, 0, 2, False),
    ("recall", 1.0, -1.0, None, 2, False, 0, 2, False, "wide"),
    ("recall", 1.0, -1.0, None, 2, False, 0, 2, False, "full"),
)
# the same through the stage's own encode_floor ("wide": WIDE, "all": 0, every sentence)
RECALL6 = (
    ("recall", None, 0.0, None),
    ("recall", 1.0, -1.0, None, 2, False, 0, 2, False, "wide"),
    ("recall", 1.0, -1.0, None, 2, False, 0, 2, False, "all"),
    ("recall", 1.0, -1.0, None, 2, False, 0, 2, False, "full"),
    ("recall", None, 0.0, None, 2, False, 0, 1, False, "all"),
)
# second grid: (.., gap, snap, bridge[, "full": every sentence encoded])
RECALL2 = (
    ("recall", 1.0, -1.0, None, 2, False, 0),
    *(("recall", 1.0, -1.0, None, gap, False, 0) for gap in (0, 1, 4)),
    ("recall", 1.0, -1.0, None, 2, True, 0),
    *(("recall", 1.0, -1.0, None, 2, False, bridge) for bridge in (1, 2)),
    ("recall", 1.0, -1.0, -2.0, 2, False, 0),
    ("recall", None, 0.0, None, 2, False, 0, "full"),
    ("recall", 1.0, -1.0, None, 2, False, 0, "full"),
    ("recall", 2.0, -1.0, None, 2, False, 0, "full"),
)


def held_out_train():  # type: ignore[no-untyped-def]
    """(documents, parses) of the train documents ``cues.json`` was not fitted on."""
    seen = {name for name, _, _ in documents("train", limit=420)}
    docs = [d for d in documents("train") if d[0] not in seen]
    return docs, parsed("train", [n for n, _, _ in docs], [t for _, t, _ in docs])


def all_logits(spacy_docs, tagger: str) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """The tagger's per-token logits over every sentence of each doc."""
    from benchmarks.polnear_minilm import encoder_session
    from crosscheck.nlp.token_states import token_states

    session, tokenizer = encoder_session(tagger)
    return [token_states(session, tokenizer, doc, list(doc.sents)) for doc in spacy_docs]


def cached_logits(path: str | None, spacy_docs, tagger: str) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """``all_logits``, read from (or written to) ``path`` when given."""
    import os

    if path and os.path.exists(path):
        with np.load(path) as data:
            return [data[f"arr_{k}"] for k in range(len(spacy_docs))]
    logits = all_logits(spacy_docs, tagger)
    if path:
        np.savez(path, *logits)
    return logits


def rows(doc, text: str, gold, lexical, logits: np.ndarray):  # type: ignore[no-untyped-def]
    """(inputs, labels) of the candidates at or above the floor, in ``candidates`` order."""
    quoted = quoted_tokens(doc, quoted_spans(text))
    index = DocIndex.of(doc)  # one per document: candidates() builds one per call without it
    found = [c for token in index.tokens for c in candidates(token, quoted, index)]
    items, labels = [], []
    for candidate, (features, positive) in zip(found, labelled(doc, text, gold), strict=True):
        p = lexical.probability(features)
        if p >= FLOOR:
            items.append((p, candidate))
            labels.append(positive)
    x = candidate_inputs(items, logits, index) if items else np.zeros((0, 11), np.float32)
    return x, np.array(labels, dtype=bool)


def fit(x: np.ndarray, y: np.ndarray, spec: tuple, logits) -> SecondStage:  # type: ignore[no-untyped-def,type-arg]
    from sklearn.linear_model import LogisticRegression

    floor, ceiling, strength = spec
    lexical = 1.0 / (1.0 + np.exp(-x[:, 0]))
    inside = (lexical >= floor) & (lexical < ceiling)
    x, y = x[inside], y[inside]
    center, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=strength, max_iter=2000).fit((x - center) / scale, y)
    return SecondStage(
        floor=floor,
        ceiling=ceiling,
        threshold=0.5,
        center=center.astype(np.float32),
        scale=scale.astype(np.float32),
        weights=model.coef_[0].astype(np.float32),
        bias=float(model.intercept_[0]),
        logits=logits,
        encode_floor=None,  # the re-scored candidates' sentences only; "wide" below widens
    )


def evaluate(docs, spacy_docs, data, logits, lexical, args_trim_only: bool = False,  # type: ignore[no-untyped-def,type-arg]
             recall: int = 0) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Held-out tallies per (spec, threshold); spec None is the lexical model alone."""
    lookup = {id(doc): table for doc, table in zip(spacy_docs, logits)}

    def cached(wanted):  # type: ignore[no-untyped-def]
        """The full tables, cut to the sentences asked for (as the runtime encodes them)."""
        tables = []
        for doc, sentences in wanted:
            table = np.zeros_like(lookup[id(doc)])
            for sent in sentences:
                table[sent.start : sent.end] = lookup[id(doc)][sent.start : sent.end]
            tables.append(table)
        return tables

    tallies = {(None, lexical.threshold, None): Tally()}
    if recall:
        # the chosen stage (2026-11-30 late) and speaker rule, with each recall / boundary rule
        grid = {1: RECALL, 2: RECALL2, 3: RECALL3, 4: RECALL4, 5: RECALL5, 6: RECALL6}[recall]
        tallies.update({(SPECS[0], 0.25, variant): Tally() for variant in grid})
    elif args_trim_only:
        # the chosen stage (2026-11-30 late) and speaker rule, with each content trim
        tallies[(SPECS[0], 0.25, (-2.0, None))] = Tally()
        tallies.update({(SPECS[0], 0.25, (-2.0, None, trim)): Tally() for trim in TRIMS})
    else:
        tallies.update({(spec, t, None): Tally() for spec in SPECS for t in THRESHOLDS})
        tallies.update(
            {(spec, t, sp): Tally() for spec in SPECS for t in THRESHOLDS[1:] for sp in SPEAKERS}
        )
    found = [find_entities(doc, settings=AnalyzeSettings()) for doc in spacy_docs]
    for fold in range(FOLDS):
        inside = [i for i in range(len(docs)) if i % FOLDS != fold]
        x = np.concatenate([data[i][0] for i in inside])
        y = np.concatenate([data[i][1] for i in inside])
        stages = {spec: fit(x, y, spec, cached) for spec in SPECS}
        # every sentence encoded (the tables uncut): what proposals outside the band would add
        stages["full"] = dataclasses.replace(
            stages[SPECS[0]], logits=lambda wanted: [lookup[id(doc)] for doc, _ in wanted]
        )
        # also the sentences holding a candidate the lexical model finds at least WIDE likely
        stages["wide"] = dataclasses.replace(stages[SPECS[0]], encode_floor=WIDE)
        stages["all"] = dataclasses.replace(stages[SPECS[0]], encode_floor=0.0)  # = "full"
        for i in range(fold, len(docs), FOLDS):
            (_, text, gold), doc = docs[i], spacy_docs[i]
            for (spec, threshold, speaker), tally in tallies.items():
                encoded = spec
                if speaker is not None and speaker[-1] in ("full", "wide", "all"):
                    encoded, speaker = speaker[-1], speaker[:-1]
                model = lexical if spec is None else dataclasses.replace(
                    lexical, second_stage=dataclasses.replace(stages[encoded], threshold=threshold),
                )  # fmt: skip
                settings = speaker_settings(speaker)
                predicted, attributions = predict(
                    doc, text, settings, cue_model=model, found_entities=found[i]
                )
                score_document(doc, text, gold, predicted, attributions, tally)
        sys.stdout.write(f"fold {fold} done\n")
        sys.stdout.flush()
    return tallies


WIDE = 0.05  # SecondStage.encode_floor of the "wide" rows and of the stage written


def speaker_settings(speaker: tuple | None) -> QuoteSettings:  # type: ignore[type-arg]
    """(speaker floor, override[, content trim]), or None: none of the tagger's rules; or
    ("recall", cue floor, proposal content floor, clause floor) with speaker floor -2."""
    if speaker is None:
        return QuoteSettings(tagged_speaker_floor=None, tagged_cue_floor=None)
    if speaker[0] == "recall":
        return QuoteSettings(
            tagged_speaker_floor=-2.0,
            tagged_cue_floor=speaker[1],
            tagged_proposal_content_floor=speaker[2],
            tagged_clause_floor=speaker[3],
            tagged_proposal_gap=speaker[4] if len(speaker) > 4 else 2,
            tagged_proposal_snap=speaker[5] if len(speaker) > 5 else False,
            tagged_proposal_bridge=speaker[6] if len(speaker) > 6 else 0,
            tagged_proposal_min_words=speaker[7] if len(speaker) > 7 else 1,
            tagged_proposal_disjoint=speaker[8] if len(speaker) > 8 else False,
        )
    return QuoteSettings(
        tagged_speaker_floor=speaker[0],
        tagged_speaker_override=speaker[1],
        tagged_content_floor=speaker[2] if len(speaker) > 2 else None,
        tagged_cue_floor=None,  # the rows of the rounds before the tagger's proposals
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tagger", required=True, help="the tagger's ONNX graph")
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only")
    parser.add_argument(
        "--trims", action="store_true", help="only the chosen stage, with each content trim"
    )
    parser.add_argument(
        "--recall", type=int, choices=range(7), default=0,
        help="only the chosen stage, with the tagger's proposals and clause trims (grid 1-6)",
    )  # fmt: skip
    parser.add_argument(
        "--logits", help="an .npz of the tagger's logits per document (written when absent)"
    )
    parser.add_argument(
        "--spec", nargs=4, type=float, metavar=("FLOOR", "CEILING", "C", "THRESHOLD"),
        help="skip the cross-validation: fit this stage (chosen by an earlier run) and write it",
    )  # fmt: skip
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs, spacy_docs = held_out_train()
    lexical = load_model(stage_path=None)
    logits = cached_logits(args.logits, spacy_docs, args.tagger)
    data = [
        rows(doc, text, gold, lexical, table)
        for (_, text, gold), doc, table in zip(docs, spacy_docs, logits)
    ]
    sys.stdout.write(header("benchmarks.polnear_tagger"))
    sys.stdout.write(
        f"documents {len(docs)}  rows {sum(len(y) for _, y in data)}  positive "
        f"{sum(int(y.sum()) for _, y in data)}  ({time.perf_counter() - started:.0f}s)\n"
    )
    if args.spec:
        write(data, tuple(args.spec[:3]), args.spec[3], args.tagger)
        return
    tallies = evaluate(docs, spacy_docs, data, logits, lexical, args.trims, args.recall)
    best, best_f1 = None, -1.0
    for (spec, threshold, speaker), tally in tallies.items():
        p, r, f1 = tally.f1("all")
        name = "lexical alone" if spec is None else "band {}-{} C {}".format(*spec)
        name += "" if speaker is None else " speaker " + " / ".join(map(str, speaker))
        sys.stdout.write(
            f"{name:<16} thr {threshold:.2f}: all P {p:.3f} R {r:.3f} F1 {f1:.3f}  direct "
            f"{tally.f1('direct')[2]:.3f}  indirect {tally.f1('indirect')[2]:.3f}  speaker "
            f"{tally.speaker_right / max(tally.speaker_total, 1):.3f}\n"
        )
        if args.recall:
            d, i = tally.f1("direct"), tally.f1("indirect")
            sys.stdout.write(
                f"    4 places: all {p:.4f} / {r:.4f} / {f1:.4f}  direct {d[0]:.4f} / {d[1]:.4f} "
                f"/ {d[2]:.4f}  indirect {i[0]:.4f} / {i[1]:.4f} / {i[2]:.4f}  speaker "
                f"{tally.speaker_right}/{tally.speaker_total}\n"
            )
        if spec is not None and f1 > best_f1:
            best, best_f1 = (spec, threshold, speaker), f1
    sys.stdout.write(
        f"chosen: {best[0]} thr {best[1]} speaker {best[2]} (held-out F1 {best_f1:.3f})\n"
    )
    if not args.dry_run:
        write(data, best[0], best[1], args.tagger)


def write(data, spec: tuple, threshold: float, tagger: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    x = np.concatenate([d[0] for d in data])
    y = np.concatenate([d[1] for d in data])
    stage = dataclasses.replace(fit(x, y, spec, None), threshold=threshold)
    save(stage, spec, tagger_hash=built_weights_hash(tagger))
    sys.stdout.write(f"written {STAGE_PATH}: {spec}, threshold {threshold}\n")


def built_weights_hash(tagger: str) -> str:
    """The weights hash ``build_tagger.py`` wrote beside the graph the logits came from: the
    stage will only read a tagger built from the same weights."""
    found = Path(tagger).with_name(WEIGHTS_HASH_FILE)
    if not found.is_file():
        sys.exit(f"{found} not found: fit the stage on a graph built by scripts/build_tagger.py")
    return found.read_text(encoding="utf-8").strip()


# The shipped stage reads only the re-scored candidates' sentences (None); every sentence
# (0) scores higher on train but is over the speed budget (benchmarks/results/polnear.md).
def save(stage: SecondStage, spec: tuple, *, tagger_hash: str,  # type: ignore[type-arg]
         encode_floor: float | None = None) -> None:
    np.savez(
        STAGE_PATH,
        floor=np.float32(stage.floor),
        ceiling=np.float32(stage.ceiling),
        threshold=np.float32(stage.threshold),
        center=stage.center,
        scale=stage.scale,
        weights=stage.weights,
        bias=np.float32(stage.bias),
        encode_floor=np.float32(np.nan if encode_floor is None else encode_floor),
        # the weights the tagger that gave the fitting logits was built from (cue_tagger)
        tagger_sha256=np.array(tagger_hash),
        about=np.array(
            "Second stage of the cue model (crosscheck.analyze.quotes.tagger.SecondStage), "
            f"logistic regression (floor, ceiling, C) = {spec} over candidate_inputs, fitted on the 420 "
            "PolNeAR train documents cues.json was not fitted on by `python -m "
            "benchmarks.polnear_tagger`; threshold = best held-out content F1."
        ),
    )


if __name__ == "__main__":
    main()
