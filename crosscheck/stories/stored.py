"""The story index kept in the store, loaded piece by piece.

``StoredIndex`` is a ``StoryIndex`` whose vocabulary, postings, story states and
near-duplicate signatures live in the store (``crosscheck/store/story_index.py``). Assigning
an article reads only what its assignment needs: the document frequencies of its terms, the
postings of its key terms, the states of the candidate stories they retrieve (and, for a
near-duplicate, its original's story). The decisions are ``StoryIndex``'s own, on the same
numbers, so an ingest into the store gives the stories one in-memory index would give for
the same articles in the same order. ``changes()`` is what the ingest then writes back.

``full_changes(index)`` is the whole of an in-memory index, written once when the store has
no index state or one made by other settings or code (a rebuild, see ``index_fingerprint``).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from datasketch import MinHashLSH

from crosscheck.errors import StaleIndex
from crosscheck.records import Article
from crosscheck.settings import StorySettings
from crosscheck.store.story_index import IndexChanges, StoryIndexStore
from crosscheck.stories.centroid import StoryState
from crosscheck.stories.duplicates import DuplicateIndex, body_tells_headline
from crosscheck.stories.features import FIELDS, Ingredients, TermStats, stable_hash
from crosscheck.stories.index import Embedder, StoryIndex
from crosscheck.stories.statecodec import decode_state, encode_state

# Raise when the meaning of stored state changes in a way the fingerprint cannot see (how
# features are weighed, what a state's arrays hold): stores made before then are rebuilt.
STATE_FORMAT = 1


def index_fingerprint(settings: StorySettings, *, model: str | None) -> str:
    """What the stored index depends on: the story settings, the embedding model (None:
    without embeddings), the state's attributes and sub-vectors, and STATE_FORMAT."""
    parts = {
        "format": STATE_FORMAT,
        "settings": dataclasses.asdict(settings),
        "model": model,
        "state": [field.name for field in dataclasses.fields(StoryState)],
        "fields": list(FIELDS),
    }
    text = json.dumps(parts, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class StoredTermStats(TermStats):
    """TermStats over the store: a term's id and document frequency are read when the term is
    first met; a new term takes the next free id, as in TermStats."""

    def __init__(self, store: StoryIndexStore, *, documents: int, vocabulary: int) -> None:
        super().__init__()
        self.store = store
        self.documents = documents
        self.vocabulary = vocabulary
        self.df: dict[int, int] = {}  # type: ignore[assignment]  # term id -> documents
        self.hashes: dict[int, int] = {}  # term id -> term hash (the row's key)
        self.looked_up: set[str] = set()
        self.changed: set[int] = set()

    def load(self, terms: Iterable[str]) -> None:
        unseen = {stable_hash(term): term for term in terms if term not in self.looked_up}
        self.looked_up.update(unseen.values())
        for term_hash, (term_id, df) in self.store.terms(unseen).items() if unseen else ():
            self.ids[unseen[term_hash]] = term_id
            self.df[term_id] = df
            self.hashes[term_id] = term_hash

    def term_ids(self, terms: Iterable[str]) -> np.ndarray:
        terms = list(terms)
        self.load(terms)
        found = []
        for term in terms:
            term_id = self.ids.get(term)
            if term_id is None:
                term_id = self.ids[term] = self.vocabulary
                self.vocabulary += 1
                self.df[term_id] = 0
                self.hashes[term_id] = stable_hash(term)
            found.append(term_id)
        return np.array(found, dtype=np.int32)

    def add_document(self, term_ids: np.ndarray) -> None:
        for term_id in np.unique(term_ids).tolist():
            self.df[term_id] += 1
            self.changed.add(term_id)
        self.documents += 1

    def idf(self, term_ids: np.ndarray) -> np.ndarray:
        df = np.fromiter((self.df[i] for i in term_ids.tolist()), np.float64, len(term_ids))
        return np.log((self.documents + 1) / (df + 1.0)) + 1.0


@functools.cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """datasketch's bands for these settings (worked out once: it integrates numerically)."""
    return tuple(MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges)


def lsh_buckets(values: np.ndarray, bands: Sequence[tuple[int, int]]) -> list[int]:
    """One 64-bit bucket per band: two signatures share it when the band's values are equal
    (as in datasketch's hash tables, up to a 2**-64 chance of a false candidate, which the
    Jaccard floor then weeds out)."""
    return [
        int.from_bytes(hashlib.blake2b(
            number.to_bytes(2, "little") + values[start:end].tobytes(), digest_size=8
        ).digest(), "little", signed=True)
        for number, (start, end) in enumerate(bands)
    ]


def signature_values(signature: object) -> np.ndarray:
    return np.asarray(signature.hashvalues, dtype="<u8")  # type: ignore[attr-defined]


class StoredDuplicates(DuplicateIndex):
    """DuplicateIndex over the store: LSH buckets are looked up in the store, and this
    ingest's own signatures are kept in memory until they are written."""

    def __init__(self, store: StoryIndexStore, *, settings: StorySettings, arrivals: int
                 ) -> None:
        self.settings = settings  # no datasketch index: the buckets are rows
        self.store = store
        self.bands = lsh_bands(settings.duplicate_lsh_threshold, settings.duplicate_num_perm)
        self.arrivals = arrivals
        self.new: dict[str, tuple[int, np.ndarray, list[int]]] = {}
        self.new_in_bucket: dict[int, list[str]] = {}

    def match(self, article: Article) -> str | None:
        """The id of an already indexed copy of this article's text, if any (then indexes it)."""
        signature = self.signature(article)
        if signature is None or article.id in self.new:
            return None
        values = signature_values(signature)
        buckets = sorted(set(lsh_buckets(values, self.bands)))
        candidates = self.candidates(buckets)
        if article.id in candidates:  # indexed by an earlier ingest
            return None
        floor = self.settings.duplicate_min_jaccard
        matches = [(arrival, other_id) for other_id, (arrival, other) in candidates.items()
                   if np.count_nonzero(values == other) / len(values) >= floor]
        self.new[article.id] = (self.arrivals, values, buckets)
        for bucket in buckets:
            self.new_in_bucket.setdefault(bucket, []).append(article.id)
        self.arrivals += 1
        if not body_tells_headline(article):
            return None  # a boilerplate-only body copies nothing
        return min(matches)[1] if matches else None

    def candidates(self, buckets: list[int]) -> dict[str, tuple[int, np.ndarray]]:
        stored = self.store.duplicate_candidates(buckets)
        found = {article_id: (arrival, np.frombuffer(values, "<u8"))
                 for article_id, (arrival, values) in stored.items()}
        for bucket in buckets:
            for article_id in self.new_in_bucket.get(bucket, ()):
                found[article_id] = self.new[article_id][:2]
        return found


class StoredSlots:
    """``StoryIndex.slots`` over the store: a story's state is read when first used."""

    def __init__(self, index: StoredIndex, *, count: int) -> None:
        self.index = index
        self.count = count
        self.loaded: dict[int, StoryState] = {}

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, slot: int) -> StoryState:
        self.load([slot])
        if slot not in self.loaded:
            raise StaleIndex(f"the story index kept in the store has no story in slot {slot}")
        return self.loaded[slot]

    def __iter__(self) -> Iterator[StoryState]:
        return (self.loaded[slot] for slot in sorted(self.loaded))

    def append(self, state: StoryState) -> None:
        self.loaded[state.slot] = state
        self.count += 1

    def load(self, slots: Iterable[int]) -> None:
        missing = [slot for slot in slots if slot not in self.loaded]
        for slot, (_story_id, data) in self.index.store.states(missing).items() if missing else ():
            self.add(decode_state(data))

    def add(self, state: StoryState) -> None:
        self.loaded[state.slot] = state
        self.index.stories_by_id[state.id] = state


