"""The committed second stage of the cue model and the attribution tagger as ``make model``
builds it (a single-sequence int8 graph): what the runtime actually runs."""

from __future__ import annotations

import numpy as np
import pytest

from crosscheck.analyze import cue_tagger
from crosscheck.analyze.cue_tagger import CONTENT, CUE, SOURCE
from crosscheck.nlp.spacy_model import parse
from crosscheck.settings import cache_dir


def tagger_built() -> bool:
    return (cache_dir() / cue_tagger.TAGGER_DIR_NAME / "tagger.onnx").is_file()


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
    (logits,) = cue_tagger.tagger_logits([(doc, list(doc.sents))])
    word = {token.text: token.i for token in doc}
    assert logits.shape == (len(doc), 3)
    assert logits[word["said"], CUE] > 0 > logits[word["plan"], CUE]
    assert logits[word["fail"], CONTENT] > 0 > logits[word["senator"], CONTENT]
    assert logits[word["senator"], SOURCE] > 0 > logits[word["fail"], SOURCE]


@needs_tagger
def test_the_built_tagger_refuses_a_batch_rather_than_reading_it_as_one_sentence() -> None:
    session, _ = cue_tagger._load_tagger()
    one = np.array([[101, 2056, 2002, 102]], dtype=np.int64)
    (logits,) = session.run(None, {"input_ids": one})
    assert logits.shape == (1, 4, 3)
    with pytest.raises(Exception, match="(?i)dim|shape"):
        session.run(None, {"input_ids": np.repeat(one, 2, axis=0)})
