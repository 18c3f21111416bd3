"""Hedges and evidentiality: words that say a statement is unproven, reported, or uncertain.

Kinds: "no-evidence" ("without providing evidence"), "claim-verb" ("claimed", "alleged"),
"allegedly" ("allegedly", "reportedly"), "unverified" ("could not be independently
verified"), "speculation" ("some analysts believe", "it is unclear") and "modal" ("could",
"may", "might"). Each hedge covers the quote it sits in; a "no-evidence", "claim-verb" or
"unverified" hedge outside quote marks covers the quote reported in its sentence (the claim
it qualifies) when there is one; otherwise a hedge covers its sentence.
"""

from __future__ import annotations

import bisect
import re

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.records import Hedge, Quote, Sentence, Span

_PATTERNS = (
    ("no-evidence", r"\bwithout\s+(?:(?:providing|citing|offering|giving|presenting|showing|"
                    r"producing|presenting|any)\s+)?(?:any\s+|a\s+shred\s+of\s+|supporting\s+)?"
                    r"(?:evidence|proof)\b"),
    ("no-evidence", r"\b(?:provided|offered|gave|presented|cited|produced|showed)\s+no\s+"
                    r"(?:evidence|proof)\b"),
    ("no-evidence", r"\b(?:did|does|has|have)\s+not\s+(?:provide|offer|give|present|cite|"
                    r"produce|show)n?d?\s+(?:any\s+)?(?:evidence|proof)\b"),
    ("unverified", r"\b(?:could|can|has|have|had)\s+not\s+(?:be\s+|been\s+)?(?:independently\s+)?"
                   r"(?:verified|confirmed)\b"),
    ("unverified", r"\bit\s+(?:was|is)\s+not\s+(?:immediately\s+)?possible\s+to\s+"
                   r"(?:independently\s+)?(?:verify|confirm)\b"),
    ("unverified", r"\b(?:unverified|unconfirmed|unsubstantiated|unfounded)\b"),
    ("speculation", r"\bit\s+(?:is|was|remains|remained)\s+(?:unclear|not\s+clear|uncertain)\b"),
    ("speculation", r"\b(?:some|many|several|other)\s+(?:analysts|experts|observers|officials|"
                    r"critics|commentators|diplomats|observers)\s+(?:believe|believed|say|said|"
                    r"think|thought|suggest|suggested|speculate|speculated|fear|feared)\b"),
    ("speculation", r"\bspeculation\b"),
    ("allegedly", r"\b(?:allegedly|reportedly|purportedly|supposedly|ostensibly)\b"),
    ("allegedly", r"\b(?:is|are|was|were)\s+(?:widely\s+)?(?:believed|thought|said|reported|"
                  r"alleged|rumou?red)\s+to\b"),
    ("speculation", r"\b(?:appears?|appeared|seems?|seemed)\s+to\b"),
)
_COMPILED = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS)
_CLAIM_LEMMAS = frozenset({"claim", "allege", "purport"})
_MODALS = frozenset({"could", "may", "might"})
_CLAIM_KINDS = frozenset({"no-evidence", "claim-verb", "unverified"})


def find_hedges(doc, sentences: tuple[Sentence, ...], quotes: tuple[Quote, ...],  # type: ignore[no-untyped-def]
                *, sentence_of, index: DocIndex | None = None) -> tuple[Hedge, ...]:
    """Hedges in ``doc``, each attached to the quote or sentence it qualifies; ``index`` is
    the Doc's ``DocIndex`` if built."""
    index = index if index is not None else DocIndex.of(doc)
    found: list[tuple[Span, str]] = []
    text = index.text
    for kind, pattern in _COMPILED:
        found.extend((Span(m.start(), m.end()), kind) for m in pattern.finditer(text))
    for i, token in enumerate(index.tokens):
        if index.pos[i] == "VERB" and index.lemma[i] in _CLAIM_LEMMAS:
            found.append((Span(token.idx, token.idx + len(token.text)), "claim-verb"))
        elif index.tag[i] == "MD" and index.lower[i] in _MODALS:
            found.append((Span(token.idx, token.idx + len(token.text)), "modal"))
    found = _without_overlaps(found)
    quote_starts = sorted((quote.span.start, index) for index, quote in enumerate(quotes))
    return tuple(_attach(span, kind, sentences, quotes, quote_starts, sentence_of)
                 for span, kind in found)


def _without_overlaps(found: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Keep the first-listed, longest match where two overlap, in text order."""
    kept: list[tuple[Span, str]] = []
    for span, kind in sorted(found, key=lambda item: (item[0].start, -len(item[0]))):
        if kept and kept[-1][0].overlaps(span):
            continue
        kept.append((span, kind))
    return kept


def _attach(span: Span, kind: str, sentences, quotes, quote_starts, sentence_of) -> Hedge:  # type: ignore[no-untyped-def]
    position = bisect.bisect_right(quote_starts, (span.start, len(quotes))) - 1
    for _, index in reversed(quote_starts[: position + 1]):
        if quotes[index].span.contains(span):
            return Hedge(span=span, kind=kind, covers=quotes[index].span, quote=index)
    sentence = sentence_of(span.start) if sentences else None
    if sentence is None:
        return Hedge(span=span, kind=kind, covers=span)
    if kind in _CLAIM_KINDS:
        reported = [i for i, quote in enumerate(quotes)
                    if sentence_of(quote.span.start) == sentence]
        if reported:
            nearest = min(reported, key=lambda i: _gap(quotes[i].span, span))
            return Hedge(span=span, kind=kind, covers=quotes[nearest].span, quote=nearest)
    return Hedge(span=span, kind=kind, covers=sentences[sentence].span)


def _gap(a: Span, b: Span) -> int:
    return max(a.start - b.end, b.start - a.end, 0)
