"""Plain text: the seeds' shape (optional section label line, headline, body paragraphs, web
boilerplate possibly interleaved). The reader does not clean: it passes the decoded text on
with ``cleaned=False`` and the cleaner (crosscheck.clean) finds the section label, headline,
boilerplate and metadata."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from crosscheck.records import Article, Rejection, content_id

# Characters no stored text may hold: lone surrogates (which no file can hold: they come from
# a "\\udc80" escape in JSON, or an undecodable byte in a file name or argument) and NUL
# (which PostgreSQL refuses in text; SQLite would keep it): replaced when an input is read,
# so both stores keep the same text.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Given:
    """Metadata stated by whoever handed us the input (``--outlet``, JSONL fields). It wins
    over anything read from the page itself."""

    outlet: str | None = None
    title: str = ""
    author: str | None = None
    published: str | None = None
    url: str | None = None
    provenance: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_outlet(cls, outlet: str | None) -> Given:
        outlet = storable(outlet or "").strip() or None  # "--outlet ''" states nothing
        return cls(outlet=outlet, provenance=(("outlet", "argument"),) if outlet else ())


def article_id(outlet: str | None, title: str | None, text: str) -> str:
    """The content hash of an article as read: the same input always gets the same id, so
    ingesting it again changes nothing."""
    return content_id(outlet, title, text)


def storable(text: str) -> str:
    """The text with lone surrogates and NUL replaced by U+FFFD (see ``_UNSTORABLE``)."""
    return _UNSTORABLE.sub(REPLACEMENT, text)


def source_name(path: str | Path) -> str:
    """A path as an input's source: bytes of the name that are not UTF-8 (a file name from
    another system) shown as ``\\xe9`` escapes rather than kept as lone surrogates, which
    could not be encoded, hashed or stored."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def normalise_newlines(text: str) -> str:
    """Newlines as \\n, and lone surrogates and NUL as U+FFFD (``storable``)."""
    return storable(text).replace("\r\n", "\n").replace("\r", "\n")


def read_text(text: str, *, source: str, outlet: str | None = None) -> Article | Rejection:
    """An uncleaned Article from plain text, or Rejection("empty")."""
    return text_article(text, source=source, given=Given.from_outlet(outlet))


def text_article(text: str, *, source: str, given: Given, fmt: str = "text") -> Article | Rejection:
    text = normalise_newlines(text).lstrip("\ufeff")
    if not text.strip():
        return Rejection(source=source, stage="read", reason="empty")
    return Article(
        id=article_id(given.outlet, given.title, text),
        source=source,
        format=fmt,
        text=text,
        title=given.title,
        outlet=given.outlet,
        author=given.author,
        published=given.published,
        url=given.url,
        cleaned=False,
        provenance=given.provenance,
    )
