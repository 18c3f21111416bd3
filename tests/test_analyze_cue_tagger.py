"""The cue model's second stage (crosscheck.analyze.quotes.tagger) with hand-made tagger logits:
what it reads from the tagger, that it only re-scores likely candidates, and that analysis
falls back to the lexical model when the tagger is not built."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import numpy as np

from crosscheck.analyze.quotes import tagger as cue_tagger
from crosscheck.nlp import tagger as tagger_runtime
from crosscheck.analyze.quotes.tagger import INPUT_NAMES, SecondStage, candidate_inputs
from crosscheck.analyze.quotes.cues import candidates, load_model
from crosscheck.analyze.quotes import find_quotes
from crosscheck.nlp.spacy_model import parse
from crosscheck.records import Article

TEXT = "The senator said that the plan would fail."


def said_candidate(doc):  # type: ignore[no-untyped-def]
    said = next(t for t in doc if t.text == "said")
    return next(c for c in candidates(said, set()) if c.frame == "ccomp")


def logits_marking(doc, content: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Logits a good tagger would give: "said" a cue, "The senator" the source, ``content``
    the content, everything else outside (-4)."""
    logits = np.full((len(doc), 3), -4.0, dtype=np.float32)
    start = doc.text.index(content)
    for token in doc:
        if token.text == "said":
            logits[token.i, cue_tagger.CUE] = 4.0
        if token.idx < doc.text.index("said"):
            logits[token.i, cue_tagger.SOURCE] = 4.0
        if start <= token.idx < start + len(content):
            logits[token.i, cue_tagger.CONTENT] = 4.0
    return logits


def column(name: str) -> int:
    return INPUT_NAMES.index(name)


def test_inputs_read_the_cue_the_content_its_edges_and_the_speaker() -> None:
    doc = parse(TEXT)
    candidate = said_candidate(doc)
    row = candidate_inputs([(0.2, candidate)], logits_marking(doc, "that the plan would fail"))[0]
    assert row[column("lexical log-odds")] == np.float32(np.log(0.2 / 0.8))
    assert row[column("cue")] == 4.0
    assert row[column("content mean")] == 4.0 and row[column("content share")] == 1.0
    assert row[column("before start")] == -4.0  # "said" is no content
    assert row[column("speaker source")] == 4.0 and row[column("has speaker")] == 1.0
    # a tagger that ends the content early: the candidate runs past it
    short = candidate_inputs([(0.2, candidate)], logits_marking(doc, "that the plan"))[0]
    assert short[column("content share")] < 1.0
    assert short[column("content min")] == -4.0


def content_trusting_stage(logits) -> SecondStage:  # type: ignore[no-untyped-def]
    """A stage that believes the tagger's content share alone."""
    weights = np.zeros(len(INPUT_NAMES), dtype=np.float32)
    weights[column("content share")] = 6.0
    return SecondStage(
        floor=0.05, ceiling=1.0, threshold=0.5, center=np.full(len(INPUT_NAMES), 0.5, np.float32),
        scale=np.ones(len(INPUT_NAMES), np.float32), weights=weights, bias=0.0,
        logits=lambda wanted: [logits for _ in wanted],
    )  # fmt: skip


def test_only_candidates_above_the_floor_are_rescored() -> None:
    doc = parse(TEXT)
    candidate = said_candidate(doc)
    stage = content_trusting_stage(logits_marking(doc, "that the plan would fail"))
    items = [(0.2, candidate), (0.01, candidate)]
    assert stage.picked(items) == [0]
    assert stage.sentences(items, [0]) == [candidate.cue.sent]
    marked = logits_marking(doc, "that the plan would fail")
    rescored = stage.rescored(items, stage.picked(items), marked)
    assert rescored[0] > 0.9  # content share 1.0: (1.0 - 0.5) * 6 -> 0.95
    assert rescored[1] == 0.01  # under the floor: the lexical probability stands


def quotes_with(model, text: str = TEXT):  # type: ignore[no-untyped-def]
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    return doc, find_quotes(doc, article, (), (), cue_model=model)


def test_the_stage_decides_when_it_has_logits_and_the_lexical_model_when_not() -> None:
    lexical = load_model(stage_path=None)
    assert lexical is not None
    doc, alone = quotes_with(lexical)
    assert [q.span.of(TEXT) for q in alone] == ["that the plan would fail"]
    # a tagger that sees no content anywhere: the stage rejects the candidate
    silent = content_trusting_stage(np.full((len(doc), 3), -4.0, np.float32))
    _, none = quotes_with(dataclasses.replace(lexical, second_stage=silent))
    assert none == ()
    # no tagger built: logits None, the lexical model decides as before
    missing = dataclasses.replace(silent, logits=lambda wanted: None)
    _, fallback = quotes_with(dataclasses.replace(lexical, second_stage=missing))
    assert fallback == alone


