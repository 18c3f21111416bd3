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

# Word pieces (padding included) per encoder call: sentences sorted by length are grouped
# until the next would pass this. 1 encodes every sentence alone, which the int8 graphs
# need: they quantise activations with one scale per call, so a sentence's states move
# with the other sentences of its call (tagger logits by up to 1.8, mean 0.15, on 60 NeuS
# texts). Grouping by 128 pieces would save 15 % of the tagger's time (0.73 against 0.86
# CPU-s for the 539 sentences of the speed benchmark's texts; benchmarks/results/polnear.md,
# 2026-11-30 late): not worth analyses that depend on which articles share a batch. The
# built tagger is a single-sequence graph (scripts/build_tagger.py) and refuses a batch.
BATCH_PIECES = 1


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
    (spaCy spans of ``doc``), zeros elsewhere."""
    return token_states_many(session, tokenizer, [(doc, sentences)])[0]


def token_states_many(session, tokenizer, wanted: Sequence) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """``token_states`` for several ``(doc, sentences)`` pairs in one pass: the sentences of
    all docs are tokenised together, sorted by length and grouped per ``BATCH_PIECES``.
    Each sentence is encoded as its own sequence, as the encoder saw sentences in training;
    one truncated at the tokenizer's limit keeps zeros past it."""
    width = session.get_outputs()[0].shape[-1]
    outs = [np.zeros((len(doc), width), dtype=np.float32) for doc, _ in wanted]
    owned = [(k, sent) for k, (_, sentences) in enumerate(wanted) for sent in sentences]
    if not owned:
        return outs
    encodings = tokenizer.encode_batch([sent.text for _, sent in owned])
    for picked in _groups([len(e.ids) for e in encodings]):
        states = _run(session, [encodings[i] for i in picked])
        for row, index in enumerate(picked):
            (k, sent), encoding = owned[index], encodings[index]
            base = sent.start_char
            offsets = [(t.idx - base, t.idx - base + len(t.text)) for t in sent]
            owner = align(encoding.offsets, offsets)
            pieces = states[row, : len(encoding.ids)]
            outs[k][sent.start : sent.end] = pool_pieces(pieces, owner, len(sent))
    return outs


def _groups(lengths: list[int]) -> list[list[int]]:
    """Indices sorted by length, cut into groups of at most ``BATCH_PIECES`` padded pieces
    (a longer sentence goes alone)."""
    groups: list[list[int]] = []
    for index in np.argsort(lengths, kind="stable").tolist():
        if groups and (len(groups[-1]) + 1) * lengths[index] <= BATCH_PIECES:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


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
