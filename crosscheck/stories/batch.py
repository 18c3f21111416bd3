"""Order-free batch clustering: a corpus ingested at once is grouped as a whole.

The incremental path (index.py) decides each article against the stories made before it,
so the same corpus in another order gives other stories (on ECB+ one order's F1 differs from
another's by 0.01-0.03). A batch is instead clustered in three steps, none of which depends
on the order of its articles:

1. features: every article's terms are counted before any is weighed, so all share one set
   of document frequencies (``batch_features``);
2. pairs: each article is compared with the ``batch_candidates`` articles sharing most of
   its salient terms (blocking, so the cost stays near-linear), by the article-pair model
   (``PairModel(batch=True)``): the similarities a story's one-article members are scored by;
3. groups: agglomeration over those probabilities, a pair never scored counting 0, while
   the best link between two groups reaches the threshold (``agglomerate``).

Ties are broken by article id, so the partition is a function of the set of articles alone.
The model, linkage and threshold were chosen by 5-fold CV on ECB+ topics 1-25 (settings.py).
Two refinements are available and off by default (CV did not choose them): a learned
decision on each proposed merge from group-level evidence (``LearnedMerge``) and a second
pair stage with neighbourhood evidence (``neighbour_pairs``); a split pass over the groups
(split.py) is off by default too.

``assign_batch`` puts a batch into a live index (``cluster()``, and ingest through the
stored index): each group joins an existing story or starts one, decided against the index
as it was before the batch, so story ids stay stable and later single arrivals go on
through the incremental path.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from crosscheck.records import Analysis, Article
from crosscheck.settings import StorySettings
from crosscheck.stories.centroid import StoryState, parse_day, similarity_matrix
from crosscheck.stories.features import (
    FIELDS,
    ArticleFeatures,
    Ingredients,
    TermStats,
    count_terms,
    ingredients,
    weigh_terms,
)
from crosscheck.stories.index import PairModel, StoryIndex
from crosscheck.stories.split import split_groups


@dataclass(frozen=True)
class Pairs:
    """Scored pairs of articles (positions in a batch, first < second)."""

    first: np.ndarray
    second: np.ndarray
    probability: np.ndarray


def batch_features(
    parts: Sequence[Ingredients], stats: TermStats, *, settings: StorySettings
) -> list[ArticleFeatures]:
    """Features of a batch weighed with the statistics after all of it is counted."""
    stats.load(term for item in parts for name in FIELDS for term in item.counts(name))
    counted = [count_terms(item, stats) for item in parts]
    keep = dict(settings.article_terms)
    return [
        weigh_terms(item, terms, stats, keep=keep, key_terms=settings.key_terms)
        for item, terms in zip(parts, counted)
    ]


def single_states(
    features: Sequence[ArticleFeatures], settings: StorySettings
) -> list[StoryState]:
    """Each article as a one-article story: what ``similarity_matrix`` compares it with."""
    caps = dict(settings.centroid_terms)
    states = []
    for slot, item in enumerate(features):
        state = StoryState(item.article_id, slot, item.title)
        state.add(item, caps=caps)
        states.append(state)
    return states


def candidate_pairs(
    features: Sequence[ArticleFeatures], *, limit: int, posting_cap: int
) -> list[tuple[int, int]]:
    """Pairs (i < j) where one is among the other's ``limit`` articles sharing most key terms
    (ties by position). A key held by more than ``posting_cap`` articles is too common in
    the batch to block on and is skipped, so no posting grows with the batch."""
    postings: dict[int, list[int]] = {}
    for position, item in enumerate(features):
        for key in item.keys:
            postings.setdefault(key, []).append(position)
    pairs: set[tuple[int, int]] = set()
    for position, item in enumerate(features):
        hits: Counter[int] = Counter()
        for key in item.keys:
            posting = postings[key]
            if len(posting) <= posting_cap:
                hits.update(posting)
        hits.pop(position, None)
        nearest = sorted(hits, key=lambda other: (-hits[other], other))[:limit]
        pairs.update((min(position, other), max(position, other)) for other in nearest)
    return sorted(pairs)


def pair_matrix(
    features: Sequence[ArticleFeatures], states: Sequence[StoryState],
    pairs: Sequence[tuple[int, int]], names: tuple[str, ...],
) -> tuple[np.ndarray, np.ndarray]:
    """Similarity rows of the pairs (columns ``names``) and the days between each pair."""
    rows = np.zeros((len(pairs), len(names)))
    days = np.zeros(len(pairs))
    by_first: dict[int, list[int]] = {}
    for row, (first, _) in enumerate(pairs):
        by_first.setdefault(first, []).append(row)
    for first, row_ids in by_first.items():
        others = [states[pairs[row][1]] for row in row_ids]
        rows[row_ids] = similarity_matrix(features[first], others, names)
        day = parse_day(features[first].published)
        days[row_ids] = [other.days_apart(day) for other in others]
    return rows, days


def score_pairs(
    features: Sequence[ArticleFeatures], model: PairModel, settings: StorySettings
) -> Pairs:
    """The blocked pairs of a batch with the pair model's probabilities."""
    pairs = candidate_pairs(
        features, limit=settings.batch_candidates, posting_cap=settings.posting_cap
    )
    if not pairs:
        empty = np.empty(0, np.int64)
        return Pairs(empty, empty, np.empty(0))
    rows, days = pair_matrix(features, single_states(features, settings), pairs, model.names)
    probability = model.probabilities(rows, days)
    kept = probability >= settings.batch_min_probability
    ends = np.array(pairs, np.int64)[kept]
    scored = Pairs(ends[:, 0], ends[:, 1], probability[kept])
    if settings.batch_neighbour_weights:
        return neighbour_pairs(len(features), scored, settings)
    return scored


