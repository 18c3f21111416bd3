"""Claims aligned across a story's articles.

A claim unit is one body sentence (the headline is left out: it restates the lead). Units
of different articles are aligned by meaning (sentence vectors) plus what they assert
(shared entities add a bonus), greedily from the best pair down, so that a claim holds at
most one sentence per article. Each aligned group is then checked for disagreements
(numbers, negation, speaker, date; see ``assertions``) and given its status.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from crosscheck.compare.assertions import (
    ClaimUnit, _lemma, amount_of, find_conflict, sentence_polarity, the_one_day,
)
from crosscheck.compare.records import (
    AGREED, CONFLICT, PARTIAL, SINGLE, Claim, ClaimSupport, Conflict, ConflictVersion, Evidence,
)
from crosscheck.compare.details import single_details
from crosscheck.compare.figures import Figure, FigureConflict, days_apart
from crosscheck.compare.names import surname
from crosscheck.compare.similarity import EmbeddingCache, Vectors, sentence_vectors
from crosscheck.compare.sources import SourceNames, independent_sources
from crosscheck.records import Analysis, Article, Attribution, Quote
from crosscheck.settings import CompareSettings

MIN_CLAIM_WORDS = 4
# Conflicts over a detail of a statement the sentences otherwise agree on ("the raid took
# place on Thursday" / "on Friday"): the statement keeps its status and the detail becomes a
# claim of status conflict of its own, as a disputed figure does.
DETAIL_REASONS = frozenset({"date"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
# Two sentences giving the same figure of the same thing ("31 votes to 12" / "voted 31 to
# 12") assert the same fact more surely than a topical neighbour does ("Eleven of them voted
# for the motion", cosine 0.72 against 0.67-0.71 for the true pair on the examples' council
# vote). Set at half the shared-quote bonus: enough to prefer the pair that shares the
# figure over one within 0.1 of it, never enough alone (unrelated sentences sit near 0.1-0.5).
SHARED_FIGURE_BONUS = 0.1
# An article's sentences this close may together say what another outlet says in one.
NEIGHBOUR_SENTENCES = 2
# Sentences no claim took are paired this far under the bar (see _pair_lone_sentences).
# Measured on the dev dossier gold: at 0.65 ten of twelve such pairs were one fact (the two
# others quotations of different statements, which this pass leaves alone); on giveme-dev,
# 0.65 paired many sentences that were only about the same thing, 0.67 fewer of them.
LONE_SENTENCE_SLACK = 0.03
# The words of a dateline or update stamp: times, dates, weekdays and months, zones and
# the words that introduce them.
TIMESTAMP_SPLIT = re.compile(r"[\s,|·•–—-]+")
TIMESTAMP_WORD = re.compile(
    r"(?i)(?:\d{1,4}(?:[:/.]\d{1,4}){0,2}(?:am|pm|a\.m\.?|p\.m\.?|st|nd|rd|th)?|am|pm|"
    r"a\.m\.?|p\.m\.?|last|updated?|published|posted|modified|on|at|uk|gmt|bst|utc|"
    r"e[sd]t|p[sd]t|c[sd]t|cet|cest|et|pt|"
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|"
    r"sun(?:day)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)[.:]?")
QUOTE_OPENERS = ('"', "“", "‘", "'")
SENTENCE_END = ('.', '!', '?', '"', '”', '’', "'")
# A sentence of another claim that gives one side's day of a disputed date joins that side
# when it is this close to a sentence of the dispute: it tells of the same happening ("The
# navy on Thursday foiled an attack" beside "A warship foiled the attack on Thursday"), so a
# reader sees every outlet that gives each day, not only those whose sentences were aligned.
MORE_SIDES_SIMILARITY = 0.6


@dataclass(frozen=True)
class StoryContext:
    """What the claim stage needs to know about the story as a whole."""

    articles: Sequence[Article]
    analyses: Sequence[Analysis]
    entity_index: Mapping[tuple[str, int], int]  # (article id, local entity) -> cross id
    duplicates: Mapping[str, str]
    credits: Mapping[str, Mapping[int, tuple[Attribution, ...]]]  # article -> sentence -> credits
    source_names: SourceNames
    # (article id, sentence index) -> ids of quote groups matched across outlets it carries
    quote_sentences: Mapping[tuple[str, int], frozenset[int]] = field(default_factory=dict)
    # article id -> the first of its copy family (compare/families.py): for counting
    # independent sources; near-duplicates alone when not given
    families: Mapping[str, str] | None = None

    @property
    def source_families(self) -> Mapping[str, str]:
        return self.duplicates if self.families is None else self.families

    def original(self, article_id: str) -> str:
        return self.duplicates.get(article_id, article_id)


def claim_units(article: Article, analysis: Analysis, *,
                entity_index: Mapping[tuple[str, int], int], settings: CompareSettings,
                quote_sentences: Mapping[tuple[str, int], frozenset[int]] | None = None
                ) -> list[ClaimUnit]:
    text = article.text
    units = []
    for sentence in analysis.sentences:
        words = sentence.span.of(text).split()
        if len(words) < MIN_CLAIM_WORDS or _is_headline(article, sentence.span.of(text)) \
                or is_timestamp(sentence.span.of(text)):
            continue
        span = sentence.span
        entities = frozenset(
            entity_index[(article.id, m.entity)] for m in analysis.mentions
            if m.entity is not None and span.contains(m.span)
            and (article.id, m.entity) in entity_index
        )
        speakers = [entity_index[(article.id, q.speaker_entity)] for q in analysis.quotes
                    if q.sentence == sentence.index and q.speaker_entity is not None
                    and (article.id, q.speaker_entity) in entity_index
                    and _named_at_cue(q, text)]
        credited_as = tuple(dict.fromkeys(
            q.speaker for q in analysis.quotes
            if q.sentence == sentence.index and q.speaker and _named_at_cue(q, text)))
        names = frozenset(word.lower() for speaker in credited_as
                          for word in speaker.split() if word[:1].isupper())
        surnames = frozenset(surname(speaker) for speaker in credited_as) - {""}
        amounts = [amount_of(q, text=text, article_id=article.id, settings=settings)
                   for q in analysis.quantities if span.contains(q.span)]
        units.append(ClaimUnit(
            article_id=article.id, sentence=sentence.index,
            evidence=Evidence(article.id, span, span.of(text)),
            amounts=tuple(a for a in amounts if a is not None),
            dates=tuple(d for d in analysis.dates if span.contains(d.span)),
            entities=entities,
            speaker=speakers[0] if speakers else None, speakers=frozenset(speakers),
            negated=sentence_polarity(span.of(text)), speaker_names=names,
            speaker_surnames=surnames,
            quotes=(quote_sentences or {}).get((article.id, sentence.index), frozenset()),
            credited_as=credited_as,
        ))
    return units


def is_timestamp(sentence: str) -> bool:
    """A page's dateline or update stamp ("Last updated 13:26 14/09/2013", "11:39am UK,
    Monday 09 September 2013", "Updated 5:40 p.m. ET"): when it was posted, no claim."""
    words = TIMESTAMP_SPLIT.split(sentence.strip())
    words = [w for w in words if w]
    return bool(words) and sum(bool(TIMESTAMP_WORD.fullmatch(w)) for w in words) == len(words)


