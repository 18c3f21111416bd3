"""Names resolved across a story's articles.

Each article's analysis already resolves its own mentions into entities. Here those
per-article entities are merged into ``CrossEntity`` records when they name the same
person or organisation:

- the same name after anyascii and title stripping ("Russian President Vladimir Putin");
- short forms: a one-word name attaches to the only multi-word name ending in it
  ("Putin" -> "Vladimir Putin", "the Times" -> "The New York Times"); when two different
  people share that surname nothing is attached;
- transliterations ("Tsikhanouskaya" / "Tikhanovskaya"): rapidfuzz ratio at or above the
  variant threshold, and context: compatible first names when both are given, otherwise
  at least two co-occurring entities in common; a gendered surname ending on one side and
  the other gender on the other blocks the merge ("Tsikhanouski" is not "Tsikhanouskaya").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz

from crosscheck.compare.records import CrossEntity, EntityVariant
from crosscheck.records import Analysis, Article, Span
from crosscheck.settings import CompareSettings

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})
# Words that are roles, not names ("Russian President Vladimir Putin" -> "vladimir putin").
TITLE_WORDS = frozenset(
    "the a an mr mrs ms dr president prime minister sen senator rep gov governor gen general "
    "king queen prince pope chancellor secretary leader former opposition foreign deputy "
    "chief ambassador spokesman spokeswoman minister state".split()
)
# Gentile adjectives before a title ("Belarusian President ...") are roles too.
GENTILE_SUFFIXES = ("ian", "ese", "ish", "ean", "ic")
FEMININE_ENDINGS = ("skaya", "tskaya", "ska", "aya", "ova", "eva", "ina", "yna")
MASCULINE_ENDINGS = ("ski", "sky", "skiy", "skyi", "ov", "ev", "in", "iy", "yi")
# Context needed before merging two similar names when one lacks a first name.
MIN_SHARED_CONTEXT = 2


@dataclass(frozen=True)
class LocalEntity:
    """One article's entity with what the resolver needs to compare it."""

    article_id: str
    index: int
    name: str
    label: str
    tokens: tuple[str, ...]
    forms: tuple[str, ...]
    mentions: tuple[Span, ...]
    context: frozenset[str]  # surnames of entities in the same or adjacent sentences


def name_tokens(name: str) -> tuple[str, ...]:
    """Newspaper spelling, lower case, titles and possessives removed."""
    text = anyascii(name).lower()
    text = re.sub(r"['’]s\b", "", text).replace("'", "")
    words = [word for word in re.split(r"[^a-z0-9\-]+", text) if word]
    while len(words) > 1 and (words[0] in TITLE_WORDS or _is_gentile(words[0], words[1:])):
        words = words[1:]
    return tuple(words)


def _is_gentile(word: str, rest: Sequence[str]) -> bool:
    return word.endswith(GENTILE_SUFFIXES) and bool(rest) and rest[0] in TITLE_WORDS


def _gender(surname: str) -> str | None:
    if surname.endswith(FEMININE_ENDINGS):
        return "f"
    if surname.endswith(MASCULINE_ENDINGS):
        return "m"
    return None


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b)


def _skeleton(name: str) -> str:
    """Consonants with doubles collapsed: transliterations differ mostly in vowels
    (Youssef / Yusuf -> "sf")."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", name))


def first_names_compatible(a: str, b: str, *, settings: CompareSettings) -> bool:
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return _ratio(a, b) >= settings.first_name_ratio or (
        len(_skeleton(a)) >= 2 and _skeleton(a) == _skeleton(b))


def similar_names(a: LocalEntity, b: LocalEntity, *, settings: CompareSettings) -> bool:
    """Transliteration variants of one name, with the context the merge needs."""
    if not a.tokens or not b.tokens or a.label != b.label:
        return False
    surname_a, surname_b = a.tokens[-1], b.tokens[-1]
    if _ratio(surname_a, surname_b) < settings.name_variant_ratio:
        return False
    gender_a, gender_b = _gender(surname_a), _gender(surname_b)
    if gender_a and gender_b and gender_a != gender_b:
        return False
    if len(a.tokens) > 1 and len(b.tokens) > 1:
        return first_names_compatible(a.tokens[0], b.tokens[0], settings=settings)
    return len(a.context & b.context) >= MIN_SHARED_CONTEXT


def _sentence_finder(analysis: Analysis):  # type: ignore[no-untyped-def]
    starts = [sentence.span.start for sentence in analysis.sentences]

    def find(span: Span) -> int:
        return max(0, bisect.bisect_right(starts, span.start) - 1)

    return find


def local_entities(article: Article, analysis: Analysis) -> list[LocalEntity]:
    """The article's named entities with their forms, mentions and sentence context."""
    find = _sentence_finder(analysis)
    by_sentence: dict[int, set[int]] = defaultdict(set)
    kept = [ent for ent in analysis.entities if ent.label in NAME_LABELS]
    for ent in kept:
        for mention_index in ent.mentions:
            by_sentence[find(analysis.mentions[mention_index].span)].add(ent.index)
    surname = {ent.index: (name_tokens(ent.name) or ("",))[-1] for ent in kept}
    result = []
    for ent in kept:
        mentions = tuple(analysis.mentions[i] for i in ent.mentions)
        named = [m for m in mentions if m.label not in ("PRON", "NOMINAL")]
        sentences = {find(m.span) for m in mentions}
        near = {s + delta for s in sentences for delta in (-1, 0, 1)}
        context = {surname[other] for s in near for other in by_sentence.get(s, ())}
        context.discard(surname[ent.index])
        result.append(LocalEntity(
            article_id=article.id, index=ent.index, name=ent.name, label=ent.label,
            tokens=name_tokens(ent.name),
            forms=tuple(dict.fromkeys(m.text for m in named)) or (ent.name,),
            mentions=tuple(m.span for m in mentions), context=frozenset(context - {""}),
        ))
    return result


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _merge_full_names(items: list[LocalEntity], groups: _UnionFind, settings: CompareSettings) -> None:
    by_tokens: dict[tuple[str, ...], int] = {}
    for i, item in enumerate(items):
        if item.tokens in by_tokens:
            groups.union(i, by_tokens[item.tokens])
        else:
            by_tokens[item.tokens] = i
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if groups.find(i) != groups.find(j) and similar_names(a, items[j], settings=settings):
                groups.union(i, j)