class StoredIndex(StoryIndex):
    """A StoryIndex that reads its state from the store as assignments need it."""

    def __init__(self, store: StoryIndexStore, meta: dict[str, str], *,
                 settings: StorySettings, embedder: Embedder | None) -> None:
        stats = StoredTermStats(store, documents=int(meta["documents"]),
                                vocabulary=int(meta["vocabulary"]))
        super().__init__(settings=settings, embedder=embedder, detect_duplicates=False,
                         stats=stats)
        self.store = store
        self.fingerprint = meta["fingerprint"]
        self.duplicates = StoredDuplicates(store, settings=settings,
                                           arrivals=int(meta["arrivals"]))
        self.slots = StoredSlots(self, count=int(meta["slots"]))  # type: ignore[assignment]
        self.looked_up_keys: set[int] = set()
        self.changed_keys: set[int] = set()
        self.changed_slots: set[int] = set()

    def assign_ingredients(self, parts: Ingredients) -> str:
        stats: StoredTermStats = self.stats  # type: ignore[assignment]
        stats.load(term for name in FIELDS for term in parts.counts(name))  # one read
        return super().assign_ingredients(parts)

    def candidates(self, keys: Sequence[int]) -> list[StoryState]:
        self.load_postings(keys)
        hits: Counter[int] = Counter()
        for key in keys:
            hits.update(set(self.postings.get(key, ())))
        # one read for the stories most likely scored; StoryIndex reads further ones itself
        likely = [slot for slot, _ in hits.most_common(self.settings.max_candidates)]
        self.slots.load(likely)  # type: ignore[attr-defined]
        return super().candidates(keys)

    def index_keys(self, story: StoryState, keys: Sequence[int]) -> None:
        self.load_postings(keys)
        self.changed_keys.update(keys)
        self.changed_slots.add(story.slot)
        super().index_keys(story, keys)

    def add_duplicate(self, article_id: str, published: str | None, original: str) -> str:
        story = self.stored_story_of(original)
        root = story.duplicates.get(original, original)
        if root not in self.published:
            self.published.update(self.store.published([root]))
        self.changed_slots.add(story.slot)
        return super().add_duplicate(article_id, published, original)

    def stored_story_of(self, article_id: str) -> StoryState:
        """The state of an article's story, read from the store unless already here."""
        if article_id not in self.story_of_article:
            self.story_of_article.update(self.store.story_of([article_id]))
        story_id = self.story_of_article.get(article_id)
        if story_id is None:
            raise StaleIndex(f"article {article_id} has a signature in the story index but "
                             "no story")
        if story_id not in self.stories_by_id:
            found = self.store.state_of_story(story_id)
            if found is None:
                raise StaleIndex(f"the story index kept in the store has no story {story_id}")
            self.slots.add(decode_state(found[1]))  # type: ignore[attr-defined]
        return self.stories_by_id[story_id]

    def story_state(self, story_id: str) -> StoryState:
        """A developing story's state, read from the store unless already here."""
        if story_id not in self.stories_by_id:
            found = self.store.state_of_story(story_id)
            if found is None:
                raise StaleIndex(f"the story index kept in the store has no story {story_id}")
            self.slots.add(decode_state(found[1]))  # type: ignore[attr-defined]
        return self.stories_by_id[story_id]

    def story_states(self, story_ids: Sequence[str]) -> list[StoryState]:
        missing = [story_id for story_id in story_ids if story_id not in self.stories_by_id]
        for data in self.store.states_of_stories(missing).values() if missing else ():
            self.slots.add(decode_state(data))  # type: ignore[attr-defined]
        return super().story_states(story_ids)

    def changed_story(self, story: StoryState) -> None:
        self.changed_slots.add(story.slot)

    def load_postings(self, keys: Iterable[int]) -> None:
        unseen = [key for key in keys if key not in self.looked_up_keys]
        self.looked_up_keys.update(unseen)
        for key, data in self.store.postings(unseen).items() if unseen else ():
            self.postings[key] = np.frombuffer(data, "<i4").tolist()

    def changes(self) -> IndexChanges:
        stats: StoredTermStats = self.stats  # type: ignore[assignment]
        duplicates: StoredDuplicates = self.duplicates  # type: ignore[assignment]
        return IndexChanges(
            meta=_meta(self.fingerprint, documents=stats.documents, vocabulary=stats.vocabulary,
                       slots=len(self.slots), arrivals=duplicates.arrivals),
            terms=[(stats.hashes[i], i, stats.df[i]) for i in sorted(stats.changed)],
            postings={key: _slot_bytes(self.postings[key]) for key in sorted(self.changed_keys)},
            states=[_state_row(self.slots[slot]) for slot in sorted(self.changed_slots)],
            signatures=[(article_id, arrival, values.tobytes())
                        for article_id, (arrival, values, _) in duplicates.new.items()],
            buckets=[(bucket, article_id) for article_id, (_, _, buckets) in duplicates.new.items()
                     for bucket in buckets],
        )


