"""Cue scores of a batch of parses (crosscheck.analyze.quotes.scores) and the tagger's speakers
(crosscheck.analyze.quotes.tagger), with hand-made tagger logits: a parse scored in a batch
gets the scores it gets alone, the tagger runs once per batch, and its Source logits choose a
speaker only where the settings allow it."""

from __future__ import annotations

import dataclasses

import numpy as np

from crosscheck.analyze import analyze_article, analyze_articles
from crosscheck.analyze.quotes.scores import score_docs
from crosscheck.analyze.quotes.tagger import (
    CONTENT, CUE, INPUT_NAMES, SOURCE, SecondStage, trimmed_content,
)  # fmt: skip
from crosscheck.analyze.quotes.cues import candidates, load_model
from crosscheck.analyze.quotes import find_quotes
from crosscheck.analyze.quotes.tagger import tagged_speaker
from crosscheck.nlp.spacy_model import parse
from crosscheck.records import Article
from crosscheck.settings import QuoteSettings

TEXTS = (
    "The senator said that the plan would fail. Voters expect lower taxes.",
    "Officials believe the bridge is safe, the mayor said on Monday.",
    "It rained.",
)


def content_after_first_word(doc) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Deterministic per-doc logits: every word but each sentence's first is content."""
    logits = np.full((len(doc), 3), -4.0, dtype=np.float32)
    for sent in doc.sents:
        logits[sent.start + 1 : sent.end, CONTENT] = 4.0
    return logits


def recording_stage(calls: list) -> SecondStage:  # type: ignore[type-arg]
    def logits(wanted):  # type: ignore[no-untyped-def]
        calls.append([len(sentences) for _, sentences in wanted])
        return [_only(content_after_first_word(doc), sentences) for doc, sentences in wanted]

    weights = np.zeros(len(INPUT_NAMES), dtype=np.float32)
    weights[INPUT_NAMES.index("content share")] = 6.0
    return SecondStage(
        floor=0.0, ceiling=1.0, threshold=0.5, center=np.full(len(INPUT_NAMES), 0.5, np.float32),
        scale=np.ones(len(INPUT_NAMES), np.float32), weights=weights, bias=0.0, logits=logits,
    )  # fmt: skip


