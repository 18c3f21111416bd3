"""The second signal: lines that repeat across one outlet's articles.

A line printed under many different articles of one outlet (a newsletter pitch, a footer, a
menu) is that outlet's boilerplate. Two copies of the same article (ingested twice, or
updated) would share every line, so articles whose prose lines mostly coincide are counted
once. The functions are pure: the store can call them on any batch, incrementally.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from crosscheck.clean.text_lines import is_prose, normalise

RepeatedKey = tuple[str, str]  # (outlet, normalised line)


def _prose_keys(lines: list[str], *, min_words: int) -> frozenset[str]:
    return frozenset(normalise(text) for text in lines if is_prose(text, min_words=min_words))


def _copies(line_sets: list[frozenset[str]], *, overlap: float) -> list[int]:
    """Group index of each article; articles whose prose lines overlap more than ``overlap``
    (Jaccard) share a group. Candidates come from an inverted index, not all pairs."""
    group = list(range(len(line_sets)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    holders: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(line_sets):
        shared: dict[int, int] = defaultdict(int)
        for key in keys:
            for j in holders[key]:
                shared[j] += 1
            holders[key].append(i)
        for j, count in shared.items():
            union = len(keys) + len(line_sets[j]) - count
            if union and count / union > overlap:
                group[root(i)] = root(j)
    return [root(i) for i in range(len(line_sets))]


def find_repeated(
    articles: Iterable[tuple[str, list[str]]],
    *,
    min_articles: int,
    duplicate_overlap: float,
    prose_min_words: int,
) -> frozenset[RepeatedKey]:
    """(outlet, line key) pairs found in at least ``min_articles`` distinct articles.

    ``articles`` gives, for each article, its outlet and its non-blank lines.
    """
    by_outlet: dict[str, list[list[str]]] = defaultdict(list)
    for outlet, lines in articles:
        by_outlet[outlet].append(lines)
    repeated: set[RepeatedKey] = set()
    for outlet, texts in by_outlet.items():
        prose = [_prose_keys(lines, min_words=prose_min_words) for lines in texts]
        groups = _copies(prose, overlap=duplicate_overlap)
        seen_in: dict[str, set[int]] = defaultdict(set)
        for group, lines in zip(groups, texts):
            for text in lines:
                key = normalise(text)
                if key:
                    seen_in[key].add(group)
        repeated.update((outlet, key) for key, found in seen_in.items() if len(found) >= min_articles)
    return frozenset(repeated)


def line_keys(lines: Iterable[str]) -> frozenset[str]:
    """The keys under which an article's lines are counted."""
    return frozenset(key for key in map(normalise, lines) if key)


def find_repeated_with_stored(
    articles: list[tuple[str, list[str]]],
    stored: dict[RepeatedKey, int],
    *,
    min_articles: int,
    duplicate_overlap: float,
    prose_min_words: int,
) -> frozenset[RepeatedKey]:
    """The repeated lines of a chunk of a corpus whose earlier articles are stored: those
    repeated within the chunk (``find_repeated``), and those the chunk shares with stored
    articles of the same outlet, ``stored`` giving how many stored articles hold each key.
    The chunk's holders of a key count once, as copies of one article may sit in a chunk."""
    within = find_repeated(articles, min_articles=min_articles,
                           duplicate_overlap=duplicate_overlap, prose_min_words=prose_min_words)
    held = {(outlet, key) for outlet, lines in articles for key in line_keys(lines)}
    across = {key for key in held if stored.get(key, 0) and stored[key] + 1 >= min_articles}
    return within | frozenset(across)