def test_a_missing_tagger_is_logged_once_and_gives_no_logits(monkeypatch, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CROSSCHECK_CACHE", str(tmp_path))
    tagger_runtime._load_tagger.cache_clear()
    doc = parse(TEXT)
    try:
        with caplog.at_level(logging.WARNING, logger="crosscheck.nlp.tagger"):
            assert tagger_runtime.tagger_logits([(doc, list(doc.sents))]) is None
            assert tagger_runtime.tagger_logits([(doc, list(doc.sents))]) is None
    finally:
        tagger_runtime._load_tagger.cache_clear()
    assert sum("tagger not built" in r.message for r in caplog.records) == 1


def test_committed_tagger_weights_are_only_our_fitted_top_layers() -> None:
    weights = Path(cue_tagger.__file__).with_name("tagger.npz")
    assert weights.stat().st_size < 5_000_000
    with np.load(weights) as data:
        layers, trained = int(data["layers"]), int(data["trained"])
        fitted = {name: data[name] for name in data.files if name not in ("layers", "trained")}
    # the packaged encoder (embeddings, lower layers) is never committed: `make model` adds it
    assert 0 < trained < layers
    layer_of = {name: int(name.split(".")[1]) for name in fitted if not name.startswith("head.")}
    assert set(layer_of.values()) == set(range(layers - trained, layers))
    assert "head.weight" in fitted
    # matrices as the int8 graph holds them (one scale per output channel), the rest float16
    matrices = [name for name in fitted if name.endswith("_quantized")]
    assert len(matrices) == 4 * trained
    for name in matrices:
        scale = fitted[name.replace("_quantized", "_scale")]
        assert fitted[name].dtype == np.int8 and scale.shape == (fitted[name].shape[1],)
    assert all(value.dtype == np.float16 for name, value in fitted.items()
               if not name.endswith(("_quantized", "_scale")))


def marking(doc, cue: str, content: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Logits marking the word ``cue`` as cue and the words of ``content`` as content."""
    logits = np.full((len(doc), 3), -4.0, dtype=np.float32)
    start = doc.text.index(content)
    for token in doc:
        if token.text == cue:
            logits[token.i, cue_tagger.CUE] = 4.0
        if start <= token.idx < start + len(content):
            logits[token.i, cue_tagger.CONTENT] = 4.0
    return logits


def test_the_tagger_proposes_an_attribution_where_no_lexical_cue_was_kept() -> None:
    doc = parse("Officials remain hopeful that talks resume. Markets rose.")
    logits = marking(doc, "hopeful", "that talks resume")
    found = cue_tagger.tagged_attributions(doc, logits, set(), cue_floor=1.0, content_floor=0.0)
    assert [(cue.text, " ".join(t.text for t in tokens)) for cue, tokens in found] == [
        ("hopeful", "that talks resume")
    ]
    hopeful = next(t.i for t in doc if t.text == "hopeful")
    # a kept lexical cue there, a floor above the cue's logit, an unread sentence: nothing
    assert cue_tagger.tagged_attributions(doc, logits, {hopeful}, cue_floor=1.0,
                                          content_floor=0.0) == []  # fmt: skip
    for table, floor in ((logits, 5.0), (np.zeros_like(logits), 1.0), (None, 1.0)):
        assert cue_tagger.tagged_attributions(
            doc, table, set(), cue_floor=floor, content_floor=0.0
        ) == []


def test_a_proposed_content_must_stand_next_to_its_cue() -> None:
    doc = parse("Officials remain hopeful today and tomorrow that talks resume.")
    logits = marking(doc, "hopeful", "talks resume")
    near = cue_tagger.tagged_attributions(doc, logits, set(), cue_floor=1.0, content_floor=0.0)
    assert near == []  # four words between the cue and the content
    wide = cue_tagger.tagged_attributions(
        doc, logits, set(), cue_floor=1.0, content_floor=0.0, gap=4
    )
    assert [" ".join(t.text for t in tokens) for _, tokens in wide] == ["talks resume"]


def test_a_trailing_clause_the_tagger_leaves_out_is_cut_from_the_content() -> None:
    text = "The senator said that the plan would fail, while others disagreed."
    doc = parse(text)
    candidate = said_candidate(doc)
    logits = logits_marking(doc, "that the plan would fail")
    cut = cue_tagger.clause_trimmed(candidate.tokens, candidate.anchor, logits, floor=0.0)
    assert " ".join(t.text for t in cut) == "that the plan would fail"
    # the tagger marks the clause as content too, or did not read the sentence: kept whole
    whole = logits_marking(doc, "that the plan would fail, while others disagreed")
    kept = cue_tagger.clause_trimmed(candidate.tokens, candidate.anchor, whole, floor=0.0)
    assert kept == candidate.tokens
    unread = np.zeros_like(logits)
    assert cue_tagger.clause_trimmed(candidate.tokens, candidate.anchor, unread, floor=0.0) == (
        candidate.tokens
    )


def test_proposals_reach_the_quotes_behind_the_setting_and_lexical_contents_win() -> None:
    from crosscheck.settings import QuoteSettings

    text = "The senator said that the plan would fail. Reportedly, the talks will resume soon."
    doc = parse(text)
    logits = logits_marking(doc, "that the plan would fail")
    cue = next(t.i for t in doc if t.text == "Reportedly")  # an adverb: no lexical candidate
    logits[cue, cue_tagger.CUE] = 4.0
    for token in doc[cue + 2 : -1]:
        logits[token.i, cue_tagger.CONTENT] = 4.0
    said = next(t.i for t in doc if t.text == "said")
    logits[said + 2, cue_tagger.CUE] = 4.0  # "the": a cue inside a kept lexical content
    lexical = load_model(stage_path=None)
    assert lexical is not None
    model = dataclasses.replace(lexical, second_stage=content_trusting_stage(logits))
    article = Article(id="t", source="test", format="text", text=text)

    def contents(settings):  # type: ignore[no-untyped-def]
        found = find_quotes(doc, article, (), (), cue_model=model, settings=settings)
        return sorted(q.span.of(text) for q in found)

    off = contents(QuoteSettings(tagged_cue_floor=None))
    assert off == ["that the plan would fail"]
    # the proposal at "the" ("plan would fail") shares its words with the lexical content
    assert contents(QuoteSettings(tagged_cue_floor=1.0)) == [
        "that the plan would fail", "the talks will resume soon"
    ]


def test_the_stage_also_encodes_sentences_of_likely_candidates_for_proposals() -> None:
    doc = parse("The senator said that the plan would fail. Aides said that talks resume.")
    first, second = (
        next(c for c in candidates(t, set()) if c.frame == "ccomp")
        for t in doc if t.text == "said"
    )  # fmt: skip
    stage = dataclasses.replace(
        content_trusting_stage(np.zeros((len(doc), 3), np.float32)), ceiling=0.6
    )
    items = [(0.2, first), (0.9, second)]
    assert stage.picked(items) == [0]
    # the second sentence's cue is sure (not re-scored) but likely enough to be encoded
    assert stage.sentences(items, [0]) == [first.cue.sent, second.cue.sent]
    narrow = dataclasses.replace(stage, encode_floor=None)
    assert narrow.sentences(items, [0]) == [first.cue.sent]
    assert dataclasses.replace(stage, encode_floor=0.95).sentences(items, [0]) == [first.cue.sent]
    assert stage.sentences(items, []) == []  # nothing to re-score: nothing encoded


def test_a_proposed_content_may_bridge_a_word_the_tagger_leaves_out() -> None:
    doc = parse("Officials remain hopeful that talks resume soon.")
    logits = marking(doc, "hopeful", "that talks resume soon")
    resume = next(t.i for t in doc if t.text == "resume")
    logits[resume, cue_tagger.CONTENT] = -4.0

    def found(bridge: int) -> list[str]:
        return [
            " ".join(t.text for t in tokens)
            for _, tokens in cue_tagger.tagged_attributions(
                doc, logits, set(), cue_floor=1.0, content_floor=0.0, bridge=bridge
            )
        ]
    assert found(0) == ["that talks"]
    assert found(1) == ["that talks resume soon"]


def test_a_preposition_the_tagger_marks_as_a_cue_proposes_nothing() -> None:
    """Issue 14: "the embattled harbour chief over the blast" was a quote of the chief with
    the cue "over"; a preposition introduces no one's words."""
    from crosscheck.settings import QuoteSettings

    text = "Critics rounded on the embattled harbour chief over the blast at the fuel depot."
    doc = parse(text)
    logits = np.zeros((len(doc), 3), np.float32)
    over = next(t.i for t in doc if t.text == "over")
    logits[over, cue_tagger.CUE] = 4.0
    for token in doc[over + 1 : -1]:
        logits[token.i, cue_tagger.CONTENT] = 4.0
    lexical = load_model(stage_path=None)
    assert lexical is not None
    model = dataclasses.replace(lexical, second_stage=content_trusting_stage(logits))
    article = Article(id="t", source="test", format="text", text=text)
    found = find_quotes(doc, article, (), (), cue_model=model,
                        settings=QuoteSettings(tagged_cue_floor=1.0))
    assert all(q.cue_span is None or q.cue_span.of(text) != "over" for q in found)
