"""The committed second stage of the cue model and the attribution tagger as ``make model``
builds it (a single-sequence int8 graph): what the runtime actually runs."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from crosscheck.analyze.quotes import tagger as cue_tagger
from crosscheck.nlp import tagger as tagger_runtime
from crosscheck.analyze.quotes.tagger import CONTENT, CUE, SOURCE
from crosscheck.nlp.spacy_model import parse
from crosscheck.settings import cache_dir


def tagger_built() -> bool:
    return (cache_dir() / tagger_runtime.TAGGER_DIR_NAME / "tagger.onnx").is_file()


def committed_weights_hash() -> str:
    weights = Path(cue_tagger.__file__).with_name("tagger.npz")
    return hashlib.sha256(weights.read_bytes()).hexdigest()


needs_tagger = pytest.mark.skipif(
    not tagger_built(), reason="attribution tagger not built: run `make model`"
)


def test_the_committed_stage_rescores_the_unsure_band_and_reads_only_its_sentences() -> None:
    stage = cue_tagger.load_stage()
    assert stage is not None
    assert (stage.floor, stage.ceiling, stage.threshold) == pytest.approx((0.15, 0.6, 0.25))
    # band-only: "wide" and every sentence were over the speed budget
    assert stage.encode_floor is None
    assert stage.weights.shape == (len(cue_tagger.INPUT_NAMES),)


@needs_tagger
def test_the_built_tagger_marks_the_cue_its_content_and_its_source() -> None:
    doc = parse("The senator said that the plan would fail.")
    (logits,) = tagger_runtime.tagger_logits([(doc, list(doc.sents))])
    word = {token.text: token.i for token in doc}
    assert logits.shape == (len(doc), 3)
    assert logits[word["said"], CUE] > 0 > logits[word["plan"], CUE]
    assert logits[word["fail"], CONTENT] > 0 > logits[word["senator"], CONTENT]
    assert logits[word["senator"], SOURCE] > 0 > logits[word["fail"], SOURCE]


@needs_tagger
def test_the_built_tagger_refuses_a_batch_rather_than_reading_it_as_one_sentence() -> None:
    session, _, _ = tagger_runtime._load_tagger()
    one = np.array([[101, 2056, 2002, 102]], dtype=np.int64)
    (logits,) = session.run(None, {"input_ids": one})
    assert logits.shape == (1, 4, 3)
    with pytest.raises(Exception, match="(?i)dim|shape"):
        session.run(None, {"input_ids": np.repeat(one, 2, axis=0)})


def test_the_committed_stage_names_the_committed_tagger_weights() -> None:
    with np.load(cue_tagger.STAGE_PATH) as data:
        assert str(data["tagger_sha256"]) == committed_weights_hash()


@needs_tagger
def test_the_built_tagger_is_built_from_the_committed_weights() -> None:
    folder = cache_dir() / tagger_runtime.TAGGER_DIR_NAME
    built = (folder / tagger_runtime.WEIGHTS_HASH_FILE).read_text(encoding="utf-8").strip()
    assert built == committed_weights_hash()


@needs_tagger
def test_a_tagger_built_from_other_weights_is_not_used(monkeypatch, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    # a cache left by an older checkout: the graph is there, its weights are not the stage's
    stale = tmp_path / tagger_runtime.TAGGER_DIR_NAME
    shutil.copytree(cache_dir() / tagger_runtime.TAGGER_DIR_NAME, stale)
    (stale / tagger_runtime.WEIGHTS_HASH_FILE).write_text("0" * 64 + "\n", encoding="utf-8")
    monkeypatch.setenv("CROSSCHECK_CACHE", str(tmp_path))
    tagger_runtime._load_tagger.cache_clear()
    tagger_runtime._warn_stale.cache_clear()
    doc = parse("The senator said that the plan would fail.")
    wanted = [(doc, list(doc.sents))]
    try:
        stage = cue_tagger.load_stage()
        with caplog.at_level(logging.WARNING, logger="crosscheck.nlp.tagger"):
            assert stage.logits(wanted) is None
            assert stage.logits(wanted) is None
        # the same graph under the right hash is read
        (stale / tagger_runtime.WEIGHTS_HASH_FILE).write_text(committed_weights_hash(), encoding="utf-8")
        tagger_runtime._load_tagger.cache_clear()
        assert stage.logits(wanted)[0].shape == (len(doc), 3)
    finally:
        tagger_runtime._load_tagger.cache_clear()
    assert sum("built from other weights" in r.message for r in caplog.records) == 1
