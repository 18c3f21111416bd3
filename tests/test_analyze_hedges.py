"""Hedges and evidentiality markers, attached to the sentence or quote they qualify."""

from __future__ import annotations

import pytest

from crosscheck.analyze.hedges import find_hedges
from crosscheck.analyze.pipeline import sentence_locator
from crosscheck.analyze.sentences import split_sentences
from crosscheck.nlp.spacy_model import parse
from crosscheck.records import Quote, Span
from crosscheck.settings import DEFAULT

pytestmark = pytest.mark.model


def _hedges(text: str, quotes: tuple[Quote, ...] = ()) -> list[tuple[str, str, str]]:
    doc = parse(text)
    sentences = split_sentences(doc, text, settings=DEFAULT.analyze)
    hedges = find_hedges(doc, sentences, quotes, sentence_of=sentence_locator(sentences))
    return [(h.span.of(text), h.kind, h.covers.of(text)) for h in hedges]


@pytest.mark.parametrize("words,kind", [
    ("without providing evidence", "no-evidence"),
    ("without offering any proof", "no-evidence"),
    ("allegedly", "allegedly"),
    ("reportedly", "allegedly"),
])
def test_markers_are_found(words, kind) -> None:  # type: ignore[no-untyped-def]
    text = f"The mayor {words} said the vote was rigged. The rain stopped."
    found = _hedges(text)
    assert (words, kind, "The mayor " + words + " said the vote was rigged.") in found
    assert all(covered != "The rain stopped." for _, _, covered in found)


def test_claim_verb_modal_and_speculation() -> None:
    found = _hedges("He claimed the army may attack. It is unclear who fired first. "
                    "Some analysts believe the talks will fail.")
    kinds = {words: kind for words, kind, _ in found}
    assert kinds == {"claimed": "claim-verb", "may": "modal", "It is unclear": "speculation",
                     "Some analysts believe": "speculation"}


def test_the_month_may_is_not_a_modal() -> None:
    assert _hedges("The election was held in May.") == []


def test_hedge_attaches_to_the_reported_quote_in_its_sentence() -> None:
    text = "Ivan Petrov claimed without citing evidence that the plant was sabotaged."
    start = text.index("the plant")
    quote = Quote(span=Span(start, len(text) - 1), kind="indirect", speaker="Ivan Petrov",
                  speaker_span=Span(0, 11))
    found = _hedges(text, (quote,))
    covered = {words: covers for words, _, covers in found}
    assert covered["without citing evidence"] == "the plant was sabotaged"
    assert covered["claimed"] == "the plant was sabotaged"


def test_hedge_inside_a_quote_covers_the_quote() -> None:
    text = 'Officials said: "The attack could happen soon." Nobody else spoke.'
    start = text.index("The attack")
    quote = Quote(span=Span(start, text.index('."') + 1), kind="direct", speaker=None,
                  speaker_span=None)
    assert _hedges(text, (quote,)) == [("could", "modal", "The attack could happen soon.")]


def test_reportative_and_appearance_hedges() -> None:
    found = _hedges("The general is believed to have fled. The plan appears to have failed.")
    assert [(words, kind) for words, kind, _ in found] == [
        ("is believed to", "allegedly"), ("appears to", "speculation")]
