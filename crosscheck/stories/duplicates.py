"""Near-duplicates: syndicated and wire copies and re-publications of one text.

MinHash signatures over word shingles, indexed with datasketch's LSH; a candidate pair is
kept when its estimated Jaccard similarity also reaches the settings' floor. Every copy is
linked to the earliest copy (by publication date, then by input order), which the story
counts once as independent coverage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from crosscheck.records import Article
from crosscheck.settings import DEFAULT, StorySettings

_WORD = re.compile(r"\w+")


def shingles(text: str, *, size: int) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _earliest_key(article: Article, position: int) -> tuple[str, int]:
    # An unknown date sorts after every known one: a dated copy is the better original.
    return (article.published or "9999-99-99", position)


def find_duplicates(
    articles: Sequence[Article], *, settings: StorySettings = DEFAULT.stories
) -> dict[str, str]:
    """Map each near-duplicate article id to the id of the earliest copy of its text."""
    order = sorted(range(len(articles)), key=lambda i: _earliest_key(articles[i], i))
    shingle_sets = [shingles(articles[i].text, size=settings.duplicate_shingle) for i in order]
    signatures = MinHash.bulk(shingle_sets, num_perm=settings.duplicate_num_perm)
    lsh = MinHashLSH(
        threshold=settings.duplicate_lsh_threshold, num_perm=settings.duplicate_num_perm
    )
    with lsh.insertion_session() as session:
        for rank, signature in enumerate(signatures):
            if shingle_sets[rank]:
                session.insert(rank, signature, check_duplication=False)
    earliest: dict[int, int] = {}
    for rank, signature in enumerate(signatures):
        if not shingle_sets[rank]:
            continue
        floor = settings.duplicate_min_jaccard
        matches = [
            other
            for other in lsh.query(signature)
            if other < rank and signature.jaccard(signatures[other]) >= floor
        ]
        if matches:
            first = min(matches)
            earliest[rank] = earliest.get(first, first)
    return {articles[order[rank]].id: articles[order[root]].id for rank, root in earliest.items()}


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
        return min(matches, key=self.arrival.__getitem__) if matches else None
