"""What the story clustering compares: one article's sub-vectors.

An article becomes sparse TF-IDF sub-vectors (title, body, who, where, when, years, numbers:
counts, ages, scores and amounts, which look-alike events rarely share, and the people among
the names, so that a shared protagonist is weighed apart from the clubs, parties and
institutions around it), the things it counts with their numbers ("sixth round",
"36-year-old"), the latest year it names, and, when the embedding model is available, its
MiniLM vector. Following Miranda et al. (2018), title, body and entities are
kept as separate sub-vectors so that a shared kind of event (words) and shared actors, places
and dates (entities) are weighed separately: look-alike events share the first, not the
second.

IDF comes from ``TermStats``: document frequencies that grow with the corpus (optionally
seeded from a background corpus), so a new article is weighed with the statistics at its
arrival and nothing already clustered needs recomputing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from anyascii import anyascii

from crosscheck.records import Analysis, Article

FIELDS = ("title", "body", "who", "where", "when", "year", "num", "person")
# Fields whose presence on both sides is itself evidence: two reports that both name people
# (places, dates, years) and share none of them are likely about two events.
PRESENCE = ("who", "where", "when", "year")

# spaCy labels grouped by the question they answer about an event.
WHERE_LABELS = frozenset({"GPE", "LOC", "FAC"})
WHEN_LABELS = frozenset({"DATE", "TIME"})
WHO_LABELS = frozenset({"PERSON", "ORG", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop-word list (the one the pair model was calibrated with),
    read from its own small module file: importing it through the package would load
    scikit-learn and SciPy, about 0.7 s of every ingest's start-up for one word list."""
    spec = importlib.util.find_spec("sklearn")
    if spec is not None and spec.submodule_search_locations:
        path = Path(spec.submodule_search_locations[0]) / "feature_extraction" / "_stop_words.py"
        words = _module_attribute(path, "ENGLISH_STOP_WORDS") if path.is_file() else None
        if words:
            return frozenset(words)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # another layout

    return frozenset(ENGLISH_STOP_WORDS)


def _module_attribute(path: Path, name: str) -> object:
    spec = importlib.util.spec_from_file_location(f"crosscheck._vendored_{path.stem}", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name, None)


_STOP = _english_stop_words() | {"said", "says", "s", "mr", "ms", "mrs", "new"}


def tokens(text: str) -> list[str]:
    """Lower-cased content words; bare numbers other than years carry no topic."""
    words = (anyascii(match.group()).lower().replace("'", "") for match in _WORD.finditer(text))
    return [w for w in words if len(w) > 1 and w not in _STOP and (not w.isdigit() or len(w) == 4)]


