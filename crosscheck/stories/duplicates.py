"""Near-duplicates: syndicated and wire copies and re-publications of one text.

MinHash signatures over word shingles, indexed with datasketch's LSH, propose candidate
pairs (every pair when a story is small); each candidate is then judged on its exact
shingle sets:

- a copy shares most of the text (Jaccard at least ``duplicate_min_jaccard``), or one text
  holds most of the other (containment at least ``duplicate_min_containment``): a copy with
  a rewritten lead, a shortened copy, an update that carries its first version whole;
- never on boilerplate alone: the shared words must carry each article's headline (at
  least one content word of each title), which a site's footer or sign-up box does not;
- a merge is a copy of its base only: an article holding two texts that share little with
  each other (a story built on one wire with paragraphs of another) is linked to the text
  whose lead it opens with, if one, and never to the other.

Lines the cleaner removed because they repeat across one outlet's articles are compared
too: an outlet's update that reprints its first story repeats that story's lines, and the
headline test keeps a shared footer from counting. Every copy is linked to the earliest
copy of its family (by publication date, then by input order), which the story counts
once as independent coverage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from datasketch import MinHash, MinHashLSH

from crosscheck.clean.length import body_tells_headline, title_words
from crosscheck.records import Article
from crosscheck.settings import DEFAULT, StorySettings

_WORD = re.compile(r"\w+")
# Every pair is compared when a story has at most this many articles (a dossier's story);
# larger sets rely on the LSH candidates alone.
PAIRWISE_LIMIT = 60
REPEATED_REASON = "repeated"  # the cleaner's reason for a line repeated across an outlet
# An article holds a smaller text when it has this share of its shingles; two texts it
# holds are distinct when neither has MERGE_OVERLAP of the other: the article merges them.
MERGE_HOLD = 0.5
MERGE_OVERLAP = 0.3
LEAD_MIN_WORDS = 12  # the lead is the first body line of at least this many words


def shingles(text: str, *, size: int) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _earliest_key(article: Article, position: int) -> tuple[str, int]:
    # An unknown date sorts after every known one: a dated copy is the better original.
    return (article.published or "9999-99-99", position)


def compared_text(article: Article) -> str:
    """The cleaned text and the lines removed as repeated across the outlet's articles."""
    repeated = [line.text for line in article.removed if line.reason == REPEATED_REASON]
    return "\n".join([article.text, *repeated])


def find_duplicates(
    articles: Sequence[Article], *, settings: StorySettings = DEFAULT.stories
) -> dict[str, str]:
    """Map each near-duplicate article id to the id of the earliest copy of its text."""
    order = sorted(range(len(articles)), key=lambda i: _earliest_key(articles[i], i))
    ranked = [articles[i] for i in order]
    shingle_sets = [shingles(compared_text(a), size=settings.duplicate_shingle) for a in ranked]
    candidates = _candidates(shingle_sets, settings)
    links = {pair for pair in candidates if _is_copy(ranked, shingle_sets, pair, settings)}
    for merge, base in _merges(ranked, shingle_sets, candidates, settings).items():
        links = {pair for pair in links if merge not in pair}
        if base is not None:
            links.add((min(merge, base), max(merge, base)))
    root = _families(len(ranked), links)
    return {ranked[rank].id: ranked[first].id for rank, first in root.items() if first != rank}


def _candidates(shingle_sets: list[set[bytes]], settings: StorySettings) -> set[tuple[int, int]]:
    """Pairs (earlier rank, later rank) worth judging: all of them in a small story, else
    those the LSH index proposes."""
    present = [rank for rank, found in enumerate(shingle_sets) if found]
    if len(present) <= PAIRWISE_LIMIT:
        return set(combinations(present, 2))
    signatures = MinHash.bulk([shingle_sets[r] for r in present],
                              num_perm=settings.duplicate_num_perm)
    lsh = MinHashLSH(threshold=settings.duplicate_lsh_threshold,
                     num_perm=settings.duplicate_num_perm)
    with lsh.insertion_session() as session:
        for rank, signature in zip(present, signatures):
            session.insert(rank, signature, check_duplication=False)
    return {(min(rank, other), max(rank, other)) for rank, signature in zip(present, signatures)
            for other in lsh.query(signature) if other != rank}