def _attach_short_forms(items: list[LocalEntity], groups: _UnionFind, settings: CompareSettings) -> None:
    """One-word names join the one group of longer names that ends in the same word."""
    for i, short in enumerate(items):
        if len(short.tokens) != 1:
            continue
        candidates = {
            groups.find(j)
            for j, full in enumerate(items)
            if len(full.tokens) > 1 and _label_compatible(short, full)
            and _ends_like(short.tokens[0], full.tokens[-1], short, full, settings)
        }
        if len(candidates) == 1:
            groups.union(i, candidates.pop())


def _label_compatible(a: LocalEntity, b: LocalEntity) -> bool:
    return a.label == b.label or {a.label, b.label} <= {"ORG", "PERSON"}


def _ends_like(word: str, surname: str, a: LocalEntity, b: LocalEntity, settings: CompareSettings) -> bool:
    if word == surname:
        return True
    return similar_names(
        LocalEntity(a.article_id, a.index, a.name, b.label, (word,), a.forms, a.mentions, a.context),
        LocalEntity(b.article_id, b.index, b.name, b.label, (surname,), b.forms, b.mentions, b.context),
        settings=settings,
    )


def resolve_entities(
    articles: Sequence[Article], analyses: Sequence[Analysis], *, settings: CompareSettings
) -> tuple[tuple[CrossEntity, ...], dict[tuple[str, int], int]]:
    """Cross-article entities, and a map (article id, local entity index) -> CrossEntity id."""
    items = [item for article, analysis in zip(articles, analyses)
             for item in local_entities(article, analysis)]
    groups = _UnionFind(len(items))
    _merge_full_names(items, groups, settings)
    _attach_short_forms(items, groups, settings)
    members: dict[int, list[LocalEntity]] = defaultdict(list)
    for i, item in enumerate(items):
        members[groups.find(i)].append(item)
    ordered = sorted(members.values(), key=lambda group: -sum(len(m.mentions) for m in group))
    entities, index = [], {}
    for cross_id, group in enumerate(ordered):
        entities.append(_cross_entity(cross_id, group))
        for item in group:
            index[(item.article_id, item.index)] = cross_id
    return tuple(entities), index


def _cross_entity(cross_id: int, group: list[LocalEntity]) -> CrossEntity:
    weight: Counter[str] = Counter()
    for item in group:
        weight[item.name] += len(item.mentions) + 100 * (len(item.tokens) > 1)
    name = max(weight, key=lambda n: (weight[n], len(n)))
    labels = Counter(item.label for item in group)
    variants: dict[str, list[LocalEntity]] = defaultdict(list)
    for item in group:
        variants[item.article_id].append(item)
    return CrossEntity(
        id=cross_id, name=name, label=labels.most_common(1)[0][0],
        variants=tuple(_variant(article_id, items) for article_id, items in variants.items()),
        mention_count=sum(len(item.mentions) for item in group),
    )


def _variant(article_id: str, items: list[LocalEntity]) -> EntityVariant:
    fullest = max(items, key=lambda item: (len(item.tokens), len(item.mentions)))
    forms = tuple(dict.fromkeys(form for item in items for form in item.forms))
    mentions = tuple(sorted(span for item in items for span in item.mentions))
    return EntityVariant(article_id=article_id, name=fullest.name, forms=forms, mentions=mentions)


def same_source(a: str, b: str, *, settings: CompareSettings) -> bool:
    """Two upstream source names that name one source ("the Times" / "The New York Times")."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    shorter, longer = sorted((ta, tb), key=len)
    return len(shorter) < len(longer) and longer[-len(shorter):] == shorter
