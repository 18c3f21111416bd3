"""Word pieces to spaCy tokens (crosscheck.nlp.token_states), on hand-made offsets and a
stub encoder: no model needed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crosscheck.nlp.spacy_model import parse
from crosscheck.nlp import token_states as token_states_module
from crosscheck.nlp.token_states import align, pool_pieces, token_states, token_states_many


def test_pieces_go_to_the_token_they_overlap() -> None:
    # "Gov. unveils plans": tokens Gov . unveils plans; pieces [CLS] gov . un ##ve ##ils plans [SEP]
    tokens = [(0, 3), (3, 4), (5, 12), (13, 18)]
    pieces = [(0, 0), (0, 3), (3, 4), (5, 7), (7, 9), (9, 12), (13, 18), (0, 0)]
    assert align(pieces, tokens).tolist() == [-1, 0, 1, 2, 2, 2, 3, -1]


def test_a_piece_over_two_tokens_goes_to_the_first() -> None:
    # spaCy splits "U.S.-led" into "U.S." "-" "led"; a tokenizer piece may cover "-led"
    tokens = [(0, 4), (4, 5), (5, 8)]
    pieces = [(0, 4), (4, 8)]
    assert align(pieces, tokens).tolist() == [0, 1]


def test_pooling_averages_a_tokens_pieces_and_leaves_pieceless_tokens_at_zero() -> None:
    states = np.array([[9.0, 9.0], [1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=np.float32)
    owner = np.array([-1, 0, 0, 2])
    pooled = pool_pieces(states, owner, 3)
    assert pooled.tolist() == [[2.0, 3.0], [0.0, 0.0], [5.0, 6.0]]


@dataclass
class _Output:
    shape: tuple


@dataclass
class _Input:
    name: str


class _PieceIdEncoder:
    """Stands in for an ONNX session: each piece's state is its vocabulary id, so the test
    can see which pieces each token received."""

    def get_outputs(self) -> list:  # type: ignore[type-arg]
        return [_Output(("batch", "sequence", 1))]

    def get_inputs(self) -> list:  # type: ignore[type-arg]
        return [_Input("input_ids"), _Input("attention_mask")]

    def run(self, _names, feeds):  # type: ignore[no-untyped-def]
        assert set(feeds) == {"input_ids", "attention_mask"}  # only the inputs the graph has
        return [feeds["input_ids"][..., None].astype(np.float32)]


@dataclass
class _Encoding:
    ids: list
    offsets: list


class _CharTokenizer:
    """One piece per character of each word (id = the character's code), plus [CLS]/[SEP]."""

    def encode_batch(self, texts):  # type: ignore[no-untyped-def]
        found = []
        for text in texts:
            ids, offsets = [101], [(0, 0)]
            for i, char in enumerate(text):
                if not char.isspace():
                    ids.append(ord(char))
                    offsets.append((i, i + 1))
            found.append(_Encoding(ids + [102], offsets + [(0, 0)]))
        return found


def test_only_the_asked_sentences_are_encoded_and_rows_follow_the_doc() -> None:
    doc = parse("Ab said so. Cd left.")
    second = list(doc.sents)[1]
    states = token_states(_PieceIdEncoder(), _CharTokenizer(), doc, [second])
    assert states.shape == (len(doc), 1)
    assert not states[: second.start].any()  # the first sentence was not asked for
    cd = second[0]
    assert cd.text == "Cd"
    assert states[cd.i, 0] == (ord("C") + ord("d")) / 2


class _CountingEncoder(_PieceIdEncoder):
    def __init__(self) -> None:
        self.shapes: list[tuple[int, int]] = []

    def run(self, names, feeds):  # type: ignore[no-untyped-def]
        self.shapes.append(feeds["input_ids"].shape)
        return super().run(names, feeds)


def test_sentences_of_several_docs_share_calls_and_each_doc_gets_its_own_rows(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    docs = [parse("Ab said so. Cd left."), parse("Efg went home early.")]
    wanted = [(docs[0], list(docs[0].sents)), (docs[1], list(docs[1].sents))]
    encoder = _CountingEncoder()
    token_states_many(encoder, _CharTokenizer(), wanted)
    # by default every sentence alone, unpadded: int8 graphs scale activations per call
    assert sorted(encoder.shapes) == [(1, 9), (1, 11), (1, 19)]
    monkeypatch.setattr(token_states_module, "BATCH_PIECES", 512)
    encoder = _CountingEncoder()
    together = token_states_many(encoder, _CharTokenizer(), wanted)
    assert len(encoder.shapes) == 1  # three short sentences, one call
    for (doc, sentences), states in zip(wanted, together):
        alone = token_states(_PieceIdEncoder(), _CharTokenizer(), doc, sentences)
        assert np.array_equal(states, alone)


def test_groups_are_sorted_by_length_and_stay_within_the_piece_budget(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(token_states_module, "BATCH_PIECES", 30)
    lengths = [12, 3, 10, 40, 4]
    groups = token_states_module._groups(lengths)
    assert groups == [[1, 4, 2], [0], [3]]  # 3 x 10 fits, 4 x 12 does not; 40 goes alone
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
