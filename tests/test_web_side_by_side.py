"""Two articles side by side, on hand-written records: matches in reading order share a row,
a crossing match becomes a link each way, and every sentence appears once, in order."""

from __future__ import annotations

from crosscheck.web.side_by_side import aligned_rows, to_json

LEFT = ["The ferry sank at dawn.", "Nine crew were rescued.", "The captain is missing.",
        "A storm had been forecast."]
RIGHT = ["A storm was forecast on Monday.", "The ferry went down early on Tuesday.",
         "Rescuers pulled nine sailors out.", "Divers joined the search."]


def article(article_id: str, sentences: list[str]) -> dict:
    text = " ".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append({"start": start, "end": start + len(sentence)})
        start += len(sentence) + 1
    return {"article": {"id": article_id, "text": text}, "sentences": spans}


def claim(claim_id: int, *sides: tuple[dict, int]) -> dict:
    support = []
    for data, position in sides:
        span = data["sentences"][position]
        support.append({"article_id": data["article"]["id"],
                        "evidence": {"article_id": data["article"]["id"], "span": span}})
    return {"id": claim_id, "status": "agreed", "support": support}


def test_matches_in_order_share_rows_and_a_crossing_match_links_both_ways():
    a, b = article("a", LEFT), article("b", RIGHT)
    dossier = {"claims": [claim(0, (a, 0), (b, 1)), claim(1, (a, 1), (b, 2)),
                          claim(2, (a, 3), (b, 0))]}  # the forecast: first in b, last in a
    rows = to_json(aligned_rows(dossier, a, b))
    assert [row["a"]["text"] for row in rows if row["a"]] == LEFT
    assert [row["b"]["text"] for row in rows if row["b"]] == RIGHT
    matched = [(row["a"]["text"], row["b"]["text"]) for row in rows if row["claim"] is not None]
    assert matched == [(LEFT[0], RIGHT[1]), (LEFT[1], RIGHT[2])]
    forecast_a = next(n for n, row in enumerate(rows) if row["a"] and row["a"]["text"] == LEFT[3])
    forecast_b = next(n for n, row in enumerate(rows) if row["b"] and row["b"]["text"] == RIGHT[0])
    assert rows[forecast_a]["a"]["also_rows"] == [forecast_b]
    assert rows[forecast_b]["b"]["also_rows"] == [forecast_a]
    assert rows[forecast_a]["a"]["claim"] == 2


def test_articles_with_nothing_in_common_stand_side_by_side_unmatched():
    a, b = article("a", LEFT[:2]), article("b", RIGHT)
    rows = to_json(aligned_rows({"claims": []}, a, b))
    assert len(rows) == len(RIGHT)
    assert all(row["claim"] is None for row in rows)
    assert [row["a"] is None for row in rows] == [False, False, True, True]
