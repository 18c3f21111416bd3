"""Contextual token states from the MiniLM encoder, one row per spaCy token.

The encoder works on word pieces; spaCy on words. ``align`` maps each piece to the spaCy
token whose characters it overlaps, and ``token_states`` averages a token's pieces, so the
caller can index the result with ``token.i`` as it would ``doc.tensor``. Only the sentences
asked for are encoded (the caller picks those holding a likely cue); other rows stay zero.

The encoder is an ONNX graph whose output is ``(batch, pieces, width)``; which one (the
sentence-embedding model, or a graph exposing inner layers) is the caller's choice.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Sentences per encoder call, sorted by length so little padding is computed.
BATCH = 32


def align(
    piece_offsets: Sequence[tuple[int, int]], token_offsets: Sequence[tuple[int, int]]
) -> np.ndarray:
    """For each word piece (character offsets, (0, 0) for the special pieces), the index of
    the token whose characters it overlaps, or -1 (special pieces, pieces over spaces).

    Both lists are in text order, so one pass suffices; a piece spanning two tokens (rare:
    spaCy splits "U.S.-led" where the tokenizer may not) goes to the first."""
    found = np.full(len(piece_offsets), -1, dtype=np.int64)
    token = 0
    for piece, (start, end) in enumerate(piece_offsets):
        if end <= start:
            continue
        while token < len(token_offsets) and token_offsets[token][1] <= start:
            token += 1
        if token < len(token_offsets) and token_offsets[token][0] < end:
            found[piece] = token
    return found


def pool_pieces(states: np.ndarray, owner: np.ndarray, count: int) -> np.ndarray:
    """Mean of each token's piece states: ``states`` (pieces, width), ``owner`` from
    ``align``; tokens without a piece (spaces) get zeros."""
    out = np.zeros((count, states.shape[1]), dtype=np.float32)
    kept = owner >= 0
    np.add.at(out, owner[kept], states[kept])
    counts = np.bincount(owner[kept], minlength=count).astype(np.float32)
    return out / np.maximum(counts, 1.0)[:, None]


def token_states(session, tokenizer, doc, sentences: Sequence) -> np.ndarray:  # type: ignore[no-untyped-def]
    """``(len(doc), width)`` float32: the encoder's states of every token in ``sentences``
    (spaCy spans of ``doc``), zeros elsewhere. Each sentence is encoded on its own, as the
    encoder saw sentences in training; one truncated at the tokenizer's limit keeps zeros
    past it."""
    width = session.get_outputs()[0].shape[-1]
    out = np.zeros((len(doc), width), dtype=np.float32)
    if not sentences:
        return out
    encodings = tokenizer.encode_batch([sent.text for sent in sentences])
    order = np.argsort([len(e.ids) for e in encodings], kind="stable")
    for start in range(0, len(order), BATCH):
        picked = order[start : start + BATCH]
        states = _run(session, [encodings[i] for i in picked])
        for row, index in enumerate(picked):
            sent, encoding = sentences[index], encodings[index]
            base = sent.start_char
            offsets = [(t.idx - base, t.idx - base + len(t.text)) for t in sent]
            owner = align(encoding.offsets, offsets)
            pieces = states[row, : len(encoding.ids)]
            out[sent.start : sent.end] = pool_pieces(pieces, owner, len(sent))
    return out


def _run(session, encodings: list) -> np.ndarray:  # type: ignore[no-untyped-def,type-arg]
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)  # 0 is [PAD]
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    # A graph that ignores an input (the tagger: single sentences need no segment ids) was
    # exported without it.
    wanted = {item.name for item in session.get_inputs()}
    (states,) = session.run(None, {name: feed for name, feed in feeds.items() if name in wanted})
    return states
