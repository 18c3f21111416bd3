"""How each outlet describes the story's main actors.

The analysis stored each name's descriptors (``crosscheck.analyze.descriptors``, read from
the parse it already made):

- appositions to the name ("Lukashenko, a close ally of Putin's, ...");
- the noun phrase the name is in apposition to ("The authoritarian president of Belarus,
  Alexander Lukashenko, ...");
- premodifiers inside the name's noun phrase ("Belarusian President Alexander Lukashenko",
  "Belarus's Lukashenko");

framing adds the loaded words the outlet uses in its own voice (outside quotes) in the
sentences naming the actor, and the hedges the analysis attached to them ("without providing
evidence"). Nothing is parsed here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from crosscheck.compare.records import CrossEntity, Descriptor, Evidence, Framing
from crosscheck.records import Analysis, Article, Span
from crosscheck.settings import CompareSettings

ACTOR_LABELS = ("PERSON",)
# The title is part of the premodifiers: framing shows the premodifiers whole.
FRAMING_KINDS = frozenset({"apposition", "premodifier"})


def main_actors(entities: Sequence[CrossEntity], *, settings: CompareSettings) -> list[CrossEntity]:
    people = [ent for ent in entities if ent.label in ACTOR_LABELS and len(ent.variants) > 0]
    return sorted(people, key=lambda ent: -ent.mention_count)[: settings.main_actors]


def _quote_spans(analysis: Analysis) -> list[Span]:
    return [quote.span for quote in analysis.quotes if quote.kind != "indirect"]


def _loaded(article: Article, analysis: Analysis, sentence: Span,
            settings: CompareSettings) -> list[Descriptor]:
    quoted = _quote_spans(analysis)
    text = sentence.of(article.text)
    found = []
    for word in settings.loaded_words:
        position = text.lower().find(word)
        while position >= 0:
            span = Span(sentence.start + position, sentence.start + position + len(word))
            before = text[position - 1: position] if position else " "
            after = text[position + len(word): position + len(word) + 1] or " "
            if not before.isalpha() and not after.isalpha() and not any(q.contains(span) for q in quoted):
                found.append(Descriptor("loaded", Evidence(article.id, span, span.of(article.text))))
            position = text.lower().find(word, position + 1)
    return found


def _name_sentences(analysis: Analysis, mentions: Sequence[Span]) -> dict[Span, list[int]]:
    """Sentence span -> the actor's name mentions in it (indices into the analysis)."""
    wanted = set(mentions)
    per_sentence: dict[Span, list[int]] = defaultdict(list)
    for position, mention in enumerate(analysis.mentions):
        if mention.span not in wanted or mention.label in ("PRON", "NOMINAL"):
            continue
        sentence = next((s.span for s in analysis.sentences if s.span.contains(mention.span)), None)
        if sentence is not None:
            per_sentence[sentence].append(position)
    return per_sentence


def _actor_descriptors(article: Article, analysis: Analysis, mentions: Sequence[Span],
                       settings: CompareSettings) -> list[Descriptor]:
    """What one article says about one actor: the stored descriptors of its names, and the
    loaded words and hedges of the sentences naming it."""
    per_sentence = _name_sentences(analysis, mentions)
    named = {position for positions in per_sentence.values() for position in positions}
    found = [Descriptor(d.kind, Evidence(article.id, d.span, d.span.of(article.text)))
             for d in analysis.descriptors if d.mention in named and d.kind in FRAMING_KINDS]
    for sentence in per_sentence:
        found.extend(_loaded(article, analysis, sentence, settings))
        found.extend(Descriptor("hedge", Evidence(article.id, h.span, h.span.of(article.text)))
                     for h in analysis.hedges if sentence.contains(h.span))
    return found


def build_framing(articles: Sequence[Article], analyses: Sequence[Analysis],
                  entities: Sequence[CrossEntity], *, settings: CompareSettings
                  ) -> tuple[Framing, ...]:
    actors = main_actors(entities, settings=settings)
    by_id = {a.id: (a, an) for a, an in zip(articles, analyses)}
    found: dict[tuple[int, str], list[Descriptor]] = {}
    for actor in actors:
        for variant in actor.variants:
            article, analysis = by_id[variant.article_id]
            found[(actor.id, article.id)] = _actor_descriptors(article, analysis,
                                                               variant.mentions, settings)
    return _framing_records(actors, articles, found)


def _framing_records(actors: Sequence[CrossEntity], articles: Sequence[Article],
                     found: dict[tuple[int, str], list[Descriptor]]) -> tuple[Framing, ...]:
    records = []
    for actor in actors:
        for article in articles:
            descriptors = found.get((actor.id, article.id))
            if not descriptors:
                continue
            unique = list({(d.kind, d.evidence.span): d for d in descriptors}.values())
            unique.sort(key=lambda d: d.evidence.span.start)
            records.append(Framing(entity=actor.id, entity_name=actor.name,
                                   outlet=article.outlet or article.id, article_id=article.id,
                                   descriptors=tuple(unique)))
    return tuple(records)
