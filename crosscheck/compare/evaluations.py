"""Opposite judgements of one quality ("was well equipped" against "insufficiently
equipped"), and opposite expectations of one happening ("will meet the Queen" against "is
unlikely to meet Queen Elizabeth").

Outlets that disagree about how someone was prepared, equipped, protected or trained say it
with an adverb of degree on the same participle: "well equipped" / "ill-equipped",
"adequately trained" / "poorly trained". Each such phrase is read as a figure of its own
(compare/figures.py) whose key is the participle and whose value is +1 or -1, so the figure
comparison finds the disagreement, groups the outlets by side and reports it as a conflict.
Only phrases whose sentences name one same person, organisation or place are compared
("Pieter was well equipped" against "the other party was ill-equipped" says nothing of one
thing), and a negation just before the adverb turns it ("was not well equipped").

An expectation is read the same way: "will meet", "is expected to meet" are +1, "is
unlikely to meet", "will not meet" -1, keyed by the verb and compared only when the
capitalised words just after the verb share one (what is met: "the Queen" / "Queen
Elizabeth II"). Verbs that say little on their own ("be", "have", "take") are left out.
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
PROSPECT_PREFIX = "prospect:"
UNLIKELY = re.compile(
    r"\b(?:(?:unlikely|not\s+(?:expected|likely|set|going|scheduled|due)|(?:is|are)n[’']t\s+"
    r"(?:expected|likely|going))\s+to|won[’']t|will\s+not)\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)
LIKELY = re.compile(
    r"\b(?:(?<!not\s)(?:expected|likely|set|due|scheduled|planning|plans?)\s+to|will(?!\s+not\b))"
    r"\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)
VAGUE_VERBS = frozenset({"be", "have", "do", "get", "take", "make", "go", "come", "help",
                         "continue", "also", "still", "then", "now", "soon", "likely"})
# "due to the rain", "set to a record": "to" is a preposition when a determiner or pronoun
# follows, and the phrase tells a cause or a value, not what will happen.
NOT_VERBS = frozenset({"the", "a", "an", "his", "her", "its", "their", "this", "that", "these",
                       "those", "our", "my", "your", "some", "any", "no", "every", "each",
                       "him", "them", "it", "us", "me", "what", "which", "whom"})
OBJECT_LOOKAHEAD = 40
CAPITALISED = re.compile(r"\b[A-Z][a-z]+")


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


def prospects(article: Article, analysis: Analysis
              ) -> Iterator[tuple[int, Span, str, float, frozenset[str]]]:
    """(sentence index, phrase span, verb, +1 or -1, capitalised words of what follows) of
    each expectation in the article."""
    found = [(m, -1.0) for m in UNLIKELY.finditer(article.text)]
    taken = [Span(m.start(), m.end()) for m, _ in found]
    found += [(m, 1.0) for m in LIKELY.finditer(article.text)
              if not any(Span(m.start(), m.end()).overlaps(t) for t in taken)]
    for match, value in found:
        verb = match.group("verb").lower()
        if verb in VAGUE_VERBS or verb in NOT_VERBS:
            continue
        after = article.text[match.end(): match.end() + OBJECT_LOOKAHEAD]
        objects = frozenset(w.lower() for w in CAPITALISED.findall(after.split(".")[0]))
        span = Span(match.start(), match.end())
        sentence = next((s.index for s in analysis.sentences if s.span.contains(span)), None)
        if sentence is not None and objects:
            yield sentence, span, verb, value, objects