def neighbour_lists(count: int, pairs: Pairs) -> list[dict[int, float]]:
    """Each position's scored pairs: the other position and the pair's probability."""
    neighbours: list[dict[int, float]] = [{} for _ in range(count)]
    for first, second, p in zip(pairs.first.tolist(), pairs.second.tolist(),
                                pairs.probability.tolist()):
        neighbours[first][second] = neighbours[second][first] = p
    return neighbours


def neighbourhoods(count: int, pairs: Pairs) -> np.ndarray:
    """Per pair, the cosine between its two articles' rows of pair probabilities (each row
    holding 1 for the article itself): how alike the two neighbourhoods are. A pair's cost
    is the shorter row's length, bounded by the candidates each article has."""
    rows = neighbour_lists(count, pairs)
    for position, row in enumerate(rows):
        row[position] = 1.0
    norms = [float(np.sqrt(sum(p * p for p in row.values()))) for row in rows]
    cosines = np.empty(len(pairs.probability))
    for number, (first, second) in enumerate(zip(pairs.first.tolist(), pairs.second.tolist())):
        short, long = sorted((rows[first], rows[second]), key=len)
        dot = sum(p * long.get(other, 0.0) for other, p in short.items())
        cosines[number] = dot / (norms[first] * norms[second])
    return cosines


def neighbour_pairs(count: int, pairs: Pairs, settings: StorySettings) -> Pairs:
    """The pairs rescored by a second stage (``batch_neighbour_weights``): a logistic model
    over the first stage's logit and the neighbourhood cosine (``neighbourhoods``)."""
    weights = dict(settings.batch_neighbour_weights)
    p = np.clip(pairs.probability, 1e-6, 1 - 1e-6)
    logit = (settings.batch_neighbour_bias + weights["logit"] * np.log(p / (1 - p))
             + weights["neighbours"] * neighbourhoods(count, pairs))
    return Pairs(pairs.first, pairs.second, 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50))))


