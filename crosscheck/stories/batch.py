"""Order-free batch clustering: a corpus ingested at once is grouped as a whole.

The incremental path (index.py) decides each article against the stories made before it,
so the same corpus in another order gives other stories (on ECB+ one order's F1 differs from
another's by 0.01-0.03). A batch is instead clustered in four steps, none of which depends
on the order of its articles:

1. features: every article's terms are counted before any is weighed, so all share one set
   of document frequencies (``batch_features``);
2. pairs: each article is compared with the ``batch_candidates`` articles sharing most of
   its salient terms (blocking, so the cost stays near-linear), by the article-pair model
   (``PairModel(batch=True)``): the similarities a story's one-article members are scored by;
3. groups: agglomeration over those probabilities, a pair never scored counting 0, while
   the best link between two groups reaches the threshold (``agglomerate``);
4. fragments: an article left alone joins the larger group whose centroid the pair model
   scores at ``batch_fragment_probability`` or more (``attach_fragments``), as a
   one-sentence report shares few terms with any one article but many with its story.

Ties are broken by article id, so the partition is a function of the set of articles alone.
The model, linkage and threshold were chosen by 5-fold CV on ECB+ topics 1-25 (settings.py);
the refinements tried and left out are recorded in benchmarks/results/stories_experiments.md.

``assign_batch`` puts a batch into a live index (``cluster()``, and ingest through the
stored index): each group joins an existing story or starts one, decided against the index
as it was before the batch, so story ids stay stable and later single arrivals go on
through the incremental path. A group that starts an event is linked to a developing story
as a whole (threads.py), in the order of the groups' earliest dates.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
from crosscheck.stories.threads import group_probe, link_event


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
    return Pairs(ends[:, 0], ends[:, 1], probability[kept])


def agglomerate(count: int, pairs: Pairs, threshold: float, *, linkage: str) -> list[int]:
    """Agglomeration over a sparse graph: the two groups with the highest link merge while it
    reaches ``threshold``; returns a group number per position. Links between groups:
    "average", the mean probability over all their pairs (unscored pairs count 0);
    "weighted", the mean of the links of the two parts that merged (WPGMA), which weighs a
    group's history rather than its size. Either way a merged group's link with a third is a
    mean of its parts' links, never above the better one: only links already at the
    threshold need to be in the heap; the others are kept to be combined."""
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
        _, first, second = heapq.heappop(heap)
        if first not in size or second not in size:
            continue  # one side has merged since: a stale entry
        merged = len(parent)  # a new group number: entries naming its parts go stale
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


def attach_fragments(
    features: Sequence[ArticleFeatures], labels: Sequence[int], settings: StorySettings
) -> list[int]:
    """Groups of at most ``batch_fragment_size`` articles join the larger group whose
    centroid (its members' summed sub-vectors) the batch pair model scores best, when the
    mean over the fragment's members reaches ``batch_fragment_probability``.

    Why: agglomeration links articles by pairs of single articles, and a report of one or
    two sentences shares few terms with any one other report, so it stays alone although
    its story's summed terms hold its words (the stream, which scores an article against a
    story as it grew, keeps more of them). Scored against a centroid the model's cosines
    run higher than against one article, so the bar is above the pair threshold. Every
    fragment is decided against the groups as agglomeration left them (a fragment is never
    a target), so the outcome does not depend on the order of the fragments."""
    members: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        members.setdefault(label, []).append(position)
    small = settings.batch_fragment_size
    targets = {label: group for label, group in members.items() if len(group) > small}
    if not targets:
        return list(labels)
    model = PairModel(settings, with_embeddings=False, batch=True)
    caps = dict(settings.centroid_terms)
    states, postings = _group_states(features, targets, caps)
    result = list(labels)
    for label, group in members.items():
        if label in targets:
            continue
        found = _fragment_target(features, group, states, postings, model, settings)
        if found is not None:
            for position in group:
                result[position] = found
    return result


def _group_states(
    features: Sequence[ArticleFeatures], groups: Mapping[int, list[int]], caps: dict[str, int]
) -> tuple[dict[int, StoryState], dict[int, list[int]]]:
    """A centroid state per group (members added in position order) and key postings."""
    states: dict[int, StoryState] = {}
    postings: dict[int, list[int]] = {}
    for label in sorted(groups):
        state = StoryState(str(label), label, "")
        for position in groups[label]:
            state.add(features[position], caps=caps)
            for key in features[position].keys:
                posting = postings.setdefault(key, [])
                if not posting or posting[-1] != label:
                    posting.append(label)
        states[label] = state
    return states, postings


def _fragment_target(
    features: Sequence[ArticleFeatures], group: Sequence[int], states: Mapping[int, StoryState],
    postings: Mapping[int, list[int]], model: PairModel, settings: StorySettings,
) -> int | None:
    """The label of the group a fragment joins, or None (ties: the lowest label). A key
    held by more than ``posting_cap`` groups is too common to find candidates by, as in
    ``candidate_pairs``, so the work per fragment does not grow with the batch."""
    hits: Counter[int] = Counter()
    for position in group:
        for key in features[position].keys:
            posting = postings.get(key, ())
            if len(posting) <= settings.posting_cap:
                hits.update(posting)
    ranked = sorted(hits, key=lambda label: (-hits[label], label))[: settings.max_candidates]
    if not ranked:
        return None
    candidates = [states[label] for label in ranked]
    totals = np.zeros(len(candidates))
    for position in group:
        item = features[position]
        day = parse_day(item.published)
        days = np.array([state.days_apart(day) for state in candidates])
        totals += model.probabilities(similarity_matrix(item, candidates, model.names), days)
    mean = totals / len(group)
    best = max(range(len(ranked)), key=lambda i: (mean[i], -ranked[i]))
    return ranked[best] if mean[best] >= settings.batch_fragment_probability else None


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
    labels = agglomerate(len(order), pairs, model.threshold, linkage=settings.batch_linkage)
    if settings.batch_fragment_size:
        labels = attach_fragments(ranked, labels, settings)
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
        for group, target in sorted(zip(members, targets), key=lambda pair: earliest(pair[0])):
            story = target or index.new_story(group[0])
            if target is None:
                link_event(index, story, group_probe(group))
            for item in group:
                index.join(story, item)


def earliest(group: Sequence[ArticleFeatures]) -> tuple[str, str]:
    """A group's earliest date and id (undated last): the order groups are linked in."""
    return min((item.published or "9999", item.article_id) for item in group)


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