class TermStats:
    """Vocabulary and document frequencies, updated one article at a time."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.df = np.zeros(1024, np.int64)  # grown by doubling; only len(ids) entries used
        self.documents = 0

    def term_ids(self, terms: Iterable[str]) -> np.ndarray:
        ids = self.ids
        found = [ids.get(term) for term in terms]
        if None in found:
            found = [
                ids.setdefault(term, len(ids)) if i is None else i for term, i in zip(terms, found)
            ]
            if len(ids) > len(self.df):
                self.df = np.concatenate([self.df, np.zeros(len(self.df), np.int64)])
        return np.array(found, dtype=np.int32)

    def load(self, terms: Iterable[str]) -> None:
        """Nothing to read here; the store's TermStats reads these terms' statistics at once
        (a batch calls it with all its terms before counting them)."""

    def add_document(self, term_ids: np.ndarray) -> None:
        self.df[np.unique(term_ids)] += 1
        self.documents += 1

    def idf(self, term_ids: np.ndarray) -> np.ndarray:
        # Smoothed as scikit-learn's TfidfVectorizer: a term seen nowhere else weighs most.
        return np.log((self.documents + 1) / (self.df[term_ids] + 1.0)) + 1.0


@dataclass(frozen=True)
class SparseVector:
    """Sorted term ids and their weights, L2-normalised (empty when there are no terms)."""

    ids: np.ndarray  # int32, sorted ascending
    weights: np.ndarray  # float32

    @staticmethod
    def empty() -> SparseVector:
        return SparseVector(np.empty(0, np.int32), np.empty(0, np.float32))

    def dot(self, other: SparseVector) -> float:
        if not len(self.ids) or not len(other.ids):
            return 0.0
        _, mine, theirs = np.intersect1d(
            self.ids, other.ids, assume_unique=True, return_indices=True
        )
        return float(self.weights[mine] @ other.weights[theirs])


def weigh(ids: np.ndarray, counts: np.ndarray, stats: TermStats, *, keep: int) -> SparseVector:
    """Sublinear TF times IDF, the ``keep`` heaviest terms, normalised."""
    if not len(ids):
        return SparseVector.empty()
    weights = (1.0 + np.log(counts)) * stats.idf(ids)
    if len(ids) > keep:
        top = np.argpartition(-weights, keep)[:keep]
        ids, weights = ids[top], weights[top]
    order = np.argsort(ids)
    weights = weights[order].astype(np.float32)
    norm = float(np.linalg.norm(weights))
    return SparseVector(ids[order], weights / norm if norm else weights)


@dataclass(frozen=True)
class ArticleFeatures:
    """Everything the clustering needs from one article, computed once at its arrival."""

    article_id: str
    title: str
    published: str | None
    vectors: dict[str, SparseVector]  # one per name in FIELDS
    keys: tuple[int, ...]  # salient term ids used to retrieve candidate stories
    embedding: np.ndarray | None = None  # L2-normalised MiniLM vector
    counted: Counted = field(default_factory=lambda: Counted.of({}))
    # The latest year the text names: about when it was written (None when it names none).
    latest_year: int | None = None


@dataclass(frozen=True)
class Counted:
    """What an article counts and with which numbers, as hashes (compact in a story; stable
    across processes, because a story's state is kept in the store between ingests)."""

    units: np.ndarray  # int64, sorted: the things counted ("year-old", "round", "people")
    pairs: np.ndarray  # int64: one (thing, number) each
    pair_units: np.ndarray  # int64: the thing of each pair

    @staticmethod
    def of(quantities: dict[str, frozenset[str]]) -> Counted:
        pairs = [(unit, value) for unit, values in quantities.items() for value in values]
        return Counted(
            np.unique(np.array([stable_hash(unit) for unit in quantities], np.int64)),
            np.array([stable_hash(*pair) for pair in pairs], np.int64),
            np.array([stable_hash(unit) for unit, _ in pairs], np.int64),
        )

    def conflict(self, units: np.ndarray, pairs: np.ndarray) -> float:
        """The share of things both sides count for which they give no number in common:
        "36-year-old" against "32-year-old", "sixth round" against "seventh round"."""
        shared = np.intersect1d(self.units, units, assume_unique=True)
        if not len(shared):
            return 0.0
        agreeing = self.pair_units[np.isin(self.pairs, pairs)]
        return 1.0 - len(np.intersect1d(shared, agreeing)) / len(shared)


def stable_hash(*parts: str) -> int:
    """A signed 64-bit hash of strings, the same in every process (Python's ``hash`` of a
    string changes from one process to the next)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


# Terms kept per article for fields that settings do not size (set by hand, as the others).
_KEEP = {"num": 16}


def featurize(
    parts: Ingredients, stats: TermStats, *, keep: dict[str, int], key_terms: int
) -> ArticleFeatures:
    """Weigh an article's terms with the statistics at its arrival (which then count it)."""
    fields = count_terms(parts, stats)
    return weigh_terms(parts, fields, stats, keep=keep, key_terms=key_terms)


Terms = dict[str, tuple[np.ndarray, np.ndarray]]  # field -> (term ids, counts)


def count_terms(parts: Ingredients, stats: TermStats) -> Terms:
    """An article's term ids and counts per field; the statistics then count the article.
    A batch counts all its articles before weighing any (batch.py), so that no article's
    weights depend on where it came in the batch."""
    fields = {}
    for name in FIELDS:
        counts = parts.counts(name)
        fields[name] = (
            stats.term_ids(list(counts)), np.fromiter(counts.values(), np.float64, len(counts))
        )
    stats.add_document(np.concatenate([ids for ids, _ in fields.values()]))
    return fields


def weigh_terms(
    parts: Ingredients, fields: Terms, stats: TermStats, *, keep: dict[str, int], key_terms: int
) -> ArticleFeatures:
    """The features of counted terms, weighed with the statistics as they stand."""
    keep = {name: keep.get(name, _KEEP.get(name, 16)) for name in FIELDS}
    vectors = {
        name: weigh(ids, counts, stats, keep=keep[name]) for name, (ids, counts) in fields.items()
    }
    return ArticleFeatures(
        parts.article_id,
        parts.title_text,
        parts.published,
        vectors,
        salient_keys(vectors, key_terms),
        parts.embedding,
        Counted.of(parts.quantities),
        latest_year(parts.year),
    )


def latest_year(years: Counter[str]) -> int | None:
    """The latest year among those a text names. A report names years up to its own (rarely
    later), so two reports whose latest years differ were mostly written in different
    years: on ECB+ topics 1-25, 984 of 991 pairs of look-alike reports that both name years
    differ in it, against 451 of 1,476 pairs of reports of one event (pairs within a topic)."""
    return max((int(year) for year in years if year.isdigit()), default=None)


def salient_keys(vectors: dict[str, SparseVector], count: int) -> tuple[int, ...]:
    """The heaviest terms across title, who, where and body: the words a story is found by."""
    names = ("title", "who", "where", "body")
    ids = np.concatenate([vectors[name].ids for name in names])
    weights = np.concatenate([vectors[name].weights for name in names])
    order = np.argsort(-weights, kind="stable")
    _, first = np.unique(ids[order], return_index=True)  # each term at its heaviest weight
    return tuple(ids[order][np.sort(first)][:count].tolist())


@dataclass(frozen=True)
class Ingredients:
    """The raw material of the features: term counts, before weighing.

    Built from an article and its analysis by ``ingredients``, or directly by callers that
    already hold the terms (the scale benchmark's fast path, which runs no NLP).
    """

    article_id: str
    title: Counter[str]
    body: Counter[str]
    who: Counter[str]
    where: Counter[str]
    when: Counter[str]
    year: Counter[str]
    title_text: str = ""
    published: str | None = None
    embedding: np.ndarray | None = None
    num: Counter[str] = field(default_factory=Counter)  # numbers other than years
    quantities: dict[str, frozenset[str]] = field(default_factory=dict)
    person: Counter[str] = field(default_factory=Counter)  # the people among "who"

    def counts(self, name: str) -> Counter[str]:
        return getattr(self, name)


def ingredients(
    article: Article, analysis: Analysis | None, *, embedding: np.ndarray | None = None
) -> Ingredients:
    """Term counts of one article; entities come from its analysis when there is one."""
    title, body = split_title(article)
    who: Counter[str] = Counter()
    where: Counter[str] = Counter()
    when: Counter[str] = Counter()
    person: Counter[str] = Counter()
    if analysis is not None:
        for ent in analysis.entities:
            bucket = (
                where if ent.label in WHERE_LABELS else when if ent.label in WHEN_LABELS else who
            )
            if ent.label in WHO_LABELS | WHERE_LABELS | WHEN_LABELS:
                for term in tokens(ent.name):
                    bucket[term] += max(1, len(ent.mentions))
                    if ent.label == "PERSON":
                        person[term] += max(1, len(ent.mentions))
        for date in analysis.dates:
            for term in tokens(date.resolved or date.phrase):
                when[term] += 1
    else:
        # Without NER, capitalised names cannot be told apart as people or places: they
        # stand in for both, so the calibrated weights of each still see the names.
        names = capitalised_names(article.text)
        who.update(names)
        where.update(names)
    year = Counter(_YEAR.findall(article.text))
    num = numbers(article.text)
    return Ingredients(
        article.id,
        Counter(tokens(title)),
        Counter(tokens(body)),
        who,
        where,
        when,
        year,
        title_text=title,
        published=article.published,
        embedding=embedding,
        num=num,
        quantities=quantities(article.text),
        person=person,
    )


def split_title(article: Article) -> tuple[str, str]:
    """The title (the record's, else the first line of the text) and the body after it."""
    text = article.text.strip()
    first, _, rest = text.partition("\n")
    if article.title:
        body = rest if first.strip() == article.title.strip() else text
        return article.title, body
    return first, rest


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*|\b[A-Za-z]+\b")
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
    if value >= 2
} | {
    word: str(value)
    for value, word in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
        "twelfth".split()
    )
    if value >= 2
}


