"""Names that stand in one list: evidence that two spellings name one thing.

Outlets transliterate little-known names differently and spaCy labels them by guess (a village
is GPE in one report, PERSON or ORG in the next), so a rare place written two ways has neither
the same letters nor the same label. What ties the two spellings is the company they keep: a
list of the hardest-hit villages, the ministers named together, the clubs of one league. Two
one-word names of different articles that share a list-mate and are spelled alike are one
name, whatever their labels; two names that one article writes both are two things.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

from crosscheck.records import Analysis, Article, Mention

# What may stand between two names of one list: "A, B", "A and B", "A, and B", "A or B".
LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s)\s*")
# Two spellings of one name in lists with a name in common. Transliteration variants score
# 78-94 by rapidfuzz ratio without any shared list (settings.name_variant_ratio); a shared
# list-mate is stronger evidence than a shared sentence, so the bar is lower: two spellings
# of one village (two letters swapped in eight, ratio 75) pass; names a letter or two apart
# in short words (Iran / Iraq) are kept out by the length floor.
LISTED_SPELLING_RATIO = 70.0
LISTED_SPELLING_MIN_LETTERS = 6


def list_mates(article: Article, analysis: Analysis) -> dict[int, set[str]]:
    """Entity index -> the lowercased names listed beside its mentions in this article."""
    named = sorted((m for m in analysis.mentions
                    if m.entity is not None and m.label not in ("PRON", "NOMINAL")),
                   key=lambda m: m.span.start)
    mates: dict[int, set[str]] = defaultdict(set)
    for run in _lists(article.text, named):
        names = {m.text.lower() for m in run}
        for mention in run:
            assert mention.entity is not None
            mates[mention.entity] |= names - {mention.text.lower()}
    return mates


def _lists(text: str, named: Sequence[Mention]) -> list[list[Mention]]:
    """Runs of three or more names joined only by list separators (two names joined by "and"
    are as often a pair of actors as a list)."""
    runs: list[list[Mention]] = []
    current: list[Mention] = []
    for mention in named:
        if current and LIST_SEPARATOR.fullmatch(text[current[-1].span.end:mention.span.start]):
            current.append(mention)
            continue
        if len(current) >= 3:
            runs.append(current)
        current = [mention]
    if len(current) >= 3:
        runs.append(current)
    return runs


def listed_spellings(a: str, b: str, mates_a: set[str], mates_b: set[str]) -> bool:
    """Two one-word names (letters only, lowercased) spelled alike that share a list-mate."""
    if min(len(a), len(b)) < LISTED_SPELLING_MIN_LETTERS or a == b:
        return False
    if a[0] != b[0] or not mates_a & mates_b - {a, b}:
        return False
    return fuzz.ratio(a, b) >= LISTED_SPELLING_RATIO
