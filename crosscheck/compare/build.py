"""build_dossier: the compare stage as one function of records.

    articles + analyses (+ near-duplicates)
      -> names resolved across articles          (names)
      -> credits per sentence, source names       (sources)
      -> figures compared across the story        (figures: conflicts, changes over time)
      -> claims aligned, statuses, conflicts      (claims, assertions)
      -> quotes matched, word differences         (quotes)
      -> framing per actor per outlet             (framing)
      -> timeline, cited summary                  (timeline, summary)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from crosscheck.compare.claims import StoryContext, build_claims
from crosscheck.compare.families import copy_families
from crosscheck.compare.figures import compare_figures, story_figures
from crosscheck.compare.framing import build_framing
from crosscheck.compare.names import resolve_entities
from crosscheck.compare.quotes import match_quotes
from crosscheck.compare.records import Dossier, QuoteGroup, StoryArticle, StoryInfo
from crosscheck.compare.similarity import EmbeddingCache
from crosscheck.compare.sources import (
    SourceNames,
    collect_sources,
    sentence_credits,
    unnamed_source_names,
)
from crosscheck.compare.summary import build_summary
from crosscheck.compare.timeline import build_timeline
from crosscheck.errors import AnalysisError
from crosscheck.records import Analysis, Article
from crosscheck.settings import DEFAULT, CompareSettings

log = logging.getLogger(__name__)


def _in_story_order(articles: Sequence[Article], analyses: Sequence[Analysis]
                    ) -> tuple[list[Article], list[Analysis]]:
    """Earliest publication first (unknown dates last), then as given."""
    by_id = {analysis.article_id: analysis for analysis in analyses}
    missing = [a.id for a in articles if a.id not in by_id]
    if missing:
        raise AnalysisError(f"no analysis for article(s) {', '.join(missing)}")
    ordered = sorted(enumerate(articles), key=lambda p: (p[1].published is None,
                                                         p[1].published or "", p[0]))
    return [a for _, a in ordered], [by_id[a.id] for _, a in ordered]


def story_info(articles: Sequence[Article], duplicates: Mapping[str, str],
               *, story_id: str | None = None) -> StoryInfo:
    first = articles[0]
    return StoryInfo(
        id=story_id or first.id, title=first.title,
        articles=tuple(StoryArticle(id=a.id, outlet=a.outlet, title=a.title, author=a.author,
                                    published=a.published, duplicate_of=duplicates.get(a.id))
                       for a in articles),
    )


def quote_sentences(quotes: Sequence[QuoteGroup], analyses: Sequence[Analysis]
                    ) -> dict[tuple[str, int], frozenset[int]]:
    """(article id, sentence index) -> the cross-outlet quote groups quoted in that sentence."""
    sentences = {an.article_id: an.sentences for an in analyses}
    found: dict[tuple[str, int], set[int]] = {}
    for group in quotes:
        own = [variant for variant in group.variants if variant.copy_of is None]
        if len(own) < 2:  # a copy's version is no second outlet's
            continue
        for variant in own:
            for sentence in sentences[variant.article_id]:
                if sentence.span.overlaps(variant.evidence.span):
                    found.setdefault((variant.article_id, sentence.index), set()).add(group.id)
    return {key: frozenset(ids) for key, ids in found.items()}


def dependent_sentences(analyses: Sequence[Analysis]) -> frozenset[tuple[str, int]]:
    """(article id, sentence index) of sentences that lean on an earlier one: a pronoun
    ("Asked whether ..., he said") whose person the sentence does not name before it."""
    found = set()
    for analysis in analyses:
        for sentence in analysis.sentences:
            named: set[int | None] = set()
            for mention in sorted((m for m in analysis.mentions
                                   if sentence.span.contains(m.span)), key=lambda m: m.span):
                if mention.label != "PRON":
                    named.add(mention.entity)
                elif mention.entity is None or mention.entity not in named:
                    found.add((analysis.article_id, sentence.index))
                    break
    return frozenset(found)


def build_dossier(
    articles: Sequence[Article], analyses: Sequence[Analysis], *,
    duplicates: Mapping[str, str] | None = None, settings: CompareSettings = DEFAULT.compare,
    story_id: str | None = None, use_embeddings: bool = True,
) -> Dossier:
    """The dossier of one story from its cleaned articles and their analyses."""
    if not articles:
        raise AnalysisError("a dossier needs at least one article")
    articles, analyses = _in_story_order(articles, analyses)
    duplicates = dict(duplicates or {})
    entities, entity_index = resolve_entities(articles, analyses, settings=settings)
    source_names = SourceNames([a.source for an in analyses for a in an.attributions],
                               settings=settings,
                               exact=unnamed_source_names(analyses))
    quotes = match_quotes(articles, analyses, entity_index=entity_index, entities=entities,
                          duplicates=duplicates, settings=settings)
    context = StoryContext(
        articles=articles, analyses=analyses, entity_index=entity_index, duplicates=duplicates,
        credits={a.id: sentence_credits(a, an, settings=settings)
                 for a, an in zip(articles, analyses)},
        source_names=source_names, quote_sentences=quote_sentences(quotes, analyses),
        families=copy_families(articles, analyses, duplicates),
    )
    cache = EmbeddingCache()
    figures = compare_figures(
        story_figures(articles, analyses, entity_index=entity_index, settings=settings),
        original=duplicates, published={a.id: a.published for a in articles},
        use_embeddings=use_embeddings, cache=cache)
    claims = build_claims(context, settings=settings, use_embeddings=use_embeddings, cache=cache,
                          disputes=figures.conflicts)
    positions = {(an.article_id, s.index): n for an in analyses
                 for n, s in enumerate(an.sentences)}
    outlets = {a.id: a.outlet or a.id for a in articles}
    return Dossier(
        story=story_info(articles, duplicates, story_id=story_id),
        claims=claims,
        quotes=quotes,
        entities=entities,
        sources=collect_sources(articles, analyses, source_names),
        framing=build_framing(articles, analyses, entities, settings=settings),
        timeline=build_timeline(articles, analyses, claims),
        summary=build_summary(claims, outlets=outlets, sentence_positions=positions,
                              settings=settings, use_embeddings=use_embeddings, cache=cache,
                              duplicates=duplicates, dependent=dependent_sentences(analyses)),
        changes=tuple(figures.changes),
    )
