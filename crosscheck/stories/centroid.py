"""A story's running state: summed sub-vectors of its independent articles, and its dates.

Near-duplicates join a story without adding to its centroid: a wire copy printed by ten
outlets is one report, not ten.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from crosscheck.stories.features import FIELDS, ArticleFeatures, SparseVector


@dataclass
class SparseSum:
    """A sum of sparse unit vectors, truncated to its heaviest terms."""

    ids: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    weights: np.ndarray = field(default_factory=lambda: np.empty(0, np.float32))
    norm: float = 0.0

    def add(self, vector: SparseVector | SparseSum, *, cap: int) -> None:
        if not len(vector.ids):
            return
        ids = np.concatenate([self.ids, vector.ids])
        unique, inverse = np.unique(ids, return_inverse=True)
        summed = np.bincount(
            inverse, weights=np.concatenate([self.weights, vector.weights]), minlength=len(unique)
        ).astype(np.float32)
        if len(unique) > cap:
            top = np.sort(np.argpartition(-summed, cap)[:cap])
            unique, summed = unique[top], summed[top]
        self.ids, self.weights = unique.astype(np.int32), summed
        self.norm = float(np.linalg.norm(summed))

    def cosine(self, vector: SparseVector | SparseSum) -> float:
        if not self.norm or not len(vector.ids):
            return 0.0
        _, mine, theirs = np.intersect1d(
            self.ids, vector.ids, assume_unique=True, return_indices=True
        )
        other_norm = getattr(vector, "norm", 1.0) or 1.0
        return float(self.weights[mine] @ vector.weights[theirs]) / (self.norm * other_norm)


QUANTITY_CAP = 64  # set by hand: an ECB+ article counts about 5 things


@dataclass
class StoryState:
    """One story while the index is live; ``Story`` records are made from it on demand."""

    id: str
    slot: int
    title: str
    article_ids: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    sums: dict[str, SparseSum] = field(default_factory=lambda: {n: SparseSum() for n in FIELDS})
    embedding: np.ndarray | None = None
    independent: int = 0
    first_day: date | None = None
    last_day: date | None = None
    # What the story's first articles count, and with which numbers (see Counted); they stop
    # growing at QUANTITY_CAP entries so that a story's state stays bounded.
    units: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    pairs: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    # How many members name each year as their latest (ArticleFeatures.latest_year).
    years: dict[int, int] = field(default_factory=dict)
    # One-article states of the story's first independent articles (at most the ``members``
    # asked of ``add``): an article is scored against each of them, not only the centroid.
    first_members: list[StoryState] = field(default_factory=list)
    # Two levels share this state (threads.py): an event names the story it belongs to
    # (``thread``); a story lists its events (``events``, None for an event).
    thread: str | None = None
    events: list[str] | None = None

    @property
    def is_story(self) -> bool:
        return self.events is not None

    def add(self, features: ArticleFeatures, *, caps: dict[str, int], members: int = 0) -> None:
        if len(self.first_members) < members:
            alone = StoryState(features.article_id, self.slot, features.title)
            alone.add(features, caps=caps)
            self.first_members.append(alone)
        self.article_ids.append(features.article_id)
        self.count(features.counted.units, features.counted.pairs)
        if features.latest_year is not None:
            self.years[features.latest_year] = self.years.get(features.latest_year, 0) + 1
        for name in FIELDS:
            self.sums[name].add(features.vectors[name], cap=caps.get(name, 32))
        if features.embedding is not None:
            vector = features.embedding.astype(np.float32)
            self.embedding = vector.copy() if self.embedding is None else self.embedding + vector
        self.independent += 1
        self.widen(parse_day(features.published))

    def count(self, units: np.ndarray, pairs: np.ndarray) -> None:
        if len(units) and len(self.units) < QUANTITY_CAP:
            self.units = np.union1d(self.units, units)
        if len(pairs) and len(self.pairs) < QUANTITY_CAP:
            self.pairs = np.union1d(self.pairs, pairs)

    def year_shares(self, year: int | None) -> tuple[float, float]:
        """Of the members that name a year, the shares whose latest year is ``year`` and
        whose latest year is another ((0, 0) when either side names none)."""
        dated = sum(self.years.values())
        if year is None or not dated:
            return 0.0, 0.0
        same = self.years.get(year, 0) / dated
        return same, 1.0 - same

    def widen(self, day: date | None) -> None:
        if day is None:
            return
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)

    def days_apart(self, day: date | None) -> float:
        """Days between a date and this story's date range (0 inside it or when unknown)."""
        if day is None or self.first_day is None or self.last_day is None:
            return 0.0
        if day < self.first_day:
            return float((self.first_day - day).days)
        return float(max(0, (day - self.last_day).days))


def parse_day(value: str | None) -> date | None:
    """An ISO date (or the date part of an ISO timestamp); None when absent or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


def similarity_matrix(
    features: ArticleFeatures, stories: list[StoryState], names: tuple[str, ...]
) -> np.ndarray:
    """Cosines between one article and many stories, one column per name ("has_who": both
    sides name people at all; "conflict": the share of things both count with no number in
    common, see ``Counted``), each cosine column computed for all stories in one numpy pass."""
    matrix = np.zeros((len(stories), len(names)), np.float64)
    for column, name in enumerate(names):
        if name.startswith("has_"):
            field_name = name[4:]
            if len(features.vectors[field_name].ids):
                matrix[:, column] = [float(story.sums[field_name].norm > 0) for story in stories]
            continue
        if name == "embed":
            matrix[:, column] = _embedding_cosines(features, stories)
            continue
        if name in ("year_same", "year_other"):
            shares = [story.year_shares(features.latest_year) for story in stories]
            matrix[:, column] = [pair[name == "year_other"] for pair in shares]
            continue
        if name == "conflict":
            if len(features.counted.units):
                matrix[:, column] = [
                    features.counted.conflict(story.units, story.pairs) for story in stories
                ]
            continue
        vector = features.vectors[name]
        sums = [story.sums[name] for story in stories]
        if not len(vector.ids) or not sums:
            continue
        ids = np.concatenate([total.ids for total in sums])
        owner = np.repeat(np.arange(len(sums)), [len(total.ids) for total in sums])
        position = np.minimum(np.searchsorted(vector.ids, ids), len(vector.ids) - 1)
        hit = vector.ids[position] == ids
        products = vector.weights[position[hit]] * np.concatenate([t.weights for t in sums])[hit]
        dots = np.bincount(owner[hit], weights=products, minlength=len(sums))
        norms = np.array([total.norm for total in sums])
        matrix[:, column] = dots / np.where(norms > 0, norms, 1.0)
    return matrix


def _embedding_cosines(features: ArticleFeatures, stories: list[StoryState]) -> np.ndarray:
    if features.embedding is None:
        return np.zeros(len(stories))
    cosines = np.zeros(len(stories))
    having = [i for i, story in enumerate(stories) if story.embedding is not None]
    if having:
        sums = np.stack([stories[i].embedding for i in having])
        norms = np.linalg.norm(sums, axis=1)
        cosines[having] = (sums @ features.embedding) / np.where(norms > 0, norms, 1.0)
    return cosines