def agglomerate(
    count: int, pairs: Pairs, threshold: float, *, linkage: str, rule: MergeRule | None = None,
) -> list[int]:
    """Agglomeration over a sparse graph: the two groups with the highest link merge while it
    reaches ``threshold``; returns a group number per position. Links between groups:
    "average", the mean probability over all their pairs (unscored pairs count 0);
    "weighted", the mean of the links of the two parts that merged (WPGMA), which weighs a
    group's history rather than its size. Either way a merged group's link with a third is a
    mean of its parts' links, never above the better one: only links already at the
    threshold need to be in the heap; the others are kept to be combined. With a ``rule``,
    each proposed merge (best link first) is made only when the rule accepts it; a refused
    pair stays apart unless one side changes and the pair is proposed again."""
    links: dict[int, dict[int, float]] = {group: {} for group in range(count)}
    for first, second, p in zip(pairs.first.tolist(), pairs.second.tolist(),
                                pairs.probability.tolist()):
        links[first][second] = links[second][first] = p
    size = dict.fromkeys(range(count), 1)
    heap = [(-p, first, second) for first, neighbours in links.items()
            for second, p in neighbours.items() if first < second and p >= threshold]
    heapq.heapify(heap)  # ties: lower group numbers first, numbers given in article-id order
    parent = list(range(count))
    while heap:
        negative, first, second = heapq.heappop(heap)
        if first not in size or second not in size:
            continue  # one side has merged since: a stale entry
        merged = len(parent)  # a new group number: entries naming its parts go stale
        if rule is not None and not rule.accept(first, second, -negative):
            continue
        if rule is not None:
            rule.merged(first, second, merged)
        parent.append(merged)
        parent[first] = parent[second] = merged
        joined = _joined(links, size, first, second, linkage=linkage)
        size[merged] = size.pop(first) + size.pop(second)
        for other, value in joined.items():
            neighbours = links[other]
            neighbours.pop(first, None)
            neighbours.pop(second, None)
            neighbours[merged] = value
            link = value / (size[merged] * size[other]) if linkage == "average" else value
            if link >= threshold:
                heapq.heappush(heap, (-link, other, merged))
        links[merged] = joined
    return [_root(parent, position) for position in range(count)]


def _joined(
    links: dict[int, dict[int, float]], size: dict[int, int], first: int, second: int, *,
    linkage: str,
) -> dict[int, float]:
    """The merged group's values with each neighbour: for "average" the sums of pair
    probabilities (a group's dict holds sums), for "weighted" the mean of the parts' links."""
    mine, theirs = links.pop(first), links.pop(second)
    mine.pop(second, None)
    theirs.pop(first, None)
    if linkage == "average":
        return {other: mine.get(other, 0.0) + theirs.get(other, 0.0)
                for other in mine.keys() | theirs.keys()}
    if linkage == "weighted":
        return {other: (mine.get(other, 0.0) + theirs.get(other, 0.0)) / 2
                for other in mine.keys() | theirs.keys()}
    raise ValueError(f"unknown linkage {linkage!r}")


def _root(parent: list[int], position: int) -> int:
    while parent[position] != position:
        position = parent[position]
    return position


# The evidence a learned merge decision weighs about two groups (``GroupEvidence.row``).
MERGE_FEATURES = (
    "link", "mean", "max", "min", "above_half", "scored", "small", "large", "year_same",
    "year_other", "person", "where",
)


class MergeRule(Protocol):
    """Decides the merges ``agglomerate`` proposes (groups numbered as it numbers them)."""

    def accept(self, first: int, second: int, link: float) -> bool: ...

    def merged(self, first: int, second: int, merged: int) -> None: ...