def _only(table: np.ndarray, sentences) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Zeros outside the sentences asked for, as the tagger leaves them."""
    out = np.zeros_like(table)
    for sent in sentences:
        out[sent.start : sent.end] = table[sent.start : sent.end]
    return out


def staged_model(calls: list):  # type: ignore[no-untyped-def,type-arg]
    lexical = load_model(stage_path=None)
    assert lexical is not None
    return dataclasses.replace(lexical, second_stage=recording_stage(calls))


def test_a_batch_runs_the_tagger_once_and_each_parse_scores_as_alone() -> None:
    docs = [parse(text) for text in TEXTS]
    calls: list = []  # type: ignore[type-arg]
    model = staged_model(calls)
    together = score_docs(model, docs)
    assert len(calls) == 1 and calls[0][0] >= 1
    for doc, batched in zip(docs, together):
        alone = score_docs(model, [doc])[0]
        assert batched.probabilities == alone.probabilities
        assert [c.tokens for _, c in batched.items] == [c.tokens for _, c in alone.items]
        assert np.array_equal(batched.logits, alone.logits)
    rescored = [p for s in together for p, (q, _) in zip(s.probabilities, s.items) if p != q]
    assert rescored  # the stage did re-score something


def test_without_a_tagger_the_lexical_model_scores_alone() -> None:
    docs = [parse(text) for text in TEXTS]
    calls: list = []  # type: ignore[type-arg]
    model = staged_model(calls)
    missing = dataclasses.replace(
        model, second_stage=dataclasses.replace(model.second_stage, logits=lambda wanted: None)
    )
    for scores in score_docs(missing, docs):
        assert scores.probabilities == [p for p, _ in scores.items]
        assert scores.threshold == model.threshold and scores.logits is None


def test_batched_analysis_gives_the_analyses_of_single_articles() -> None:
    articles = [
        Article(id=f"a{i}", source="test", format="text", text=text) for i, text in enumerate(TEXTS)
    ]
    assert analyze_articles(articles) == [analyze_article(a) for a in articles]


def source_marking(doc, word: str, score: float = 4.0) -> np.ndarray:  # type: ignore[no-untyped-def]
    logits = np.full((len(doc), 3), -4.0, dtype=np.float32)
    for token in doc:
        if token.text == word:
            logits[token.i, SOURCE] = score
    return logits


def test_the_tagger_names_a_speaker_the_parse_misses_above_the_floor() -> None:
    doc = parse("Support for the ban is growing among farmers, a survey found.")
    support = doc[0]
    content = {t.i for t in doc[1:4]}  # "for the ban"
    logits = source_marking(doc, "farmers", 2.0)
    phrase = tagged_speaker(support, content, logits, floor=1.0, override=None)
    assert phrase is not None and phrase.root.text == "farmers"
    assert tagged_speaker(support, content, logits, floor=3.0, override=None) is None
    # the tagger did not read the sentence (zeros): the parse's choice stands
    zeros = np.zeros_like(logits)
    assert tagged_speaker(support, content, zeros, floor=-10.0, override=None) is None


def test_a_parsed_speaker_gives_way_only_to_a_surer_tagged_one() -> None:
    doc = parse("Aides said the senator backs the bill.")
    said = next(t for t in doc if t.text == "said")
    content = {t.i for t in doc if t.i > said.i}
    sure_senator = source_marking(doc, "Aides", -3.0)
    sure_senator[next(t.i for t in doc if t.text == "senator"), SOURCE] = 5.0
    # "senator" is inside the content: never the speaker of this cue
    assert tagged_speaker(said, content, sure_senator, floor=0.0, override=1.0) is None
    outside = {t.i for t in doc if t.i > said.i and t.text != "senator"}
    found = tagged_speaker(said, outside, sure_senator, floor=0.0, override=1.0)
    assert found is not None and found.root.text == "senator"
    assert tagged_speaker(said, outside, sure_senator, floor=0.0, override=None) is None
    assert tagged_speaker(said, outside, sure_senator, floor=0.0, override=6.0) is None


def marking_stage() -> SecondStage:
    """A stage that trusts the tagger's cue logit and content share, over a tagger that marks
    "Support" a cue, "for the ban" content and "farmers" a source."""

    def logits(wanted):  # type: ignore[no-untyped-def]
        tables = []
        for doc, sentences in wanted:
            table = np.full((len(doc), 3), -4.0, dtype=np.float32)
            for token in (t for sent in sentences for t in sent):
                table[token.i, SOURCE] = 3.0 if token.text == "farmers" else -4.0
                table[token.i, CUE] = 4.0 if token.text == "Support" else -4.0
                table[token.i, CONTENT] = 4.0 if token.text in ("for", "the", "ban") else -4.0
            tables.append(table)
        return tables

    weights = np.zeros(len(INPUT_NAMES), dtype=np.float32)
    weights[INPUT_NAMES.index("cue")] = 3.0
    weights[INPUT_NAMES.index("content share")] = 6.0
    return SecondStage(
        floor=0.0, ceiling=1.0, threshold=0.5, center=np.zeros(len(INPUT_NAMES), np.float32),
        scale=np.ones(len(INPUT_NAMES), np.float32), weights=weights, bias=-14.0, logits=logits,
    )  # fmt: skip


def test_the_tagger_names_the_speaker_of_a_cue_without_one_unless_turned_off() -> None:
    text = "Support for the ban is growing among farmers."
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    lexical = load_model(stage_path=None)
    model = dataclasses.replace(lexical, second_stage=marking_stage())
    (quote,) = find_quotes(doc, article, (), (), cue_model=model)
    assert (quote.span.of(text), quote.cue, quote.speaker) == ("for the ban", "support", "farmers")
    off = QuoteSettings(tagged_speaker_floor=None)
    (quote,) = find_quotes(doc, article, (), (), cue_model=model, settings=off)
    assert quote.speaker is None  # the parse shows no speaker for "Support"
    # without a tagger neither the stage nor the speaker rule applies
    missing = dataclasses.replace(model.second_stage, logits=lambda wanted: None)
    alone = find_quotes(doc, article, (), (), cue_model=lexical)
    assert find_quotes(
        doc, article, (), (), cue_model=dataclasses.replace(model, second_stage=missing)
    ) == alone


def test_content_is_trimmed_after_the_last_tagged_word_only_when_asked() -> None:
    doc = parse("The senator said that the plan would fail on Monday.")
    said = next(t for t in doc if t.text == "said")
    candidate = next(c for c in candidates(said, set()) if c.frame == "ccomp")
    logits = np.zeros((len(doc), 3), dtype=np.float32)
    for token in candidate.tokens:
        logits[token.i, CONTENT] = -3.0 if token.text in ("on", "Monday") else 3.0
    trimmed = trimmed_content(candidate.tokens, logits, floor=0.0)
    assert " ".join(t.text for t in trimmed) == "that the plan would fail"
    assert trimmed_content(candidate.tokens, None, floor=0.0) == candidate.tokens
    assert QuoteSettings().tagged_content_floor is None
