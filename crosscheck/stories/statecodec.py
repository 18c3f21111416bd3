"""A story's state as bytes, and back: what the store keeps of each story between ingests.

Generic over ``StoryState``'s attributes, so that an attribute added to it is kept without a
change here: numpy arrays (as their raw bytes, dtype and shape), the dataclasses listed in
``RECORDS`` (``SparseSum``), dicts, lists, tuples, sets, dates and JSON scalars. The layout is a
JSON tree in which every array is a reference into the buffer that follows it:

    4 bytes: length of the JSON (little-endian) | JSON (UTF-8) | array bytes, one after another

Nothing is executed on reading (no pickle): a shared database is not trusted with code.
Floats go through JSON's shortest round-trip form and arrays byte for byte, so a decoded
state scores exactly as the one that was encoded.
"""

from __future__ import annotations

import dataclasses
import json
import struct
from datetime import date
from typing import Any

import numpy as np

from crosscheck.stories.centroid import SparseSum, StoryState

# Dataclasses a state may hold, by name: only these are rebuilt on reading.
RECORDS: dict[str, type] = {cls.__name__: cls for cls in (StoryState, SparseSum)}


def encode_state(state: StoryState) -> bytes:
    buffers: list[bytes] = []
    tree = json.dumps(_encode(state, buffers), separators=(",", ":")).encode("utf-8")
    return struct.pack("<I", len(tree)) + tree + b"".join(buffers)


def decode_state(data: bytes) -> StoryState:
    (length,) = struct.unpack_from("<I", data)
    tree = json.loads(data[4 : 4 + length])
    state = _decode(tree, memoryview(data)[4 + length :], [0])
    if not isinstance(state, StoryState):
        raise ValueError("stored story state is not a StoryState")
    return state


def _encode(value: Any, buffers: list[bytes]) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.ascontiguousarray(value)
        buffers.append(array.tobytes())
        return {"$array": [array.dtype.str, list(array.shape), len(buffers[-1])]}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        items = [_encode(item, buffers) for item in value]
        return items if isinstance(value, list) else {"$tuple": items}
    if isinstance(value, (set, frozenset)):
        items = [_encode(item, buffers) for item in sorted(value)]
        return {"$frozenset" if isinstance(value, frozenset) else "$set": items}
    if isinstance(value, dict):  # as pairs: keys need not be strings
        return {"$dict": [[_encode(k, buffers), _encode(v, buffers)] for k, v in value.items()]}
    if dataclasses.is_dataclass(value) and type(value).__name__ in RECORDS:
        fields = {f.name: _encode(getattr(value, f.name), buffers)
                  for f in dataclasses.fields(value)}
        return {"$record": type(value).__name__, "fields": fields}
    raise TypeError(f"a story state cannot keep a {type(value).__name__}")


def _decode(tree: Any, data: memoryview, offset: list[int]) -> Any:
    if isinstance(tree, list):
        return [_decode(item, data, offset) for item in tree]
    if not isinstance(tree, dict):
        return tree
    if "$array" in tree:
        dtype, shape, size = tree["$array"]
        raw = data[offset[0] : offset[0] + size]
        offset[0] += size
        array = np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape).copy()
        return array if shape else array[()]
    if "$date" in tree:
        return date.fromisoformat(tree["$date"])
    if "$tuple" in tree:
        return tuple(_decode(item, data, offset) for item in tree["$tuple"])
    if "$set" in tree:
        return {_decode(item, data, offset) for item in tree["$set"]}
    if "$frozenset" in tree:
        return frozenset(_decode(item, data, offset) for item in tree["$frozenset"])
    if "$dict" in tree:
        return {_decode(k, data, offset): _decode(v, data, offset) for k, v in tree["$dict"]}
    cls = RECORDS[tree["$record"]]
    fields = {name: _decode(value, data, offset) for name, value in tree["fields"].items()}
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{name: value for name, value in fields.items() if name in known})
