"""The attribution tagger's weights file (``crosscheck/analyze/quotes/tagger.npz``): what is stored.

The runtime graph holds each weight matrix as int8 with one scale per output channel
(``build_tagger.export``: onnxruntime's dynamic quantisation), and its outputs move with any
change of those integers (activations are quantised per call, so one flipped weight can
shift a whole sentence's logits). The file therefore stores the fitted layers' matrices as
the graph holds them, int8 and scales taken from the graph the fit exported, and the build
writes them back into its graph: the committed file rebuilds the evaluated graph exactly,
at half the size of float16 matrices. Vectors (biases, layer norms) and the head stay
float16, as before.

Names: ``MATRIX + QUANTIZED`` (int8, (inputs, outputs)) and ``MATRIX + SCALE`` (float32,
(outputs,)) per graph matrix of a fitted layer (``graph_matrices``), torch parameter names
for the rest, and the header ``layers`` and ``trained``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

HEADER = ("layers", "trained")
QUANTIZED, SCALE = "_Transposed_quantized", "_Transposed_scale"


def graph_matrices(layer: int) -> dict[str, tuple[str, ...]]:
    """A layer's weight matrices as the exported graph names them, each with the torch
    parameters it holds (query, key and value joined in that order, the query scaled)."""
    attention = f"layers.{layer}.attention"
    return {
        f"qkv.{layer}.weight": tuple(
            f"{attention}.self.{part}.weight" for part in ("query", "key", "value")
        ),
        f"{attention}.output.dense.weight": (f"{attention}.output.dense.weight",),
        f"layers.{layer}.intermediate.dense.weight": (f"layers.{layer}.intermediate.dense.weight",),
        f"layers.{layer}.output.dense.weight": (f"layers.{layer}.output.dense.weight",),
    }


def fitted_matrices(names: list[str]) -> dict[str, tuple[str, ...]]:
    """The graph matrices of the layers among the fitted parameter ``names``."""
    layers = sorted({int(name.split(".")[1]) for name in names if name.startswith("layers.")})
    return {key: value for layer in layers for key, value in graph_matrices(layer).items()}


def stored_arrays(
    state: dict, names: list[str], graph: Path  # type: ignore[type-arg]
) -> dict[str, np.ndarray]:
    """The file's arrays for the fitted parameters ``names`` of ``state`` (torch tensors),
    the matrices read from the int8 ``graph`` exported from them."""
    initializers = _initializers(graph)
    matrices = fitted_matrices(names)
    held = {part for parts in matrices.values() for part in parts}
    arrays = {
        name: state[name].detach().numpy().astype(np.float16) for name in names if name not in held
    }
    for matrix in matrices:
        arrays[matrix + QUANTIZED] = initializers[matrix + QUANTIZED]
        arrays[matrix + SCALE] = initializers[matrix + SCALE]
    return arrays


def parameter_values(data, head_size: int) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """Float32 torch parameters from a loaded file (this storage, or float16 throughout as
    files written before it). The matrices come back as the int8 graph holds them."""
    values = {}
    names = [n for n in data.files if n not in HEADER and not n.endswith((QUANTIZED, SCALE))]
    for name in names:
        values[name] = data[name].astype(np.float32)
    for matrix, parts in fitted_matrices(list(data.files)).items():
        if matrix + QUANTIZED not in data.files:
            continue
        weight = (data[matrix + QUANTIZED].astype(np.float32) * data[matrix + SCALE]).T
        blocks = np.split(weight, len(parts))
        if len(parts) == 3:  # the graph's query carries the attention scale
            blocks[0] = blocks[0] * math.sqrt(head_size)
        values.update(zip(parts, blocks))
    return values


def patch_graph(graph: Path, data) -> int:  # type: ignore[no-untyped-def]
    """Write the file's int8 matrices and scales into ``graph`` (exported and quantised from
    the file's parameters, which gives the same integers but where a value sits on a
    rounding edge); returns how many integers differed."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(graph))
    stored = {n: data[n] for n in data.files if n.endswith((QUANTIZED, SCALE))}
    changed = 0
    for index, tensor in enumerate(model.graph.initializer):
        if tensor.name not in stored:
            continue
        old, new = numpy_helper.to_array(tensor), stored.pop(tensor.name)
        if old.shape != new.shape or old.dtype != new.dtype:
            raise ValueError(f"{tensor.name}: the graph holds {old.dtype}{old.shape}, "
                             f"the weights {new.dtype}{new.shape}")
        if tensor.name.endswith(QUANTIZED):
            changed += int((old != new).sum())
        model.graph.initializer[index].CopyFrom(numpy_helper.from_array(new, tensor.name))
    if stored:
        raise ValueError(f"the graph has no initializer for {sorted(stored)}")
    onnx.save(model, str(graph))
    return changed


def _initializers(graph: Path) -> dict[str, np.ndarray]:
    import onnx
    from onnx import numpy_helper

    return {t.name: numpy_helper.to_array(t) for t in onnx.load(str(graph)).graph.initializer}
