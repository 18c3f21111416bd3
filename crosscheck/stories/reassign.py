"""The order-robust second pass: every article is moved to the story it fits best.

An incremental clustering depends on the order articles arrive in: an early article decides
which story a later one sees. Once all are in, each independent article is scored against
each candidate story by the pair model's mean probability against that story's other
articles (itself left out, so a story does not vouch for its own members) and moves to the
best one when it beats its own story by ``margin``; an article that fits no story at the
join threshold and fits its own below ``split`` starts a story alone. Rounds repeat until
nothing moves (at most ``rounds``). Merges happen one article at a time, when each prefers
the other story.

Ids stay stable: a story keeps its id while it keeps its first article, or else the
majority of its articles (see ``_names``); a story born in the pass takes its earliest
article's id.
Near-duplicates follow the article they copy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

import numpy as np

from crosscheck.stories.centroid import StoryState, parse_day, similarity_matrix
from crosscheck.stories.features import ArticleFeatures

if TYPE_CHECKING:
    from crosscheck.stories.index import StoryIndex


class PairCache:
    """Article-to-article probabilities from the pair model, computed once per pair."""

    def __init__(self, index: StoryIndex) -> None:
        self.index = index
        self.alone = {
            article_id: _alone(features, index)
            for article_id, features in index.kept_features.items()
        }
        self.rows: dict[str, dict[str, float]] = defaultdict(dict)

    def mean(self, article_id: str, others: list[str]) -> float:
        """Mean probability of the article against ``others`` (not containing it)."""
        row = self.rows[article_id]
        missing = [other for other in others if other not in row]
        if missing:
            features = self.index.kept_features[article_id]
            states = [self.alone[other] for other in missing]
            day = parse_day(features.published)
            days_apart = np.array([state.days_apart(day) for state in states])
            model = self.index.model
            found = model.probabilities(similarity_matrix(features, states, model.names),
                                        days_apart)
            row.update(zip(missing, found.tolist()))
        return float(np.mean([row[other] for other in others]))


def _alone(features: ArticleFeatures, index: StoryIndex) -> StoryState:
    state = StoryState(features.article_id, -1, features.title)
    state.add(features, caps=index.caps)
    return state


def reassign(index: StoryIndex, *, rounds: int, margin: float, split: float) -> int:
    """Run the pass over the index's kept articles; return how many moves were made."""
    articles = list(index.kept_features)
    if len(articles) < 2 or rounds <= 0:
        return 0
    label = {article_id: index.story_id(article_id) or article_id for article_id in articles}
    members: dict[str, list[str]] = defaultdict(list)
    for article_id in articles:
        members[label[article_id]].append(article_id)
    by_key = _key_postings(index)
    cache = PairCache(index)
    moves = 0
    for _ in range(rounds):
        moved = 0
        for article_id in articles:
            target = _best_move(article_id, label, members, by_key, cache, index,
                                margin=margin, split=split)
            if target is not None:
                members[label[article_id]].remove(article_id)
                members[target].append(article_id)
                label[article_id] = target
                moved += 1
        moves += moved
        if not moved:
            break
    if moves:
        _rebuild(index, label)
    return moves


def _key_postings(index: StoryIndex) -> dict[int, list[str]]:
    postings: dict[int, list[str]] = defaultdict(list)
    for article_id, features in index.kept_features.items():
        for key in features.keys:
            postings[key].append(article_id)
    return postings


def _best_move(
    article_id: str, label: dict[str, str], members: dict[str, list[str]],
    by_key: dict[int, list[str]], cache: PairCache, index: StoryIndex, *, margin: float,
    split: float,
) -> str | None:
    """Where the article should go (None: it stays). Candidate stories are those whose
    articles share most salient terms with it, as in the incremental pass."""
    own = label[article_id]
    hits: Counter[str] = Counter()
    for key in index.kept_features[article_id].keys:
        hits.update({label[other] for other in by_key[key] if other != article_id})
    candidates = [story for story, _ in hits.most_common(index.settings.max_candidates)
                  if story != own]
    others = [other for other in members[own] if other != article_id]
    stay = cache.mean(article_id, others) if others else None
    best, score = None, -1.0
    for story in candidates:
        value = cache.mean(article_id, members[story])
        if value > score:
            best, score = story, value
    threshold = index.model.threshold
    if best is not None and score >= threshold and (stay is None or score > stay + margin):
        return best
    if stay is not None and stay < split:
        return f"\0{article_id}"  # a story of its own, named in _rebuild
    return None


def _rebuild(index: StoryIndex, label: dict[str, str]) -> None:
    """Rebuild the index's stories from the final labels, with stable ids."""
    order = list(index.published)  # every article, copies included, in arrival order
    old_first = {state.id: state.article_ids[0] for state in index.slots
                 if state.merged_into is None and state.article_ids}
    copies = {copy: root for state in index.slots if state.merged_into is None
              for copy, root in state.duplicates.items()}
    final = {article_id: label.get(article_id) for article_id in order}
    for copy, root in copies.items():
        final[copy] = final.get(root)
    final = {article_id: group for article_id, group in final.items() if group is not None}
    names = _names(old_first, index, final, order)
    index.reset_stories()
    states: dict[str, StoryState] = {}
    for article_id in order:
        if article_id not in final:
            continue
        story_id = names[final[article_id]]
        state = states.get(story_id)
        if state is None:
            state = states[story_id] = index.new_story_with_id(story_id, article_id)
        if article_id in copies:
            state.article_ids.append(article_id)
            state.duplicates[article_id] = copies[article_id]
        else:
            features = index.kept_features[article_id]
            state.add(features, caps=index.caps, members=index.model.members)
            index.index_keys(state, features.keys)
        index.story_of_article[article_id] = story_id


def _names(
    old_first: dict[str, str], index: StoryIndex, final: dict[str, str], order: list[str]
) -> dict[str, str]:
    """Final group -> story id. Old stories name groups greedily: first those groups that
    hold their first article, the largest share of the old story first (so a first article
    that moved into another story does not take its id along), then the group holding most
    of an old story's articles; ties go to the older story. Unnamed groups take the id of
    their earliest article."""
    overlap: Counter[tuple[str, str]] = Counter()
    for article_id, group in final.items():
        overlap[(index.story_id(article_id) or article_id, group)] += 1
    age = {story_id: rank for rank, story_id in enumerate(old_first)}
    ranked = sorted(
        (pair for pair in overlap if pair[0] in age),
        key=lambda pair: (final.get(old_first[pair[0]]) != pair[1], -overlap[pair], age[pair[0]]),
    )
    names: dict[str, str] = {}
    named: set[str] = set()
    for story_id, group in ranked:
        if story_id not in named and group not in names:
            names[group] = story_id
            named.add(story_id)
    for article_id in order:
        group = final.get(article_id)
        if group is not None and group not in names:
            names[group] = article_id
    return names