def _named_at_cue(quote: Quote, text: str) -> bool:
    """The sentence names its speaker ("Inspector Ambler said"), not a pronoun ("he said"):
    a pronoun's person is inferred, and an inferred person is no ground for a conflict."""
    if quote.speaker_span is None:
        return False
    return quote.speaker_span.of(text).strip().lower() not in PRONOUNS


def _is_headline(article: Article, sentence: str) -> bool:
    """The title line restates the lead; without a known title, an unpunctuated first line."""
    title = article.title.strip()
    if title:
        return sentence.strip() == title
    first_line = next((line.strip() for line in article.text.split("\n")
                       if len(line.split()) >= MIN_CLAIM_WORDS), "")
    return sentence.strip() == first_line and not first_line.endswith(SENTENCE_END)


def _scores(units: Sequence[ClaimUnit], vectors: Vectors, settings: CompareSettings) -> np.ndarray:
    """Cosine plus what the sentences assert: shared entities and the day they give."""
    scores = vectors.matrix @ vectors.matrix.T
    days = [{d.resolved for d in u.dates if d.resolved and len(d.resolved) == 10} for u in units]
    # Unresolved phrases ("on Monday" without a publication date) agree when they are equal.
    phrases = [{d.resolved or " ".join(d.phrase.lower().split()) for d in u.dates} for u in units]
    for i, a in enumerate(units):
        for j in range(i + 1, len(units)):
            b = units[j]
            bonus = 0.0
            if a.entities and b.entities:
                jaccard = len(a.entities & b.entities) / len(a.entities | b.entities)
                if jaccard < 0.5 or len(a.entities & b.entities) >= 2:  # one name is no evidence
                    bonus += settings.entity_jaccard_weight * (jaccard - 0.5)
            if phrases[i] & phrases[j]:
                bonus += settings.date_agree_bonus
            elif days[i] and days[j]:
                bonus -= settings.date_disagree_penalty
            if a.quotes & b.quotes:
                bonus += settings.shared_quote_bonus
            elif a.credited & b.credited:
                bonus += settings.shared_speaker_bonus
            if _share_a_figure(a, b):
                bonus += SHARED_FIGURE_BONUS
            scores[i, j] += bonus
            scores[j, i] += bonus
    return scores


