"""Copy families: articles that carry the same wording, counted as one source.

Near-duplicates (stories/duplicates.py) catch whole copies. An outlet that runs a wire or
another outlet's story under its own headline, with its own lead or a few paragraphs cut,
is no near-duplicate, yet every sentence it shares word for word with the other rests on
one reporter. Two articles sharing several long sentences of narration verbatim (their
quotations left out: outlets quote the same words independently) are one family, and the
claims they both support count one independent source, not two.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from crosscheck.records import Analysis, Article

# Narration words a sentence needs, its quotations removed, to tell copying from chance:
# short sentences ("The group expects its numbers to grow.") recur by themselves.
MIN_NARRATION_WORDS = 10
# Shared sentences that make two articles one family: one shared sentence is a shared
# quote or a stock phrase; three are copied text.
MIN_SHARED_SENTENCES = 3
QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")


def copy_families(articles: Sequence[Article], analyses: Sequence[Analysis],
                  duplicates: Mapping[str, str]) -> dict[str, str]:
    """Article id -> the first-published article of its family (near-duplicates included);
    articles in no family are left out."""
    carriers: dict[str, set[str]] = defaultdict(set)
    for article, analysis in zip(articles, analyses):
        for sentence in analysis.sentences:
            key = _narration(sentence.span.of(article.text))
            if key:
                carriers[key].add(duplicates.get(article.id, article.id))
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for holders in carriers.values():
        ordered = sorted(holders)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                shared[(a, b)] += 1
    root = {a.id: duplicates.get(a.id, a.id) for a in articles}
    order = {a.id: (a.published or "9999", n) for n, a in enumerate(articles)}

    def find(article_id: str) -> str:
        while root[article_id] != article_id:
            article_id = root[article_id]
        return article_id

    for (a, b), count in shared.items():
        if count >= MIN_SHARED_SENTENCES:
            first, second = sorted((find(a), find(b)), key=order.__getitem__)
            root[second] = first
    return {a.id: find(a.id) for a in articles if find(a.id) != a.id}


def _narration(sentence: str) -> str:
    """The sentence's words outside quotation marks, lowercased; "" when too few."""
    words = re.findall(r"[a-z0-9]+", QUOTED.sub(" ", sentence.lower()))
    return " ".join(words) if len(words) >= MIN_NARRATION_WORDS else ""
