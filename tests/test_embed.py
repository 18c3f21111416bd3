"""Sentence embeddings (crosscheck.nlp.embed): shape, pooling, quality and int8 agreement.

The sentence pairs are written for these tests. Tests that need the built model skip when it
is missing (`make test` builds it first through `make model`).
"""

from __future__ import annotations

import numpy as np
import pytest

from crosscheck.errors import ModelError
from crosscheck.nlp import embed as embed_module
from crosscheck.nlp.embed import embed

PARAPHRASES = [
    (
        "The mayor resigned on Friday after weeks of pressure over the housing scandal.",
        "Facing mounting criticism over the housing affair, the mayor stepped down on Friday.",
    ),
    (
        "At least twelve miners were trapped underground when the tunnel collapsed.",
        "A tunnel cave-in left a dozen or more miners stuck below ground.",
    ),
    (
        "The central bank raised interest rates by half a percentage point.",
        "Interest rates were increased by 0.5 points by the central bank.",
    ),
    (
        "Firefighters brought the warehouse blaze under control before dawn.",
        "The fire at the warehouse was contained by firefighters early in the morning.",
    ),
    (
        "The striking dock workers accepted the new pay offer and returned to work.",
        "Port workers ended their strike after agreeing to the revised wage deal.",
    ),
]

UNRELATED = [
    (
        "The mayor resigned on Friday after weeks of pressure over the housing scandal.",
        "Add the flour slowly and stir until the batter is smooth.",
    ),
    (
        "At least twelve miners were trapped underground when the tunnel collapsed.",
        "The orchestra will perform three new symphonies this season.",
    ),
    (
        "The central bank raised interest rates by half a percentage point.",
        "My cat likes to sleep on the warm windowsill in the afternoon.",
    ),
    (
        "Firefighters brought the warehouse blaze under control before dawn.",
        "The striker scored twice in the second half to win the cup.",
    ),
    (
        "The striking dock workers accepted the new pay offer and returned to work.",
        "Astronomers catalogued a faint comet passing beyond the orbit of Mars.",
    ),
]

AGREEMENT_SENTENCES = [text for pair in PARAPHRASES + UNRELATED for text in pair] + [
    "He said the decision was final.",
    "\"We will not back down,\" the union leader told reporters outside the court.",
    "Police said 230 people were evacuated, according to the regional agency.",
    "Officials, without providing evidence, blamed the outage on sabotage.",
    "Ms. Okonkwo-Reyes, a longtime critic of the ministry, called the report a whitewash.",
    "Rain.",
]


def model_available() -> bool:
    return (embed_module.model_dir() / embed_module.INT8_FILE).is_file()


needs_model = pytest.mark.skipif(
    not model_available(), reason="embedding model not built: run `make model`"
)


def cosine_rows(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return (left * right).sum(axis=1)


def test_missing_model_raises_model_error_with_hint(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSCHECK_CACHE", str(tmp_path))
    embed_module._load.cache_clear()
    try:
        with pytest.raises(ModelError, match="make model"):
            embed(["anything"])
    finally:
        embed_module._load.cache_clear()


def test_a_single_string_is_refused():
    with pytest.raises(TypeError):
        embed("one string, not a list")  # type: ignore[arg-type]


@pytest.mark.model
@needs_model
def test_empty_input_gives_an_empty_matrix():
    vectors = embed([])
    assert vectors.shape == (0, 384)
    assert vectors.dtype == np.float32


@pytest.mark.model
@needs_model
def test_rows_are_unit_float32_vectors_in_input_order():
    texts = ["A short one.", AGREEMENT_SENTENCES[0], "", "Rain.", AGREEMENT_SENTENCES[13]]
    vectors = embed(texts, batch_size=2)
    assert vectors.shape == (5, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Rows come back in input order although batches are sorted by length. int8 activations
    # are quantised per batch, so a row moves a little with its batch-mates (to 0.97 cosine
    # for the empty text): each row must still be nearest to its own single embedding.
    singles = np.vstack([embed([text]) for text in texts])
    assert cosine_rows(vectors, singles).min() >= 0.95
    assert (np.argmax(vectors @ singles.T, axis=1) == np.arange(len(texts))).all()


@pytest.mark.model
@needs_model
def test_paraphrases_score_high_and_unrelated_sentences_low():
    def pair_cosines(pairs):
        left = embed([a for a, _ in pairs])
        right = embed([b for _, b in pairs])
        return cosine_rows(left, right)

    paraphrase = pair_cosines(PARAPHRASES)
    unrelated = pair_cosines(UNRELATED)
    # Loose paraphrases (other words for the same event) score 0.6-0.8 with this model and
    # unrelated sentences within 0.1 of zero (measured with the fp32 model).
    assert paraphrase.min() > 0.5, paraphrase
    assert paraphrase.mean() > 0.65, paraphrase
    assert np.abs(unrelated).max() < 0.2, unrelated
    assert paraphrase.min() > unrelated.max() + 0.4


@pytest.mark.model
@needs_model
def test_int8_agrees_with_full_precision():
    int8 = embed(AGREEMENT_SENTENCES)
    fp32 = embed(AGREEMENT_SENTENCES, precision="fp32")
    assert cosine_rows(int8, fp32).min() >= 0.98


@pytest.mark.model
@needs_model
def test_output_is_deterministic():
    first = embed(AGREEMENT_SENTENCES, batch_size=8)
    second = embed(AGREEMENT_SENTENCES, batch_size=8)
    np.testing.assert_array_equal(first, second)


@pytest.mark.model
@needs_model
def test_padding_does_not_change_a_full_precision_embedding():
    # Full precision isolates the masking: a text alone and inside a batch with much longer
    # texts (so padded) must pool to the same vector.
    short = "Rain."
    alone = embed([short], precision="fp32")
    batched = embed([short, *AGREEMENT_SENTENCES[:6]], precision="fp32", batch_size=64)
    np.testing.assert_allclose(alone[0], batched[0], atol=1e-5)


@pytest.mark.model
@needs_model
def test_text_past_256_tokens_is_truncated():
    words = " ".join(f"item{i}" for i in range(400))  # far more than 256 tokens
    head = embed([words], precision="fp32")
    longer = embed([words + " the remaining text about something else entirely"], precision="fp32")
    np.testing.assert_allclose(head, longer, atol=1e-5)
    assert embed_module.load("fp32").max_seq_length == 256


@pytest.mark.model
@needs_model
def test_a_broken_model_file_raises_model_error(tmp_path, monkeypatch):
    folder = tmp_path / embed_module.MODEL_DIR_NAME
    folder.mkdir()
    for name in ("tokenizer.json", "pooling.json"):
        (folder / name).write_bytes((embed_module.model_dir() / name).read_bytes())
    (folder / embed_module.INT8_FILE).write_bytes(b"not an onnx model")
    monkeypatch.setenv("CROSSCHECK_CACHE", str(tmp_path))
    embed_module._load.cache_clear()
    try:
        with pytest.raises(ModelError, match="broken.*make model"):
            embed(["anything"])
    finally:
        embed_module._load.cache_clear()


@pytest.mark.model
@needs_model
def test_batch_size_one_gives_each_text_its_own_int8_vector():
    texts = AGREEMENT_SENTENCES[:5]
    together = embed(texts, batch_size=1)
    alone = np.vstack([embed([text]) for text in texts])
    np.testing.assert_array_equal(together, alone)