def _share_a_figure(a: ClaimUnit, b: ClaimUnit) -> bool:
    """The same value of the same counted thing on both sides."""
    return any(x.value is not None and x.value == y.value and x.counted and y.counted
               and _lemma(x.counted) == _lemma(y.counted)
               for x in a.amounts for y in b.amounts)


def _may_align(a: ClaimUnit, b: ClaimUnit, cosine: float, settings: CompareSettings) -> bool:
    """Opposite polarity aligns only for near-identical sentences (then it is a conflict)."""
    if a.negated is None or b.negated is None:
        return True
    return a.negated == b.negated or cosine >= settings.negation_min_similarity


def align_units(units: Sequence[ClaimUnit], *, context: StoryContext,
                settings: CompareSettings, use_embeddings: bool = True,
                cache: EmbeddingCache | None = None) -> tuple[list[list[int]], np.ndarray]:
    """Groups of unit indices: one unit per article, or two neighbouring ones (see
    ``_attach_neighbours``)."""
    if not units:
        return [], np.zeros((0, 0))
    vectors = sentence_vectors([u.text for u in units], use_embeddings=use_embeddings,
                               cache=cache)
    cosine = vectors.matrix @ vectors.matrix.T
    scores = _scores(units, vectors, settings)
    threshold = vectors.threshold(settings)
    lone_threshold = threshold - LONE_SENTENCE_SLACK if vectors.kind == "embedding" else threshold
    candidates = [
        (scores[i, j], i, j)
        for i in range(len(units)) for j in range(i + 1, len(units))
        if units[i].article_id != units[j].article_id
        and scores[i, j] >= lone_threshold
        and _may_align(units[i], units[j], float(cosine[i, j]), settings)
    ]
    pairs = [pair for pair in candidates if pair[0] >= threshold]
    group_of = list(range(len(units)))
    members = {i: [i] for i in range(len(units))}
    for _, i, j in sorted(pairs, reverse=True):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        # one sentence per article; a near-duplicate joins its original's claim
        if {units[k].article_id for k in members[gi]} & {units[k].article_id for k in members[gj]}:
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi].extend(members.pop(gj))
    _attach_neighbours(members, group_of, units, pairs)
    _pair_lone_sentences(members, group_of, units, candidates, threshold)
    return [sorted(group) for group in members.values()], cosine


