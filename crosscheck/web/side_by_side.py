"""Two articles of a story side by side, their matching sentences on one row.

Two sentences match when the dossier puts them in one claim (agreed, reported by some, or in
conflict). Matches are kept in reading order on both sides (the longest chain of matches
whose sentences come in the same order in both articles); a match that would cross another
is shown as a link from each side instead of a row. Sentences that match nothing sit between
the rows of the matches around them, each article's in its own column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sentence:
    position: int  # its number in its article, from 0
    start: int
    end: int
    text: str
    claim: dict[str, Any] | None = None  # the claim it shares with the other article
    elsewhere: list[int] = field(default_factory=list)  # rows of crossing matches


@dataclass(frozen=True)
class Row:
    a: Sentence | None
    b: Sentence | None
    claim: dict[str, Any] | None = None  # set when a and b match


def sentences_of(article: dict[str, Any]) -> list[Sentence]:
    """An article's sentences (``views.article``'s data) with their text."""
    text = article["article"]["text"]
    return [Sentence(n, s["start"], s["end"], text[s["start"]:s["end"]])
            for n, s in enumerate(sorted(article["sentences"], key=lambda s: s["start"]))]


def aligned_rows(dossier: dict[str, Any], a: dict[str, Any], b: dict[str, Any]) -> list[Row]:
    """The rows of the two articles (``views.article`` data), in reading order."""
    left, right = sentences_of(a), sentences_of(b)
    pairs = _matches(dossier, a["article"]["id"], b["article"]["id"], left, right)
    chain = _ordered_chain(pairs)
    rows: list[Row] = []
    i = j = 0
    for pa, pb, claim in chain:
        rows += _unmatched(left[i:pa], right[j:pb])
        left[pa].claim = right[pb].claim = claim
        rows.append(Row(left[pa], right[pb], claim))
        i, j = pa + 1, pb + 1
    rows += _unmatched(left[i:], right[j:])
    _link_crossing(pairs, chain, left, right, rows)
    return rows


def _matches(dossier: dict[str, Any], id_a: str, id_b: str, left: list[Sentence],
             right: list[Sentence]) -> list[tuple[int, int, dict[str, Any]]]:
    by_span_a = {(s.start, s.end): s.position for s in left}
    by_span_b = {(s.start, s.end): s.position for s in right}
    pairs = []
    for claim in dossier["claims"]:
        spans: dict[str, tuple[int, int]] = {}
        for support in claim["support"]:
            span = support["evidence"]["span"]
            spans.setdefault(support["article_id"], (span["start"], span["end"]))
        if id_a in spans and id_b in spans and spans[id_a] in by_span_a \
                and spans[id_b] in by_span_b:
            pairs.append((by_span_a[spans[id_a]], by_span_b[spans[id_b]], claim))
    return sorted(pairs, key=lambda pair: (pair[0], pair[1]))


def _ordered_chain(pairs: list[tuple[int, int, dict[str, Any]]]
                   ) -> list[tuple[int, int, dict[str, Any]]]:
    """The longest run of pairs increasing on both sides (a quadratic longest increasing
    subsequence: a story's two articles share tens of claims, not thousands)."""
    best: list[list[tuple[int, int, dict[str, Any]]]] = []
    for n, pair in enumerate(pairs):
        before = [best[m] for m in range(n)
                  if pairs[m][0] < pair[0] and pairs[m][1] < pair[1]]
        best.append(max(before, key=len, default=[]) + [pair])
    return max(best, key=len, default=[])


def _unmatched(left: list[Sentence], right: list[Sentence]) -> list[Row]:
    count = max(len(left), len(right))
    return [Row(left[n] if n < len(left) else None, right[n] if n < len(right) else None)
            for n in range(count)]


def _link_crossing(pairs: list[tuple[int, int, dict[str, Any]]],
                   chain: list[tuple[int, int, dict[str, Any]]], left: list[Sentence],
                   right: list[Sentence], rows: list[Row]) -> None:
    """Each match left out of the rows: a link from each side to the row of the other."""
    row_of_a = {id(row.a): n for n, row in enumerate(rows) if row.a is not None}
    row_of_b = {id(row.b): n for n, row in enumerate(rows) if row.b is not None}
    kept = {(pa, pb) for pa, pb, _ in chain}
    for pa, pb, claim in pairs:
        if (pa, pb) in kept:
            continue
        left[pa].elsewhere.append(row_of_b[id(right[pb])])
        right[pb].elsewhere.append(row_of_a[id(left[pa])])
        left[pa].claim = left[pa].claim or claim
        right[pb].claim = right[pb].claim or claim


def to_json(rows: list[Row]) -> list[dict[str, Any]]:
    """The rows for the JSON twin: each side's span and text, the claim id when they match."""
    def side(sentence: Sentence | None) -> dict[str, Any] | None:
        if sentence is None:
            return None
        return {"span": {"start": sentence.start, "end": sentence.end}, "text": sentence.text,
                "claim": None if sentence.claim is None else sentence.claim["id"],
                "also_rows": sentence.elsewhere}

    return [{"a": side(row.a), "b": side(row.b),
             "claim": None if row.claim is None else row.claim["id"],
             "status": None if row.claim is None else row.claim["status"]} for row in rows]
