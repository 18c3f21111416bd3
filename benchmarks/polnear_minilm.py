"""Experiment: MiniLM's frozen contextual token states as the cue model's second stage.

    python -m benchmarks.polnear_minilm --encoder /path/layers-fp32.onnx

The harness of ``benchmarks.polnear_dense`` (its rows, folds and end-to-end scoring over the
420 train documents ``cues.json`` was not fitted on), with ``doc.tensor`` replaced by the
states of some of MiniLM's layers (``crosscheck.nlp.token_states``) instead of spaCy's
tok2vec. The encoder is an ONNX export of all-MiniLM-L6-v2 (the packaged weights) whose
output stacks the hidden states of its 7 layers (embeddings, then 6 transformer layers):
``(batch, pieces, 7 * 384)``. Dev is never read here.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from benchmarks.common import header
from benchmarks import polnear_dense as harness
from benchmarks.polnear_dense import CONTEXT_WIDTH, DenseModel
from crosscheck.analyze.entities import find_entities
from crosscheck.settings import AnalyzeSettings

HIDDEN = 384
LAYERS = (2, 4, 6)  # kept from the 7 stacked states (0 = the embeddings)
BLOCKS = ("cue", "anchor", "speaker", "sentence")


def encoder_session(graph: str):  # type: ignore[no-untyped-def]
    """(session on both cores, MiniLM's tokenizer as the runtime sets it) for an encoder
    graph read by ``token_states``."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from crosscheck.nlp.embed import model_dir

    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(256)
    tokenizer.no_padding()
    return session, tokenizer


def set_states(spacy_docs, encoder: str) -> None:  # type: ignore[no-untyped-def]
    """Replace each doc's tensor by the kept layers of MiniLM, side by side."""
    from crosscheck.nlp.token_states import token_states

    session, tokenizer = encoder_session(encoder)
    keep = np.concatenate([np.arange(k * HIDDEN, (k + 1) * HIDDEN) for k in LAYERS])
    for doc in spacy_docs:
        states = token_states(session, tokenizer, doc, list(doc.sents))
        doc.tensor = np.ascontiguousarray(states[:, keep])


def columns(layers: tuple[int, ...], blocks: tuple[str, ...], context: bool) -> np.ndarray:
    """The row columns of the lexical log-odds, the speaker flag, the chosen blocks' chosen
    layers and (optionally) the context figures."""
    width = HIDDEN * len(LAYERS)
    picked = [0, 1]
    for b, block in enumerate(BLOCKS):
        if block in blocks:
            for layer in layers:
                start = 2 + b * width + LAYERS.index(layer) * HIDDEN
                picked += range(start, start + HIDDEN)
    if context:
        picked += range(2 + 4 * width, 2 + 4 * width + CONTEXT_WIDTH)
    return np.array(picked, dtype=np.int32)


def fit(x: np.ndarray, y: np.ndarray, spec: tuple, threshold: float) -> DenseModel:  # type: ignore[type-arg]
    from sklearn.linear_model import LogisticRegression

    strength, layers, blocks, context = spec
    picked = columns(layers, blocks, context)
    x = x[:, picked]
    center, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=strength, max_iter=500)
    model.fit((x - center) / scale, y)
    layer = (model.coef_.T.astype(np.float32), model.intercept_.astype(np.float32))
    return DenseModel(
        floor=harness.FLOOR,
        threshold=threshold,
        center=center.astype(np.float32),
        scale=scale.astype(np.float32),
        layers=(layer,),
        columns=picked,
    )


SPECS = (
    (0.01, (4,), BLOCKS, True),
    (0.01, (6,), BLOCKS, True),
    (0.003, (2, 4, 6), BLOCKS, True),
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", required=True, help="ONNX graph with the 7 stacked layers")
    parser.add_argument("--save", help="also write the rows to this .npz")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs, spacy_docs, lexicals = harness.held_out_train(False)
    set_states(spacy_docs, args.encoder)
    sys.stdout.write(header("benchmarks.polnear_minilm"))
    sys.stdout.write(f"states ({time.perf_counter() - started:.0f}s)\n")
    data = [
        harness.rows(doc, text, gold, lexical)
        for (_, text, gold), doc, lexical in zip(docs, spacy_docs, lexicals)
    ]
    found = [find_entities(doc, settings=AnalyzeSettings()) for doc in spacy_docs]
    sys.stdout.write(f"rows {sum(len(y) for _, y in data)} ({time.perf_counter() - started:.0f}s)\n")
    sys.stdout.flush()
    if args.save:
        np.savez(args.save, x=np.concatenate([d[0] for d in data]),
                 y=np.concatenate([d[1] for d in data]),
                 doc=np.concatenate([np.full(len(d[1]), i) for i, d in enumerate(data)]))
    harness.fit = fit  # the harness's evaluate() fits through this name
    harness.THRESHOLDS = (0.25, 0.3, 0.35)
    tallies, losses = harness.evaluate(docs, spacy_docs, data, lexicals, SPECS, found)
    for (spec, threshold), tally in tallies.items():
        p, r, f1 = tally.f1("all")
        loss = f"  log loss {losses[spec]:.4f}" if spec is not None else ""
        name = "lexical alone" if spec is None else f"C {spec[0]} layers {spec[1]}"
        sys.stdout.write(
            f"{name:<28} thr {threshold:.2f}: all P {p:.3f} R {r:.3f} F1 {f1:.3f}  indirect "
            f"{tally.f1('indirect')[2]:.3f}  speaker "
            f"{tally.speaker_right / max(tally.speaker_total, 1):.3f}{loss}\n"
        )
    sys.stdout.write(f"({time.perf_counter() - started:.0f}s)\n")


if __name__ == "__main__":
    main()
