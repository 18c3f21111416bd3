"""How each outlet describes the story's main actors.

From the dependency parse of the sentences that name an actor:

- appositions to the name ("Lukashenko, a close ally of Putin's, ...");
- the noun phrase the name is in apposition to ("The authoritarian president of Belarus,
  Alexander Lukashenko, ...");
- premodifiers inside the name's noun phrase ("Belarusian President Alexander Lukashenko",
  "Belarus's Lukashenko");

plus loaded words the outlet uses in its own voice (outside quotes) in those sentences, and
the hedges the analysis attached to them ("without providing evidence").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from crosscheck.compare.records import CrossEntity, Descriptor, Evidence, Framing
from crosscheck.records import Analysis, Article, Span
from crosscheck.settings import CompareSettings

PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
ACTOR_LABELS = ("PERSON",)
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def main_actors(entities: Sequence[CrossEntity], *, settings: CompareSettings) -> list[CrossEntity]:
    people = [ent for ent in entities if ent.label in ACTOR_LABELS and len(ent.variants) > 0]
    return sorted(people, key=lambda ent: -ent.mention_count)[: settings.main_actors]


def _parse(texts: list[str]) -> list:  # type: ignore[type-arg]
    from crosscheck.nlp.spacy_model import load

    return list(load().pipe(texts, disable=["ner", "lemmatizer"], batch_size=32))


def _trim(doc, start: int, end: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Token range without leading or trailing punctuation."""
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _char_range(doc, start: int, end: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Characters of tokens [start, end), keeping a possessive glued to the end ("Putin's")."""
    if end < len(doc) and doc[end].text in POSSESSIVE and not doc[end - 1].whitespace_:
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _noun_phrase_head(token):  # type: ignore[no-untyped-def]
    """From "Belarus" in "president of Belarus" up to "president"."""
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in (
            "NOUN", "PROPN"):
        token = token.head.head
    return token


def _premodifier_tokens(root, inside: set[int]) -> set[int]:  # type: ignore[no-untyped-def]
    """Tokens of the name's premodifiers, leaving out coordinated names ("X and Y")."""
    found: set[int] = set()
    stack = [child for child in root.children
             if child.dep_ in PREMODIFIER_DEPS and child.i not in inside]
    while stack:
        token = stack.pop()
        if token.dep_ in ("conj", "cc") or token.i in inside:
            continue
        found.add(token.i)
        stack.extend(token.children)
    return found


def _phrase_descriptors(doc, mention_span) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    """(kind, start char, end char) of appositions and premodifiers of one name in ``doc``."""
    root = mention_span.root
    inside = {token.i for token in mention_span}
    found: list[tuple[str, int, int]] = []
    for token in doc:
        if token.dep_ == "appos" and token.head.i in inside and token.i not in inside:
            start, end = _trim(doc, token.left_edge.i, token.right_edge.i + 1)
            if end > start:
                found.append(("apposition", *_char_range(doc, start, end)))
    if root.dep_ == "appos" and root.head.i not in inside:
        head = _noun_phrase_head(root.head)
        start, end = _trim(doc, head.left_edge.i, mention_span.start)
        if end > start and head.pos_ in ("NOUN", "PROPN") and head.i < mention_span.start:
            found.append(("apposition", *_char_range(doc, start, end)))
    modifiers = _premodifier_tokens(root, inside)
    start = mention_span.start
    while start > 0 and start - 1 in modifiers:
        start -= 1
    start, end = _trim(doc, start, mention_span.start)
    if end > start:
        found.append(("premodifier", *_char_range(doc, start, end)))
    return found


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


def _descriptor_cue(text: str, mention: Span) -> bool:
    """A comma next to the name (apposition) or a capitalised word before it (a title)."""
    before = text[max(0, mention.start - 2): mention.start]
    after = text[mention.end: mention.end + 1]
    previous_word = text[max(0, mention.start - 40): mention.start].split()[-1:] or [""]
    return "," in before or after == "," or previous_word[0][:1].isupper()


def _sentences_to_parse(article: Article, analysis: Analysis, mentions: Sequence[Span],
                        settings: CompareSettings) -> list[tuple[Span, list[Span]]]:
    """Sentences naming the actor, those with a descriptor cue first, at most
    ``framing_sentences_per_actor`` of them (the parse is the stage's largest cost)."""
    named = {m.span for m in analysis.mentions if m.label not in ("PRON", "NOMINAL")}
    per_sentence: dict[Span, list[Span]] = defaultdict(list)
    for mention in mentions:
        if mention not in named:
            continue
        sentence = next((s.span for s in analysis.sentences if s.span.contains(mention)), None)
        if sentence is not None:
            per_sentence[sentence].append(mention)
    ranked = sorted(per_sentence.items(), key=lambda item: (
        not any(_descriptor_cue(article.text, m) for m in item[1]), item[0].start))
    return ranked[: settings.framing_sentences_per_actor]


def build_framing(articles: Sequence[Article], analyses: Sequence[Analysis],
                  entities: Sequence[CrossEntity], *, settings: CompareSettings
                  ) -> tuple[Framing, ...]:
    actors = main_actors(entities, settings=settings)
    by_id = {a.id: (a, an) for a, an in zip(articles, analyses)}
    jobs: list[tuple[int, str, Span, list[Span]]] = []  # actor, article, sentence, mentions
    for actor in actors:
        for variant in actor.variants:
            article, analysis = by_id[variant.article_id]
            jobs.extend((actor.id, variant.article_id, sentence, mentions)
                        for sentence, mentions in _sentences_to_parse(article, analysis, variant.mentions,
                                                                      settings))
    docs = _parse([by_id[article_id][0].text[s.start:s.end] for _, article_id, s, _ in jobs])
    found: dict[tuple[int, str], list[Descriptor]] = defaultdict(list)
    for (actor_id, article_id, sentence, mentions), doc in zip(jobs, docs):
        article, analysis = by_id[article_id]
        for mention in mentions:
            piece = doc.char_span(mention.start - sentence.start, mention.end - sentence.start,
                                  alignment_mode="expand")
            if piece is None or len(piece) == 0:
                continue
            for kind, start, end in _phrase_descriptors(doc, piece):
                span = Span(sentence.start + start, sentence.start + end)
                found[(actor_id, article_id)].append(
                    Descriptor(kind, Evidence(article_id, span, span.of(article.text))))
        found[(actor_id, article_id)].extend(_loaded(article, analysis, sentence, settings))
        for hedge in analysis.hedges:
            if sentence.contains(hedge.span):
                found[(actor_id, article_id)].append(
                    Descriptor("hedge", Evidence(article_id, hedge.span, hedge.span.of(article.text))))
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