def _pair_lone_sentences(members: dict[int, list[int]], group_of: list[int],
                         units: Sequence[ClaimUnit], candidates: Sequence[tuple[float, int, int]],
                         threshold: float) -> None:
    """Two sentences of different articles that nothing else matched, just under the bar:
    paired, best first. A sentence already in a claim was matched to something better; two
    left alone that say nearly the same are one fact told in two wordings ("the mayor has
    threatened to close the bridge within weeks" / "the mayor has said she may shut the bridge
    as soon as June"), which the bar, set against sentences of one story about different facts,
    keeps apart."""
    for score, i, j in sorted(candidates, reverse=True):
        if not threshold - LONE_SENTENCE_SLACK <= score < threshold \
                or len(members.get(group_of[i], ())) != 1 \
                or len(members.get(group_of[j], ())) != 1:
            continue
        if any(_opens_a_quote(units[k]) or units[k].text.rstrip().endswith("?") for k in (i, j)):
            continue  # someone's own words are statements of their own; a question asserts nothing
        members.pop(group_of[j])
        group_of[j] = group_of[i]
        members[group_of[i]].append(j)


def _opens_a_quote(unit: ClaimUnit) -> bool:
    return unit.text.lstrip().startswith(QUOTE_OPENERS)


def _neighbours(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Sentences at most NEIGHBOUR_SENTENCES apart (news sites often make each sentence a
    paragraph of its own, so the paragraph is no limit)."""
    return abs(a.sentence - b.sentence) <= NEIGHBOUR_SENTENCES


def _attach_neighbours(members: dict[int, list[int]], group_of: list[int],
                       units: Sequence[ClaimUnit], pairs: Sequence[tuple[float, int, int]]
                       ) -> None:
    """A sentence left alone that matches a claim's sentence of another article, and sits
    next to its own article's member of that claim, joins it: one
    outlet says in one sentence what another says in two ("X said Ukraine 'doesn't pose a
    threat ... I urge the military: ...'" / "X dismissed the claims ..." then "'I urge the
    military ...,' she tweeted")."""
    for _, i, j in sorted(pairs, reverse=True):
        for alone, matched in ((i, j), (j, i)):
            if len(members.get(group_of[alone], ())) != 1:
                continue
            group = group_of[matched]
            own = [k for k in members[group] if units[k].article_id == units[alone].article_id]
            if len(own) == 1 and _neighbours(units[own[0]], units[alone]):
                members.pop(group_of[alone])
                group_of[alone] = group
                members[group].append(alone)


def _conflict(group: Sequence[int], units: Sequence[ClaimUnit], scores: np.ndarray,
              settings: CompareSettings) -> tuple[Conflict, list[list[int]]] | None:
    """The first kind of disagreement found, with the spans of every side that takes part
    in one of that kind, and those sides grouped into versions: a unit joins the first
    version none of whose members it disagrees with (the outlets giving 12, then the one
    giving 8)."""
    found: dict[tuple[int, int], Conflict] = {}
    for position, i in enumerate(group):
        for j in group[position + 1:]:
            conflict = find_conflict(units[i], units[j], similarity=float(scores[i, j]),
                                     settings=settings)
            if conflict and (not found or conflict.reason == next(iter(found.values())).reason):
                found[(i, j)] = conflict
    if not found:
        return None
    side_of: dict[int, Evidence] = {}
    for (i, j), conflict in found.items():
        side_of.setdefault(i, conflict.sides[0])
        side_of.setdefault(j, conflict.sides[1])
    versions: list[list[int]] = []
    for i in (k for k in group if k in side_of):
        version = next((v for v in versions
                        if not any((k, i) in found or (i, k) in found for k in v)), None)
        if version is None:
            versions.append([i])
        else:
            version.append(i)
    first = next(iter(found.values()))
    sides = tuple(side_of[i] for version in versions for i in version)
    return Conflict(first.reason, first.detail, sides), versions


def _more_day_sides(conflict: Conflict, versions: list[list[int]], group: Sequence[int],
                    units: Sequence[ClaimUnit], scores: np.ndarray
                    ) -> tuple[Conflict, list[list[int]]]:
    """The disputed date's versions with the sentences, from articles not yet in the
    dispute, that give one version's day of the same happening: the claim's own sentences
    that name a second, vaguer date too ("on Thursday ... the fifth since September"), then
    those of other claims close to it."""
    side_of = dict(zip((i for v in versions for i in v), conflict.sides))
    day_of = [the_one_day(units[v[0]]) for v in versions]
    taken = {units[i].article_id for i in side_of}
    members = set(group)
    for k in sorted(range(len(units)), key=lambda k: k not in members):
        unit = units[k]
        if unit.article_id in taken:
            continue
        day = the_one_day(unit)
        if day is None or (k not in members and max(float(scores[k, i]) for i in group)
                           < MORE_SIDES_SIMILARITY):
            continue
        matching = [n for n, own in enumerate(day_of) if own and own.resolved == day.resolved]
        if len(matching) == 1:
            versions[matching[0]].append(k)
            side_of[k] = Evidence(unit.article_id, day.span, day.phrase)
            taken.add(unit.article_id)
    sides = tuple(side_of[i] for v in versions for i in v)
    return replace(conflict, sides=sides), versions


def _versions(versions: list[list[int]], sides: Sequence[Evidence], units: Sequence[ClaimUnit],
              context: StoryContext) -> tuple[ConflictVersion, ...]:
    """Each version with its spans, its articles and the independent sources behind it."""
    outlet_of = {a.id: a.outlet or a.id for a in context.articles}
    result, position = [], 0
    for version in versions:
        own = sides[position: position + len(version)]
        position += len(version)
        support = [_support(units[i], context) for i in version]
        result.append(ConflictVersion(
            text=own[0].text, sides=tuple(own),
            articles=tuple(dict.fromkeys(s.article_id for s in support)),
            independent_sources=independent_sources(
                {s.article_id: s.sources for s in support},
                duplicates=context.source_families, outlet_of=outlet_of),
        ))
    return tuple(result)


def _status(articles: set[str], total: int, conflict: Conflict | None) -> str:
    if conflict:
        return CONFLICT
    if len(articles) == 1:
        return SINGLE
    return AGREED if len(articles) >= total else PARTIAL


def _support(unit: ClaimUnit, context: StoryContext) -> ClaimSupport:
    article = next(a for a in context.articles if a.id == unit.article_id)
    credits = context.credits.get(unit.article_id, {}).get(unit.sentence, ())
    return ClaimSupport(
        article_id=unit.article_id, sentence=unit.sentence, evidence=unit.evidence,
        sources=tuple(dict.fromkeys(context.source_names(c.source) for c in credits)),
        source_spans=tuple(Evidence(unit.article_id, c.source_span, c.source_span.of(article.text))
                           for c in credits),
    )


def build_claims(context: StoryContext, *, settings: CompareSettings,
                 use_embeddings: bool = True, cache: EmbeddingCache | None = None,
                 disputes: Sequence[FigureConflict] = ()) -> tuple[Claim, ...]:
    """Aligned claims, then one claim of status conflict per disputed figure."""
    units = [unit for article, analysis in zip(context.articles, context.analyses)
             for unit in claim_units(article, analysis, entity_index=context.entity_index,
                                     settings=settings, quote_sentences=context.quote_sentences)]
    groups, scores = align_units(units, context=context, settings=settings,
                                 use_embeddings=use_embeddings, cache=cache)
    total = len({context.original(a.id) for a in context.articles})
    order = {a.id: n for n, a in enumerate(context.articles)}
    groups.sort(key=lambda g: (order[units[g[0]].article_id], units[g[0]].sentence))
    claims: list[Claim] = []
    details: list[tuple[Conflict, list[int]]] = []
    for claim_id, group in enumerate(groups):
        group = sorted(group, key=lambda i: order[units[i].article_id])
        support = tuple(_support(units[i], context) for i in group)
        conflict = None
        disagreement = _conflict(group, units, scores, settings)
        if disagreement is not None:
            conflict, versions = disagreement
            aligned_days_apart = _reports_days_apart(conflict, context)  # the aligned sides decide
            if conflict.reason == "date":
                conflict, versions = _more_day_sides(conflict, versions, group, units, scores)
            conflict = replace(conflict, versions=_versions(versions, conflict.sides, units,
                                                            context))
            if conflict.reason in DETAIL_REASONS:  # the statement stands; a detail is disputed
                if not aligned_days_apart:
                    details.append((conflict, [i for v in versions for i in v]))
                conflict = None
        articles = {context.original(s.article_id) for s in support}
        claims.append(_claim(claim_id, support, context, conflict=conflict,
                             status=_status(articles, total, conflict),
                             entities=set().union(*(units[i].entities for i in group))))
    # A disputed figure is a claim of its own: the happening its sentences report can be
    # agreed ("an earthquake struck") while its magnitude is not.
    for conflict, members in details:
        support = tuple(_support(units[i], context) for i in members)
        claims.append(_claim(len(claims), support, context, conflict=conflict, status=CONFLICT,
                             entities=set().union(*(units[i].entities for i in members))))
    unit_of = {(u.article_id, u.sentence): u for u in units}
    for dispute in disputes:
        claims.append(_dispute_claim(len(claims), dispute, context, unit_of))
    # What one outlet alone adds inside a sentence others share is single-source too.
    for shared, supports, entities in single_details(claims, context):
        claims.append(replace(_claim(len(claims), supports, context, conflict=None,
                                     status=SINGLE, entities=set(entities)),
                              detail_of=shared))
    return tuple(claims)


def _claim(claim_id: int, support: tuple[ClaimSupport, ...], context: StoryContext, *,
           conflict: Conflict | None, status: str, entities: set[int]) -> Claim:
    outlet_of = {a.id: a.outlet or a.id for a in context.articles}
    return Claim(
        id=claim_id, text=support[0].evidence.text, status=status, support=support,
        sources=tuple(dict.fromkeys(name for s in support for name in s.sources)),
        independent_sources=independent_sources(
            {s.article_id: s.sources for s in support},
            duplicates=context.source_families, outlet_of=outlet_of),
        entities=tuple(sorted(entities)), conflict=conflict,
    )


def _reports_days_apart(conflict: Conflict, context: StoryContext) -> bool:
    """Sides published days apart tell of two moments (an announcement, then a follow-up a
    month later): their days are no conflict."""
    published = {a.id: a.published for a in context.articles}
    days = [published.get(side.article_id) for side in conflict.sides]
    return any(days_apart(x, y) for x in days for y in days)


def _dispute_conflict(dispute: FigureConflict, context: StoryContext) -> Conflict:
    outlet_of = {a.id: a.outlet or a.id for a in context.articles}
    credits = context.credits
    versions = []
    for version in dispute.versions:
        articles = tuple(dict.fromkeys(f.article_id for f in version))
        sources = {f.article_id: tuple(context.source_names(c.source) for c in
                                       credits.get(f.article_id, {}).get(f.sentence, ()))
                   for f in version}
        versions.append(ConflictVersion(
            text=version[0].evidence.text, sides=tuple(f.evidence for f in version),
            articles=articles, independent_sources=independent_sources(
                sources, duplicates=context.source_families, outlet_of=outlet_of)))
    return replace(dispute.conflict(), versions=tuple(versions))


def _dispute_claim(claim_id: int, dispute: FigureConflict, context: StoryContext,
                   unit_of: Mapping[tuple[str, int], ClaimUnit]) -> Claim:
    """A claim of status conflict over a figure disputed across the story: one support per
    sentence that gives a version."""
    figures = [f for version in dispute.versions for f in version]
    support = tuple(_support(unit_of[key], context) if key in unit_of
                    else _figure_support(figure, context)
                    for key, figure in {(f.article_id, f.sentence): f for f in figures}.items())
    entities: set[int] = set()
    for item in support:
        unit = unit_of.get((item.article_id, item.sentence))
        entities |= set(unit.entities) if unit else set()
    return _claim(claim_id, support, context, conflict=_dispute_conflict(dispute, context),
                  status=CONFLICT, entities=entities)


def _figure_support(figure: Figure, context: StoryContext) -> ClaimSupport:
    """Support for a figure outside any claim unit (a headline, a short line)."""
    article = next(a for a in context.articles if a.id == figure.article_id)
    analysis = next(an for an in context.analyses if an.article_id == figure.article_id)
    sentence = next((s for s in analysis.sentences if s.index == figure.sentence), None)
    span = sentence.span if sentence is not None else figure.evidence.span
    return ClaimSupport(article_id=article.id, sentence=figure.sentence,
                        evidence=Evidence(article.id, span, span.of(article.text)))
