"""The per-article analysis: one spaCy parse, then every extractor over it in one pass each.

    Doc -> sentences -> mentions, entities -> quotes -> attributions
        -> quantities, dates, hedges (hedges attach to the quotes)
        -> descriptors of each name (appositions, premodifiers: framing and titles)

Quotes and attributions come from ``crosscheck.analyze.quotes`` and
``crosscheck.analyze.attributions``, plain imports (a failing import is an error, never a
stage skipped), with ``AnalyzeSettings.quotes``.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from crosscheck.analyze.attributions import find_attributions
from crosscheck.analyze.quotes.scores import CueScores
from crosscheck.analyze.dates import find_dates
from crosscheck.analyze.descriptors import find_descriptors
from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.hedges import find_hedges
from crosscheck.analyze.quantities import find_quantities
from crosscheck.analyze.quotes import find_quotes, score_cues
from crosscheck.analyze.sentences import split_sentences
from crosscheck.records import Analysis, Article, Sentence
from crosscheck.settings import AnalyzeSettings

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)


def analyze_docs(
    docs: Iterable[Doc], articles: Sequence[Article], *, settings: AnalyzeSettings
) -> list[Analysis]:
    """``analyze_doc`` over several parsed articles; the cue model scores the candidates of
    all of them first, so its tagger encodes their sentences in one batched pass."""
    docs = list(docs)
    indexes = [DocIndex.of(doc) for doc in docs]
    scores = score_cues(docs, settings=settings.quotes, indexes=indexes)
    return [
        analyze_doc(doc, article, settings=settings, cue_scores=score, index=index)
        for doc, article, score, index in zip(docs, articles, scores, indexes)
    ]


def analyze_doc(
    doc: Doc, article: Article, *, settings: AnalyzeSettings,
    cue_scores: CueScores | None = None, index: DocIndex | None = None,
) -> Analysis:
    """Every extractor over one parsed article; ``doc`` is the parse of ``article.text``;
    ``cue_scores``, the cue model's scores of it when ``analyze_docs`` batched them;
    ``index``, its ``DocIndex`` when already built."""
    index = index if index is not None else DocIndex.of(doc)
    sentences = split_sentences(doc, article.text, settings=settings, index=index)
    sentence_of = sentence_locator(sentences)
    mentions, entities = find_entities(doc, settings=settings, index=index)
    quotes = find_quotes(doc, article, mentions, entities, sentences=sentences,
                         settings=settings.quotes, cue_scores=cue_scores, index=index)
    attributions = find_attributions(doc, article, quotes, mentions, entities,
                                     settings=settings.quotes, index=index)
    return Analysis(
        article_id=article.id,
        sentences=sentences,
        mentions=mentions,
        entities=entities,
        quotes=quotes,
        attributions=attributions,
        quantities=find_quantities(doc, settings=settings, index=index),
        dates=find_dates(doc, published=article.published, sentence_of=sentence_of,
                         text=index.text),
        hedges=find_hedges(doc, sentences, quotes, sentence_of=sentence_of, index=index),
        descriptors=find_descriptors(index, mentions,
                                     titles=frozenset(settings.person_titles)),
    )


def sentence_locator(sentences: tuple[Sentence, ...]) -> Callable[[int], int]:
    """A function from a character offset to the index of the sentence holding it."""
    starts = [sentence.span.start for sentence in sentences]

    def sentence_of(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    return sentence_of