def full_changes(index: StoryIndex, fingerprint: str) -> IndexChanges:
    """The whole state of an in-memory index, to replace what the store holds."""
    stats, duplicates = index.stats, index.duplicates
    signatures, buckets = [], []
    if duplicates is not None:
        bands = lsh_bands(index.settings.duplicate_lsh_threshold,
                          index.settings.duplicate_num_perm)
        for article_id, signature in duplicates.signatures.items():
            values = signature_values(signature)
            signatures.append((article_id, duplicates.arrival[article_id], values.tobytes()))
            buckets += [(bucket, article_id) for bucket in sorted(set(lsh_buckets(values, bands)))]
    return IndexChanges(
        meta=_meta(fingerprint, documents=stats.documents, vocabulary=len(stats.ids),
                   slots=len(index.slots), arrivals=len(signatures)),
        terms=[(stable_hash(term), i, int(stats.df[i])) for term, i in stats.ids.items()],
        postings={key: _slot_bytes(slots) for key, slots in index.postings.items()},
        states=[_state_row(state) for state in index.slots],
        signatures=signatures,
        buckets=buckets,
        replace=True,
    )


def _meta(fingerprint: str, **counters: int) -> dict[str, str]:
    return {"fingerprint": fingerprint, **{name: str(value) for name, value in counters.items()}}


def _slot_bytes(slots: list[int]) -> bytes:
    return np.asarray(slots, dtype="<i4").tobytes()


def _state_row(state: StoryState) -> tuple[int, str, bytes]:
    return state.slot, state.id, encode_state(state)
