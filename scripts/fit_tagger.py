"""Fit the attribution tagger's top layers on PolNeAR train (build venv: torch, no spaCy).

    python fit_tagger.py SENTENCES.jsonl WEIGHTS.npz [--layers 3] [--epochs 3] [--onnx OUT]
    python fit_tagger.py SENTENCES.jsonl WEIGHTS.npz --init tagger.npz --epochs 2 --rate 1e-4
                                                    # continue an earlier fit
    python fit_tagger.py SENTENCES.jsonl WEIGHTS.npz --init tagger.npz --trained 2 \
        --epochs 3 --rate 1e-4                      # the shipped tagger: fit one layer more

``SENTENCES.jsonl`` comes from ``python -m benchmarks.polnear_tagger_data``. Only the
sentences of the train documents ``cues.json`` was fitted on (``seen``) are used, so the
tagger's outputs on the other half stay honest inputs for the cue model's second stage;
every tenth of those documents is held out to report the loss while fitting. Each word
piece gets three labels: inside a gold Cue, Content, Source. The packaged layers below the
fitted ones (``--trained``, default the top one) are frozen (their outputs are computed
once); the fitted layers and the head are fitted with AdamW. Writes the fitted parameters
(``build_tagger.fitted_names``): matrices as the int8 graph exported from them holds them,
the rest as float16 (``tagger_weights``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
import build_embedder  # noqa: E402
import build_tagger  # noqa: E402
import tagger_weights  # noqa: E402

MAX_PIECES = 256
BATCH = 32


def read(path: Path) -> tuple[list[dict], list[dict]]:
    """(fitting sentences, held-out sentences) of the ``seen`` documents."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    names = sorted({r["doc"] for r in rows if r["seen"]})
    held = set(names[::10])
    fit = [r for r in rows if r["seen"] and r["doc"] not in held]
    return fit, [r for r in rows if r["doc"] in held]


def encode(rows: list[dict]) -> list[tuple[list[int], np.ndarray]]:
    """(piece ids, (pieces, 3) labels) per sentence."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(build_embedder.packaged_model_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_PIECES)
    found = []
    for row, encoding in zip(rows, tokenizer.encode_batch([r["text"] for r in rows])):
        labels = np.zeros((len(encoding.ids), len(build_tagger.ROLES)), dtype=np.float32)
        for k, role in enumerate(build_tagger.ROLES):
            for start, end in row[role]:
                for p, (a, b) in enumerate(encoding.offsets):
                    if b > a and a < end and b > start:
                        labels[p, k] = 1.0
        found.append((encoding.ids, labels))
    return found


def batches(items: list, *, shuffle: bool) -> list[list[int]]:  # type: ignore[type-arg]
    """Index batches of similar length (little padding), in random order when fitting."""
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    groups = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
    if shuffle:
        random.shuffle(groups)
    return groups


def padded(items: list, group: list[int]):  # type: ignore[no-untyped-def,type-arg]
    width = max(len(items[i][0]) for i in group)
    ids = torch.zeros((len(group), width), dtype=torch.long)
    labels = torch.zeros((len(group), width, len(build_tagger.ROLES)))
    for row, i in enumerate(group):
        n = len(items[i][0])
        ids[row, :n] = torch.tensor(items[i][0])
        labels[row, :n] = torch.from_numpy(items[i][1])
    return ids, (ids > 0).long(), labels


def lower_states(tagger, items, groups):  # type: ignore[no-untyped-def]
    """The frozen part's output per batch, computed once."""
    with torch.no_grad():
        return [tagger.lower(*padded(items, g)[:2]) for g in groups]


def loss_of(tagger, states, mask, labels):  # type: ignore[no-untyped-def]
    logits = tagger.upper(states, mask)
    each = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels, reduction="none")
    return (each * mask[..., None]).sum() / mask.sum() / len(build_tagger.ROLES)


def fit(tagger, items, held, *, epochs: int, rate: float) -> None:  # type: ignore[no-untyped-def]
    fitted = set(build_tagger.fitted_names(tagger))
    for name, parameter in tagger.named_parameters():
        parameter.requires_grad = name in fitted
    groups = batches(items, shuffle=False)
    cached = dict(zip(map(tuple, groups), lower_states(tagger.eval(), items, groups)))
    held_groups = batches(held, shuffle=False)
    held_states = lower_states(tagger, held, held_groups)
    optimiser = torch.optim.AdamW([p for p in tagger.parameters() if p.requires_grad], lr=rate)
    steps = epochs * len(groups)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: 1 - s / steps)
    for epoch in range(epochs):
        tagger.train()
        started, total = time.time(), 0.0
        for group in random.sample(groups, len(groups)):
            _, mask, labels = padded(items, group)
            loss = loss_of(tagger, cached[tuple(group)], mask, labels)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss)
        tagger.eval()
        with torch.no_grad():
            held_loss = sum(
                float(loss_of(tagger, s, *padded(held, g)[1:])) for g, s in zip(held_groups, held_states)
            ) / max(len(held_groups), 1)
        print(f"epoch {epoch}: fit loss {total / len(groups):.4f}  held-out loss {held_loss:.4f}"
              f"  ({time.time() - started:.0f}s)", flush=True)


def save(tagger, path: Path, layers: int) -> None:  # type: ignore[no-untyped-def]
    """The fitted parameters, their matrices as the int8 graph exported from them holds them
    (``tagger_weights``)."""
    with tempfile.TemporaryDirectory() as work:
        graph = Path(work) / "tagger.onnx"
        build_tagger.export(tagger.eval(), graph)
        arrays = tagger_weights.stored_arrays(tagger.state_dict(), build_tagger.fitted_names(tagger), graph)
    np.savez_compressed(path, layers=np.int32(layers), trained=np.int32(tagger.trained), **arrays)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path)
    parser.add_argument("weights", type=Path)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument(
        "--trained", type=int, default=None,
        help="how many top layers to fit (default 1, or the --init file's own)",
    )  # fmt: skip
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rate", type=float, default=2e-4)
    parser.add_argument("--onnx", type=Path, help="also export the fitted tagger here")
    parser.add_argument(
        "--init", type=Path,
        help="start from these fitted weights (an earlier fit's npz) instead of the packaged layer",
    )  # fmt: skip
    args = parser.parse_args()
    torch.set_num_threads(2)
    random.seed(0)
    torch.manual_seed(0)
    fit_rows, held_rows = read(args.sentences)
    # Continuing an earlier fit: the held-out loss was still falling after its last epoch.
    if args.init:
        tagger = build_tagger.load_fitted(args.init, args.trained)
    else:
        tagger = build_tagger.load_base(args.layers, args.trained or 1)
    layers = len(tagger.layers)
    fit(tagger, encode(fit_rows), encode(held_rows), epochs=args.epochs, rate=args.rate)
    save(tagger, args.weights, layers)
    if args.onnx:
        build_tagger.export(build_tagger.load_fitted(args.weights), args.onnx)
        with np.load(args.weights) as data:
            tagger_weights.patch_graph(args.onnx, data)


if __name__ == "__main__":
    main()
