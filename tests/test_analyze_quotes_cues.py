"""The learned cue model (crosscheck.analyze.quotes.cues) on small hand-written texts."""

from __future__ import annotations

import dataclasses
import json

from crosscheck.analyze.quotes.cues import MODEL_PATH, candidates, load_model
from crosscheck.analyze.quotes.marks import quoted_spans, quoted_tokens
from crosscheck.analyze.quotes import find_quotes
from crosscheck.nlp.spacy_model import parse
from crosscheck.records import Article, Quote
from crosscheck.settings import QuoteSettings


def quotes_of(text: str, settings: QuoteSettings = QuoteSettings()) -> tuple[Quote, ...]:
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    return find_quotes(doc, article, (), (), settings=settings)


def test_model_file_holds_vocabulary_and_a_threshold() -> None:
    model = load_model()
    assert model is not None
    assert 0.0 < model.threshold < 1.0
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    # feature names are flags or short "kind=value" strings of lemmas, never sentences
    assert all(len(name) < 80 and len(name.split()) <= 2 for name in data["weights"])
    assert model.weights["lf=say|ccomp"] > model.weights.get("lf=eat|ccomp", 0.0)


def test_candidates_follow_the_cue_frames() -> None:
    text = "The senator said that the tax plan would fail, according to aides."
    doc = parse(text)
    quoted = quoted_tokens(doc, quoted_spans(text))
    said = next(t for t in doc if t.text == "said")
    frames = {c.frame: " ".join(t.text for t in c.tokens) for c in candidates(said, quoted)}
    assert frames["ccomp"].startswith("that the tax plan would fail")
    according = next(t for t in doc if t.text == "according")
    head = [c for c in candidates(according, quoted) if c.frame.startswith("head_")]
    assert head and "according" not in {t.text for t in head[0].tokens}


def test_reported_speech_belief_and_stance_with_speakers() -> None:
    text = (
        "The governor said that the budget would be balanced by June.\n"
        "Analysts believe the deal will collapse before the election."
    )
    quotes = quotes_of(text)
    by_content = {q.span.of(text): q for q in quotes}
    said = next(q for c, q in by_content.items() if "budget would be balanced" in c)
    assert (said.kind, said.cue) == ("indirect", "say")
    assert said.speaker_span is not None and said.speaker_span.of(text) == "The governor"
    believe = next(q for c, q in by_content.items() if "deal will collapse" in c)
    assert believe.cue == "believe"


def test_no_attribution_in_plain_narration() -> None:
    text = "The bridge was closed on Friday after heavy rain flooded the road."
    assert quotes_of(text) == ()


def test_a_quote_in_marks_is_not_reported_again_as_indirect_speech() -> None:
    text = "“It is over,” he said, according to Reuters."
    quotes = quotes_of(text)
    assert [q.span.of(text) for q in quotes] == ["It is over"]


def test_listed_cues_still_work_without_the_model() -> None:
    settings = dataclasses.replace(QuoteSettings(), learned_cues=False)
    text = "The governor claimed that the budget would be balanced by June."
    (quote,) = quotes_of(text, settings)
    assert quote.cue == "claim" and "budget" in quote.span.of(text)