class GroupEvidence:
    """Group-level evidence for a proposed merge of two groups: their link; the mean, max and
    min pair probability across them (mean over all cross pairs, unscored ones counting 0;
    max and min over scored ones); the shares of cross pairs scored and at 0.5 or above; the
    two sizes (log); the shares of dated cross pairs whose latest years agree and differ; the
    overlap (Jaccard) of the groups' person and place terms. Cross pairs are found from the
    smaller group's scored neighbours, so a merge costs its smaller side times the bounded
    number of candidates; a merged group keeps the larger side's sets, the smaller added."""

    def __init__(self, features: Sequence[ArticleFeatures], pairs: Pairs) -> None:
        self.neighbours = neighbour_lists(len(features), pairs)
        self.group = list(range(len(features)))  # each position's current group
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(features))}
        self.years: dict[int, Counter[int]] = {
            i: Counter([item.latest_year] if item.latest_year is not None else [])
            for i, item in enumerate(features)
        }
        self.terms: dict[int, tuple[set[int], set[int]]] = {
            i: (set(item.vectors["person"].ids.tolist()), set(item.vectors["where"].ids.tolist()))
            for i, item in enumerate(features)
        }

    def row(self, first: int, second: int, link: float) -> np.ndarray:
        """The values of ``MERGE_FEATURES`` for merging groups ``first`` and ``second``."""
        small, large = sorted((first, second), key=lambda g: (len(self.members[g]), g))
        count = len(self.members[small]) * len(self.members[large])
        scored, total, top, low, high = 0, 0.0, 0.0, 1.0, 0
        for position in self.members[small]:
            for other, p in self.neighbours[position].items():
                if self.group[other] == large:
                    scored += 1
                    total += p
                    top, low = max(top, p), min(low, p)
                    high += p >= 0.5
        years_small, years_large = self.years[small], self.years[large]
        dated = sum(years_small.values()) * sum(years_large.values())
        same = sum(n * years_large.get(year, 0) for year, n in years_small.items())
        return np.array([
            link, total / count, top, low if scored else 0.0, high / count, scored / count,
            np.log(len(self.members[small])), np.log(len(self.members[large])),
            same / dated if dated else 0.0, 1 - same / dated if dated else 0.0,
            _jaccard(self.terms[small][0], self.terms[large][0]),
            _jaccard(self.terms[small][1], self.terms[large][1]),
        ])

    def merged(self, first: int, second: int, merged: int) -> None:
        small, large = sorted((first, second), key=lambda g: (len(self.members[g]), g))
        members = self.members.pop(large)
        members.extend(self.members.pop(small))
        self.members[merged] = members
        for position in members:
            self.group[position] = merged
        years = self.years.pop(large)
        years.update(self.years.pop(small))
        self.years[merged] = years
        persons, places = self.terms.pop(large)
        more_persons, more_places = self.terms.pop(small)
        persons |= more_persons
        places |= more_places
        self.terms[merged] = (persons, places)


class LearnedMerge(GroupEvidence):
    """Merge two groups when a logistic model over their ``GroupEvidence`` gives at least
    ``batch_merge_threshold`` (weights ``batch_merge_weights``, see StorySettings)."""

    def __init__(
        self, features: Sequence[ArticleFeatures], pairs: Pairs, settings: StorySettings
    ) -> None:
        super().__init__(features, pairs)
        weights = dict(settings.batch_merge_weights)
        self.weights = np.array([weights.get(name, 0.0) for name in MERGE_FEATURES])
        self.bias = settings.batch_merge_bias
        self.threshold = settings.batch_merge_threshold

    def accept(self, first: int, second: int, link: float) -> bool:
        logit = self.bias + float(self.row(first, second, link) @ self.weights)
        return 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50))) >= self.threshold


def merge_rule(
    features: Sequence[ArticleFeatures], pairs: Pairs, settings: StorySettings
) -> MergeRule | None:
    """The learned merge decision when the settings hold one (else merges go by link)."""
    return LearnedMerge(features, pairs, settings) if settings.batch_merge_weights else None


def _jaccard(mine: set[int], theirs: set[int]) -> float:
    if not mine or not theirs:
        return 0.0
    small, large = sorted((mine, theirs), key=len)
    shared = sum(term in large for term in small)
    return shared / (len(mine) + len(theirs) - shared)


def uses_embeddings(settings: StorySettings, available: bool) -> bool:
    """Whether the batch pair model takes the embedding cosine (see StorySettings)."""
    return available and settings.batch_embeddings


