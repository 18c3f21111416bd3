"""The dossier laid out for its page: who says what, outlet by outlet.

The dossier JSON (the page's twin) says which articles support a claim, which give each
version of a conflict and how each outlet describes each person; these functions only regroup
it by outlet for the page's tables. Nothing is computed about the text but the word
differences of quote versions, marked for the eye (``quote_diff``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUOTE_MARKS = "\"'“”‘’«»„‟‹›"
COVERED_STATUSES = ("conflict", "agreed", "partial")


@dataclass(frozen=True)
class Column:
    """An outlet of the story (or an article, when its outlet is unknown) and its articles."""

    name: str
    article_ids: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    state: str  # "reported" | "differs" | "absent"
    evidence: tuple[dict[str, Any], ...] = ()
    version: str = ""  # what this outlet says, when it differs


@dataclass(frozen=True)
class CoverageRow:
    claim: dict[str, Any]
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Side:
    """One version of a conflict: the value, who gives it, on what, and when."""

    text: str
    evidence: tuple[dict[str, Any], ...]
    outlets: tuple[str, ...]
    sources: tuple[str, ...]
    published: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    claim: dict[str, Any]
    sides: tuple[Side, ...]
    about: str
    detail: str


@dataclass
class FramingRow:
    entity_name: str
    cells: list[list[dict[str, Any]]] = field(default_factory=list)


def unquoted(text: str) -> str:
    """The text without the quote marks around it, for a page that puts its own."""
    return text.strip().strip(QUOTE_MARKS).strip()


def outlet_columns(dossier: dict[str, Any], labels: dict[str, str]) -> list[Column]:
    """The story's outlets in the order their first article appears."""
    grouped: dict[str, list[str]] = {}
    for article in dossier["story"]["articles"]:
        grouped.setdefault(article["outlet"] or labels[article["id"]], []).append(article["id"])
    return [Column(name, tuple(ids), tuple(labels[i] for i in ids))
            for name, ids in grouped.items()]


def coverage(dossier: dict[str, Any], columns: list[Column]) -> list[CoverageRow]:
    """Each claim reported by several articles, with what each outlet does with it."""
    rows = []
    for status in COVERED_STATUSES:
        for claim in (c for c in dossier["claims"] if c["status"] == status):
            rows.append(CoverageRow(claim, tuple(_cell(claim, column) for column in columns)))
    return rows


def _cell(claim: dict[str, Any], column: Column) -> Cell:
    mine = set(column.article_ids)
    conflict = claim.get("conflict") or {}
    versions = [v for v in conflict.get("versions", ()) if mine & set(v["articles"])]
    if versions and len(conflict["versions"]) > 1:
        return Cell("differs", tuple(e for v in versions for e in v["sides"]
                                     if e["article_id"] in mine),
                    " / ".join(unquoted(v["text"]) for v in versions))
    support = tuple(s["evidence"] for s in claim["support"] if s["article_id"] in mine)
    return Cell("reported", support) if support else Cell("absent")


def disagreements(dossier: dict[str, Any]) -> list[Disagreement]:
    """The conflicts, each version with its outlets, upstream sources and publication times."""
    articles = {a["id"]: a for a in dossier["story"]["articles"]}
    found = []
    for claim in dossier["claims"]:
        conflict = claim.get("conflict")
        if not conflict:
            continue
        versions = conflict.get("versions") or [
            {"text": side["text"], "sides": [side], "articles": [side["article_id"]],
             "independent_sources": []} for side in conflict["sides"]]
        sides = tuple(_side(version, articles) for version in versions)
        found.append(Disagreement(claim, sides, conflict.get("about") or conflict["reason"],
                                  conflict["detail"]))
    return found


def _side(version: dict[str, Any], articles: dict[str, dict[str, Any]]) -> Side:
    given = [articles[i] for i in version["articles"] if i in articles]
    return Side(
        text=unquoted(version["text"]), evidence=tuple(version["sides"]),
        outlets=tuple(dict.fromkeys(a["outlet"] or a["id"][:8] for a in given)),
        sources=tuple(version.get("independent_sources", ())),
        published=tuple(sorted({a["published"] for a in given if a.get("published")})),
    )


def framing_rows(dossier: dict[str, Any], columns: list[Column]) -> list[FramingRow]:
    """Each person or body described, with each outlet's descriptors in its column."""
    index = {article_id: n for n, column in enumerate(columns) for article_id in column.article_ids}
    rows: dict[str, FramingRow] = {}
    for framing in dossier["framing"]:
        row = rows.setdefault(framing["entity_name"], FramingRow(
            framing["entity_name"], [[] for _ in columns]))
        column = index.get(framing["article_id"])
        if column is not None:
            row.cells[column].extend(framing["descriptors"])
    return list(rows.values())


def layout(dossier: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """Everything the dossier page shows beyond the dossier itself."""
    columns = outlet_columns(dossier, labels)
    dates = sorted(a["published"] for a in dossier["story"]["articles"] if a.get("published"))
    return {
        "columns": columns,
        "outlet_of": {a["id"]: a["outlet"] for a in dossier["story"]["articles"]},
        "coverage": coverage(dossier, columns),
        "disagreements": disagreements(dossier),
        "framing_rows": framing_rows(dossier, columns),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "by_status": {status: [c for c in dossier["claims"] if c["status"] == status]
                      for status in ("conflict", "agreed", "partial", "single")},
    }
