"""Hand-made records and a whole-database fingerprint, shared by the store and ingest tests."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from crosscheck.records import Article, RemovedLine, content_id


def make_article(
    title: str, body: str, *, outlet: str | None = "Daily Example", **fields
) -> Article:
    text = f"{title}\n{body}"
    values = {
        "id": content_id(outlet, title, text),
        "source": f"{title.lower().replace(' ', '-')}.txt",
        "format": "text",
        "text": text,
        "title": title,
        "outlet": outlet,
        "cleaned": True,
        "removed": (RemovedLine(3, "Subscribe to our newsletter", "newsletter-prompt"),),
        "provenance": (("outlet", "test"),),
    }
    values.update(fields)
    return Article(**values)


def fingerprint(path: Path) -> str:
    """A hash of every row of every table (the FTS shadow tables included)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode("utf-8")).hexdigest()
    finally:
        conn.close()
