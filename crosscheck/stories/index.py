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

Each event belongs to a developing story (threads.py): a new event is linked to the story
it fits, an article joining an event joins its story. ``stories()`` gives the events,
``threads()`` the stories that link them.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from crosscheck.records import Analysis, Article, Story, Thread
from crosscheck.settings import DEFAULT, StorySettings
from crosscheck.stories.centroid import StoryState, parse_day, similarity_matrix
from crosscheck.stories.duplicates import DuplicateIndex
from crosscheck.stories.features import (
    ArticleFeatures,
    Ingredients,
    TermStats,
    featurize,
    ingredients,
)
from crosscheck.stories.threads import add_to_story, as_thread, link_event, restore_link

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
        self.members = settings.members_embed if with_embeddings else settings.members_text
        self.settings = settings

    def probabilities(self, matrix: np.ndarray, days_apart: np.ndarray) -> np.ndarray:
        """One probability per row of similarities (columns in ``self.names`` order)."""
        logits = self.bias + matrix @ np.array([self.weights[name] for name in self.names])
        excess = np.maximum(0.0, days_apart - self.settings.time_window_days)
        logits = logits - self.settings.time_penalty_per_day * excess
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50)))


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
        if story.thread is None:
            link_event(self, story, features)
        add_to_story(self, story, features)

    def story_state(self, story_id: str) -> StoryState:
        """A developing story's state (the stored index reads it when first needed)."""
        return self.stories_by_id[story_id]

    def story_states(self, story_ids: Sequence[str]) -> list[StoryState]:
        """Several developing stories' states, in the given order (read at once)."""
        return [self.story_state(story_id) for story_id in story_ids]

    def changed_story(self, story: StoryState) -> None:
        """A story's state changed (the stored index writes it back)."""

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
            live.append(self.slots[slot])
            if len(live) == self.settings.max_candidates:
                break
        return live

    def new_story(self, features: ArticleFeatures) -> StoryState:
        story = StoryState(features.article_id, len(self.slots), features.title)
        self.slots.append(story)
        self.stories_by_id[story.id] = story
        return story

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
        self, story: Story, members: Sequence[tuple[Article, Analysis | None, np.ndarray | None]],
        *, thread: Thread | None = None,
    ) -> None:
        """Put a stored event back, with its id and members as stored (no re-clustering),
        in its stored developing story when it has one (else it is linked as a new event)."""
        state = StoryState(story.id, len(self.slots), story.title)
        self.slots.append(state)
        self.stories_by_id[state.id] = state
        if thread is not None:
            restore_link(self, state, thread)
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
            self.join(state, features)

    # --- reading ------------------------------------------------------------------------

    def story_id(self, article_id: str) -> str | None:
        """The id of an article's event."""
        return self.story_of_article.get(article_id)

    def thread_id(self, article_id: str) -> str | None:
        """The id of an article's developing story."""
        event_id = self.story_of_article.get(article_id)
        return None if event_id is None else self.stories_by_id[event_id].thread

    def stories(self) -> list[Story]:
        return [
            Story(
                id=state.id,
                title=state.title,
                article_ids=tuple(state.article_ids),
                duplicates=tuple(sorted(state.duplicates.items())),
            )
            for state in self.slots
            if not state.is_story
        ]

    def threads(self) -> list[Thread]:
        """The developing stories, each with its events in the order they were linked."""
        return [as_thread(state) for state in self.slots if state.is_story]


def embedding_text(article: Article) -> str:
    """What the sentence encoder reads: the headline and the opening of the text."""
    return article.text[:1500]