def numbers(text: str) -> Counter[str]:
    """Numbers in the text other than years (counts, ages, scores, amounts, rounds): two
    reports of one event repeat them, look-alike events differ in them. Number words count
    as digits; "one" and "first" are left out (mostly not quantities)."""
    found: Counter[str] = Counter()
    for match in _NUMBER.finditer(text):
        word = match.group()
        if word[0].isdigit():
            value = word.replace(",", "")
            if not _YEAR.fullmatch(value):
                found[f"#{value}"] += 1
        elif (value := _NUMBER_WORDS.get(word.lower())) is not None:
            found[f"#{value}"] += 1
    return found


_QUANTITY = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)*|[A-Za-z]+)(?=\s*(?:-\s*)?([A-Za-z]+)(?:\s*-\s*(old))?)"
)


def quantities(text: str) -> dict[str, frozenset[str]]:
    """Numbers with the word they count ("36-year-old", "sixth round", "51 knockouts",
    "$200 million"): two reports that count one thing differently describe two events."""
    found: dict[str, set[str]] = {}
    for match in _QUANTITY.finditer(text):
        number, unit, old = match.groups()
        if number[0].isdigit():
            value = number.replace(",", "")
            if _YEAR.fullmatch(value):
                continue
        else:
            value = _NUMBER_WORDS.get(number.lower())
            if value is None:
                continue
        unit = unit.lower()
        unit = unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit
        if unit in _STOP or (unit in _NOT_COUNTED and not old):
            continue
        found.setdefault(unit + ("-old" if old else ""), set()).add(value)
    return {unit: frozenset(values) for unit, values in found.items()}


# Words after a number that are not things an event counts: dates and clock times, and spans
# of time (reports written days apart count "two days", "a five-year deal" differently).
_NOT_COUNTED = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec gmt am pm et bst".split()
) | frozenset("year day week month hour minute second time decade century night".split())
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def capitalised_names(text: str) -> Counter[str]:
    """Without an analysis, capitalised words inside sentences stand in for named entities."""
    names: Counter[str] = Counter()
    for line in text.splitlines():
        for match in _NAME.finditer(line):
            names.update(tokens(match.group()))
    return names
