"""Incremental story clustering.

Each new article is compared with a few candidate stories, found through an inverted index
over salient terms (title words, names, places, heavy body words), and joins the best one
when the pair model's probability reaches the calibrated threshold; otherwise it starts a
story whose id is its own id. Nothing already clustered is recomputed, so one assignment
costs the same in a hundred-article index as in a million-article one: postings keep only
each term's most recent stories and at most ``max_candidates`` stories are scored.

A candidate is scored by the pair model against its centroid; when the settings ask for
members (with embeddings), the likeliest few are then scored by the mean probability
against their first articles, so that a story that drifted towards a look-alike event does
not pull in that event's reports on the strength of its drifted centroid.

``reassign()`` is the order-robust second pass (reassign.py): each article moves to the
story whose other articles it fits best, ids kept stable. ``refine()`` is the older later
pass that merges stories when their centroids agree strongly; the older story's id survives.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from crosscheck.records import Analysis, Article, Story
from crosscheck.settings import DEFAULT, StorySettings
from crosscheck.stories.centroid import StoryState, parse_day, sigmoid, similarity_matrix
from crosscheck.stories.duplicates import DuplicateIndex
from crosscheck.stories.features import (
    FIELDS,
    PRESENCE,
    ArticleFeatures,
    Ingredients,
    TermStats,
    featurize,
    ingredients,
)

log = logging.getLogger(__name__)

Embedder = Callable[[Sequence[str]], np.ndarray]


class PairModel:
    """Logistic model over article-to-story similarities, with its decision threshold."""

    def __init__(
        self, settings: StorySettings, *, with_embeddings: bool, batch: bool = False
    ) -> None:
        # ``batch``: the article-pair model of the batch clustering (batch.py), whose
        # weights and threshold are fitted apart from the article-to-story model's.
        prefix = ("batch_" if batch else "") + ("{}_embed" if with_embeddings else "{}_text")
        self.weights = dict(getattr(settings, prefix.format("weights")))
        self.bias = getattr(settings, prefix.format("bias"))
        self.threshold = getattr(settings, prefix.format("threshold"))
        self.names = tuple(self.weights)
        self.merge_threshold = (
            settings.merge_threshold_embed if with_embeddings else settings.merge_threshold_text
        )
        self.members = settings.members_embed if with_embeddings else settings.members_text
        self.settings = settings

    def probabilities(self, matrix: np.ndarray, days_apart: np.ndarray) -> np.ndarray:
        """One probability per row of similarities (columns in ``self.names`` order)."""
        logits = self.bias + matrix @ np.array([self.weights[name] for name in self.names])
        excess = np.maximum(0.0, days_apart - self.settings.time_window_days)
        logits = logits - self.settings.time_penalty_per_day * excess
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50)))

    def probability(self, sims: dict[str, float], *, days_apart: float = 0.0) -> float:
        logit = self.bias + sum(w * sims.get(name, 0.0) for name, w in self.weights.items())
        excess = max(0.0, days_apart - self.settings.time_window_days)
        return sigmoid(logit - self.settings.time_penalty_per_day * excess)


class StoryIndex:
    """Stories built one article at a time; see the module docstring."""

    def __init__(
        self,
        *,
        settings: StorySettings = DEFAULT.stories,
        embedder: Embedder | None = None,
        use_embeddings: bool | None = None,
        detect_duplicates: bool = True,
        stats: TermStats | None = None,
        keep_features: bool = False,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.use_embeddings = embedder is not None if use_embeddings is None else use_embeddings
        self.model = PairModel(settings, with_embeddings=self.use_embeddings)
        self.stats = stats or TermStats()
        self.keep = dict(settings.article_terms)
        self.caps = dict(settings.centroid_terms)
        self.duplicates = DuplicateIndex(settings=settings) if detect_duplicates else None
        self.stories_by_id: dict[str, StoryState] = {}
        self.slots: list[StoryState] = []
        self.postings: dict[int, list[int]] = {}
        self.story_of_article: dict[str, str] = {}
        self.published: dict[str, str | None] = {}
        # Each independent article's features, kept only for the second pass (reassign):
        # the stored index per ingest does not need them.
        self.keep_features = keep_features
        self.kept_features: dict[str, ArticleFeatures] = {}

    # --- assignment ---------------------------------------------------------------------

    def assign(
        self,
        article: Article,
        analysis: Analysis | None = None,
        *,
        embedding: np.ndarray | None = None,
    ) -> str:
        """Put one article into a story (an existing one or a new one); return the story id."""
        if article.id in self.story_of_article:
            return self.story_of_article[article.id]
        original = self.duplicates.match(article) if self.duplicates else None
        if original is not None:
            return self.add_duplicate(article.id, article.published, original)
        if embedding is None and self.use_embeddings and self.embedder is not None:
            embedding = self.embedder([embedding_text(article)])[0]
        return self.assign_ingredients(ingredients(article, analysis, embedding=embedding))

    def assign_ingredients(self, parts: Ingredients) -> str:
        """The fast path: an article already reduced to term counts (and maybe an embedding)."""
        features = featurize(parts, self.stats, keep=self.keep, key_terms=self.settings.key_terms)
        best, probability = self.best_story(features)
        if best is None or probability < self.model.threshold:
            best = self.new_story(features)
        self.join(best, features)
        return best.id

    def join(self, story: StoryState, features: ArticleFeatures) -> None:
        """Add an independent article to a story (also the batch path's last step)."""
        story.add(features, caps=self.caps, members=self.model.members)
        self.index_keys(story, features.keys)
        self.story_of_article[features.article_id] = story.id
        self.published[features.article_id] = features.published
        if self.keep_features:
            self.kept_features[features.article_id] = features

    def best_story(self, features: ArticleFeatures) -> tuple[StoryState | None, float]:
        stories, probabilities = self.scored_stories(features)
        if not stories:
            return None, 0.0
        best = int(np.argmax(probabilities))
        return stories[best], float(probabilities[best])

    def scored_stories(self, features: ArticleFeatures) -> tuple[list[StoryState], np.ndarray]:
        """The candidate stories of an article and its probability for each (with members,
        only the shortlisted stories, scored by their members)."""
        stories = self.candidates(features.keys)
        if not stories:
            return [], np.empty(0)
        day = parse_day(features.published)
        days_apart = np.array([story.days_apart(day) for story in stories])
        probabilities = self.model.probabilities(
            similarity_matrix(features, stories, self.model.names), days_apart
        )
        if self.model.members:
            # Members are scored for the likeliest stories only, so that the cost per
            # article stays that of a few stories' members whatever the candidates.
            shortlist = np.argsort(-probabilities, kind="stable")[: self.settings.member_shortlist]
            stories = [stories[i] for i in shortlist]
            probabilities = self.member_probabilities(features, stories, days_apart[shortlist])
        return stories, probabilities

    def member_probabilities(
        self, features: ArticleFeatures, stories: list[StoryState], days_apart: np.ndarray
    ) -> np.ndarray:
        """Per story, the mean probability of the article against each of its first members
        (an average link over at most ``members`` articles): a story that drifted towards a
        look-alike event still needs the article to fit the articles it began with. A story
        that kept no members (made before they were kept) is scored by its centroid."""
        kept = [story.first_members or [story] for story in stories]
        members = [member for story_members in kept for member in story_members]
        owner = np.repeat(np.arange(len(stories)), [len(story_members) for story_members in kept])
        probabilities = self.model.probabilities(
            similarity_matrix(features, members, self.model.names), days_apart[owner]
        )
        return np.bincount(owner, weights=probabilities) / np.bincount(owner)

    def candidates(self, keys: Sequence[int]) -> list[StoryState]:
        hits: Counter[int] = Counter()
        for key in keys:
            hits.update(set(self.postings.get(key, ())))
        live = []
        for slot, _ in hits.most_common():
            story = self.slots[slot]
            if story.merged_into is None:
                live.append(story)
                if len(live) == self.settings.max_candidates:
                    break
        return live

    def new_story(self, features: ArticleFeatures) -> StoryState:
        story = StoryState(features.article_id, len(self.slots), features.title)
        self.slots.append(story)
        self.stories_by_id[story.id] = story
        return story

    def new_story_with_id(self, story_id: str, first_article: str) -> StoryState:
        """A story whose id is given (the second pass keeps ids across its rebuild)."""
        features = self.kept_features.get(first_article)
        title = features.title if features is not None else ""
        story = StoryState(story_id, len(self.slots), title)
        self.slots.append(story)
        self.stories_by_id[story.id] = story
        return story

    def reset_stories(self) -> None:
        """Forget every story (the second pass rebuilds them from the kept features)."""
        self.stories_by_id, self.slots, self.postings = {}, [], {}

    def index_keys(self, story: StoryState, keys: Sequence[int]) -> None:
        cap = self.settings.posting_cap
        for key in keys:
            posting = self.postings.setdefault(key, [])
            if not posting or posting[-1] != story.slot:
                posting.append(story.slot)
                if len(posting) > 2 * cap:  # trimmed in batches so appends stay O(1)
                    del posting[:-cap]

    def add_duplicate(self, article_id: str, published: str | None, original: str) -> str:
        """A copy joins its original's story and is linked to the earliest copy."""
        story = self.stories_by_id[self.story_of_article[original]]
        root = story.duplicates.get(original, original)
        story.article_ids.append(article_id)
        story.duplicates[article_id] = root
        if published and (self.published.get(root) or "9999") > published:
            # The copy predates the text we took for the original: it becomes the original.
            for copy, earlier in list(story.duplicates.items()):
                if earlier == root:
                    story.duplicates[copy] = article_id
            story.duplicates[root] = article_id
            story.duplicates.pop(article_id, None)
        self.story_of_article[article_id] = story.id
        self.published[article_id] = published
        return story.id

    def restore(
        self, story: Story, members: Sequence[tuple[Article, Analysis | None, np.ndarray | None]]
    ) -> None:
        """Put a stored story back, with its id and members as stored (no re-clustering)."""
        state = StoryState(story.id, len(self.slots), story.title)
        self.slots.append(state)
        self.stories_by_id[state.id] = state
        duplicates = dict(story.duplicates)
        for article, analysis, embedding in members:
            if self.duplicates is not None:
                self.duplicates.match(article)  # indexes its signature for later copies
            self.story_of_article[article.id] = state.id
            self.published[article.id] = article.published
            if article.id in duplicates:
                state.article_ids.append(article.id)
                state.duplicates[article.id] = duplicates[article.id]
                continue
            features = featurize(
                ingredients(article, analysis, embedding=embedding),
                self.stats,
                keep=self.keep,
                key_terms=self.settings.key_terms,
            )
            state.add(features, caps=self.caps, members=self.model.members)
            self.index_keys(state, features.keys)
            if self.keep_features:
                self.kept_features[article.id] = features

    # --- reading ------------------------------------------------------------------------

    def story_id(self, article_id: str) -> str | None:
        story_id = self.story_of_article.get(article_id)
        while story_id is not None and self.stories_by_id[story_id].merged_into is not None:
            story_id = self.stories_by_id[story_id].merged_into
        return story_id

    def stories(self) -> list[Story]:
        return [
            Story(
                id=state.id,
                title=state.title,
                article_ids=tuple(state.article_ids),
                duplicates=tuple(sorted(state.duplicates.items())),
            )
            for state in self.slots
            if state.merged_into is None
        ]

    # --- the later pass -----------------------------------------------------------------

    def refine(self) -> int:
        """Merge stories whose centroids agree (the model's merge threshold); return merges."""
        merges = 0
        for story in self.slots:
            if story.merged_into is not None:
                continue
            keys = story_keys(story, self.settings.key_terms)
            for other in self.candidates(keys):
                if other is story or other.merged_into is not None:
                    continue
                older, younger = sorted((story, other), key=lambda state: state.slot)
                if self.story_probability(older, younger) >= self.model.merge_threshold:
                    older.absorb(younger, caps=self.caps, members=self.model.members)
                    self.index_keys(older, story_keys(younger, self.settings.key_terms))
                    merges += 1
                    if younger is story:
                        break
        log.info("refine merged %d stories", merges)
        return merges

    def reassign(self) -> int:
        """The order-robust second pass (reassign.py): move each article to the story it
        fits best, a bounded number of rounds; ids stay stable. Needs ``keep_features``;
        returns the number of moves."""
        from crosscheck.stories.reassign import reassign

        if not self.keep_features:
            raise ValueError("reassign() needs an index made with keep_features=True")
        moves = reassign(
            self, rounds=self.settings.reassign_rounds, margin=self.settings.reassign_margin,
            split=self.settings.reassign_split,
        )
        log.info("reassign moved %d articles", moves)
        return moves

    def story_probability(self, first: StoryState, second: StoryState) -> float:
        # "conflict" is an article's evidence against a story; between two stories it is
        # left at 0 (a story keeps what it counts, not which number goes with which thing).
        sims = {name: first.sums[name].cosine(second.sums[name]) for name in FIELDS}
        for name in PRESENCE:
            sims[f"has_{name}"] = float(first.sums[name].norm > 0 and second.sums[name].norm > 0)
        if first.embedding is not None and second.embedding is not None:
            norms = float(np.linalg.norm(first.embedding) * np.linalg.norm(second.embedding))
            sims["embed"] = float(first.embedding @ second.embedding) / (norms or 1.0)
        gap = 0.0
        if second.first_day is not None:
            gap = max(first.days_apart(second.first_day), first.days_apart(second.last_day))
        return self.model.probability(sims, days_apart=gap)


def story_keys(story: StoryState, count: int) -> list[int]:
    best: dict[int, float] = {}
    for name in ("title", "who", "where", "body"):
        total = story.sums[name]
        if not total.norm:
            continue
        for term_id, weight in zip(total.ids.tolist(), (total.weights / total.norm).tolist()):
            best[term_id] = max(best.get(term_id, 0.0), weight)
    return sorted(best, key=lambda term_id: -best[term_id])[:count]


def embedding_text(article: Article) -> str:
    """What the sentence encoder reads: the headline and the opening of the text."""
    return article.text[:1500]