def cluster_batch(
    parts: Sequence[Ingredients], *, settings: StorySettings, use_embeddings: bool,
    stats: TermStats | None = None,
) -> tuple[list[list[int]], list[ArticleFeatures]]:
    """Group a batch: lists of positions in ``parts``, each in the batch's order and the lists
    ordered by their first position, and the articles' features (in ``parts``' order,
    weighed with ``stats`` after the whole batch is counted in). The partition does not
    depend on the order of ``parts``: the work is done in the order of article ids."""
    order = sorted(range(len(parts)), key=lambda i: parts[i].article_id)
    ranked = batch_features([parts[i] for i in order], stats or TermStats(), settings=settings)
    model = PairModel(
        settings, with_embeddings=uses_embeddings(settings, use_embeddings), batch=True
    )
    pairs = score_pairs(ranked, model, settings)
    labels = agglomerate(len(order), pairs, model.threshold, linkage=settings.batch_linkage,
                         rule=merge_rule(ranked, pairs, settings))
    if settings.batch_split_weights:
        labels = split_groups(ranked, neighbour_lists(len(order), pairs), labels, settings)
    groups: dict[int, list[int]] = {}
    features: list[ArticleFeatures | None] = [None] * len(parts)
    for rank, label in enumerate(labels):
        groups.setdefault(label, []).append(order[rank])
        features[order[rank]] = ranked[rank]
    ordered = sorted((sorted(group) for group in groups.values()), key=lambda group: group[0])
    return ordered, features  # type: ignore[return-value]


def assign_batch(
    index: StoryIndex, articles: Sequence[Article], analyses: Mapping[str, Analysis],
    embeddings: Mapping[str, np.ndarray],
) -> list[str]:
    """Put a batch of articles into an index's stories; return each article's story id.

    Near-duplicates are found in the batch's order, as by ``StoryIndex.assign``, and join
    their original's story. The other new articles are clustered as a batch; each group then
    joins the story already in the index that its members score best on average (the
    index's own model, a member counting 0 for a story it does not retrieve) when that mean
    reaches the join threshold, else it starts a story whose id is its first article's.
    Every group is decided against the index as it was before the batch, so the outcome does
    not depend on the order of the groups; a batch of one is ``StoryIndex.assign``.
    """
    fresh, copies = split_copies(index, articles)
    assign_parts(index, [
        ingredients(article, analyses.get(article.id), embedding=embeddings.get(article.id))
        for article in fresh
    ])
    for article, original in copies:
        index.add_duplicate(article.id, article.published, original)
    return [index.story_id(article.id) or "" for article in articles]


def split_copies(
    index: StoryIndex, articles: Sequence[Article]
) -> tuple[list[Article], list[tuple[Article, str]]]:
    """The batch's new independent articles, and its near-duplicates with their originals
    (matched in the batch's order, as the incremental path does; each is then indexed)."""
    fresh, copies, seen = [], [], set()
    for article in articles:
        if article.id in index.story_of_article or article.id in seen:
            continue
        seen.add(article.id)
        original = index.duplicates.match(article) if index.duplicates else None
        if original is None:
            fresh.append(article)
        else:
            copies.append((article, original))
    return fresh, copies


def assign_parts(index: StoryIndex, parts: Sequence[Ingredients]) -> None:
    """Cluster new articles in chunks of at most ``batch_chunk`` (in the given order) and
    put each chunk's groups into the index. A chunk bounds the memory of a huge ingest (its
    pairs and one-article states): later chunks' groups join earlier chunks' stories as
    they join stored ones, so only within a chunk is the result free of the order."""
    size = index.settings.batch_chunk
    for start in range(0, len(parts), size):
        groups, features = cluster_batch(parts[start : start + size], settings=index.settings,
                                         stats=index.stats, use_embeddings=index.use_embeddings)
        members = [[features[position] for position in group] for group in groups]
        targets = [story_for_group(index, group) for group in members]
        for group, target in zip(members, targets):
            story = target or index.new_story(group[0])
            for item in group:
                index.join(story, item)


def story_for_group(index: StoryIndex, group: Sequence[ArticleFeatures]) -> StoryState | None:
    """The index's story a batch group joins: the best mean probability over its members
    (members taken in id order so that the sums do not depend on the batch's order)."""
    totals: dict[int, float] = {}
    stories: dict[int, StoryState] = {}
    for item in sorted(group, key=lambda features: features.article_id):
        found, probabilities = index.scored_stories(item)
        for story, probability in zip(found, probabilities.tolist()):
            totals[story.slot] = totals.get(story.slot, 0.0) + probability
            stories[story.slot] = story
    if not totals:
        return None
    slot = max(totals, key=lambda key: (totals[key], -key))
    return stories[slot] if totals[slot] / len(group) >= index.model.threshold else None
