"""Opposite judgements of one quality: "was well equipped" against "insufficiently equipped".

Outlets that disagree about how someone was prepared, equipped, protected or trained say it
with an adverb of degree on the same participle: "well equipped" / "ill-equipped",
"adequately trained" / "poorly trained". Each such phrase is read as a figure of its own
(compare/figures.py) whose key is the participle and whose value is +1 or -1, so the figure
comparison finds the disagreement, groups the outlets by side and reports it as a conflict.
Only phrases whose sentences name one same person, organisation or place are compared
("Pieter was well equipped" against "the other party was ill-equipped" says nothing of one
thing), and a negation just before the adverb turns it ("was not well equipped").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crosscheck.records import Analysis, Article, Span

POSITIVE = ("well", "adequately", "properly", "sufficiently", "fully", "suitably", "amply")
NEGATIVE = ("ill", "poorly", "badly", "insufficiently", "inadequately", "improperly",
            "under")
EVALUATION = re.compile(
    r"\b(?P<adverb>" + "|".join(POSITIVE + NEGATIVE) + r")[\"”’']?(?:-|\s+)[\"“‘']?"
    r"(?P<participle>[a-z]{3,}(?:ed|en))\b", re.IGNORECASE)
NEGATED_BEFORE = re.compile(r"\b(?:not|never|n[’']t)\s+(?:\w+\s+)?$", re.IGNORECASE)
NEGATION_LOOKBEHIND = 20
# Participles an adverb of degree judges; others ("well known", "badly damaged", "fully
# booked") describe, and two outlets describing two things with them do not disagree.
JUDGED = frozenset({"equipped", "prepared", "trained", "protected", "funded", "resourced",
                    "staffed", "organised", "organized", "planned", "maintained", "guarded",
                    "supplied", "informed", "briefed", "armed", "insured", "secured"})
KEY_PREFIX = "quality:"


def evaluations(article: Article, analysis: Analysis) -> Iterator[tuple[int, Span, str, float]]:
    """(sentence index, phrase span, participle, +1 or -1) of each judgement in the article."""
    for match in EVALUATION.finditer(article.text):
        participle = match.group("participle").lower()
        if participle not in JUDGED:
            continue
        value = 1.0 if match.group("adverb").lower() in POSITIVE else -1.0
        before = article.text[max(0, match.start() - NEGATION_LOOKBEHIND): match.start()]
        if NEGATED_BEFORE.search(before):
            value = -value
        span = Span(match.start(), match.end())
        sentence = next((s.index for s in analysis.sentences if s.span.contains(span)), None)
        if sentence is not None:
            yield sentence, span, participle, value