def _is_copy(ranked: Sequence[Article], shingle_sets: list[set[bytes]], pair: tuple[int, int],
             settings: StorySettings) -> bool:
    """The two texts are one text: shared enough, and the shared words tell each headline."""
    first, second = (shingle_sets[rank] for rank in pair)
    shared = first & second
    if not shared:
        return False
    jaccard = len(shared) / len(first | second)
    containment = len(shared) / min(len(first), len(second))
    if jaccard < settings.duplicate_min_jaccard and containment < settings.duplicate_min_containment:
        return False
    return _shared_tells_headlines(shared, [ranked[rank] for rank in pair])


def _shared_tells_headlines(shared: set[bytes], pair: list[Article]) -> bool:
    """Boilerplate shared by two pages (a footer, a sign-up box) carries neither headline;
    the text of one story carries at least one content word of each (untitled: no test)."""
    words = {w for shingle in shared for w in shingle.decode("utf-8").split()}
    return all(not title_words(a) or title_words(a) & words for a in pair)


def _containment(first: set[bytes], second: set[bytes]) -> float:
    smaller = min(len(first), len(second))
    return len(first & second) / smaller if smaller else 0.0


def _merges(ranked: Sequence[Article], shingle_sets: list[set[bytes]],
            candidates: set[tuple[int, int]], settings: StorySettings) -> dict[int, int | None]:
    """Rank of each merged article -> the rank of its base text (None when no held text
    carries its lead)."""
    held: dict[int, list[int]] = {}
    for a, b in candidates:
        larger, smaller = (a, b) if len(shingle_sets[a]) >= len(shingle_sets[b]) else (b, a)
        if _containment(shingle_sets[a], shingle_sets[b]) >= MERGE_HOLD:
            held.setdefault(larger, []).append(smaller)
    merges: dict[int, int | None] = {}
    for rank, texts in held.items():
        if any(_containment(shingle_sets[x], shingle_sets[y]) < MERGE_OVERLAP
               for x, y in combinations(texts, 2)):
            merges[rank] = _base_text(rank, texts, ranked, shingle_sets, settings)
    return merges


def _base_text(rank: int, texts: list[int], ranked: Sequence[Article],
               shingle_sets: list[set[bytes]], settings: StorySettings) -> int | None:
    """The one held text that carries the merged article's lead, if exactly one does."""
    lead = shingles(_lead(ranked[rank]), size=settings.duplicate_shingle)
    if not lead:
        return None
    bases = [t for t in texts if len(lead & shingle_sets[t]) / len(lead)
             >= settings.duplicate_min_containment
             and _shared_tells_headlines(shingle_sets[rank] & shingle_sets[t],
                                         [ranked[rank], ranked[t]])]
    return bases[0] if len(bases) == 1 else None


def _lead(article: Article) -> str:
    """The first body line long enough to be the lead paragraph."""
    for line in article.text.splitlines():
        if len(_WORD.findall(line)) >= LEAD_MIN_WORDS and line.strip() != article.title.strip():
            return line
    return ""


def _families(size: int, links: set[tuple[int, int]]) -> dict[int, int]:
    """Rank -> the earliest rank of its family (union-find over the links)."""
    parent = list(range(size))

    def find(rank: int) -> int:
        while parent[rank] != rank:
            parent[rank] = parent[parent[rank]]
            rank = parent[rank]
        return rank

    for a, b in sorted(links):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {rank: find(rank) for rank in range(size)}


class DuplicateIndex:
    """The incremental form: one article at a time, each checked against those before it."""

    def __init__(self, *, settings: StorySettings = DEFAULT.stories) -> None:
        self.settings = settings
        self.lsh = MinHashLSH(
            threshold=settings.duplicate_lsh_threshold, num_perm=settings.duplicate_num_perm
        )
        self.signatures: dict[str, MinHash] = {}
        self.arrival: dict[str, int] = {}

    def signature(self, article: Article) -> MinHash | None:
        shingle_set = shingles(article.text, size=self.settings.duplicate_shingle)
        if not shingle_set:
            return None
        return MinHash.bulk([shingle_set], num_perm=self.settings.duplicate_num_perm)[0]

    def match(self, article: Article) -> str | None:
        """The id of an already indexed copy of this article's text, if any (then indexes it)."""
        signature = self.signature(article)
        if signature is None or article.id in self.signatures:
            return None
        matches = [
            other
            for other in self.lsh.query(signature)
            if signature.jaccard(self.signatures[other]) >= self.settings.duplicate_min_jaccard
        ]
        self.lsh.insert(article.id, signature)
        self.signatures[article.id] = signature
        self.arrival[article.id] = len(self.arrival)
        if not body_tells_headline(article):
            return None  # a boilerplate-only body copies nothing
        return min(matches, key=self.arrival.__getitem__) if matches else None
