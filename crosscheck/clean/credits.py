"""Credits in the lines the cleaner removed: the wire behind a copyright line, a photo or
video credit under a picture, a syndication line.

Cleaning takes out "Copyright 2018 The Associated Press. All rights reserved." and
"(Jane Doe/AP)" as boilerplate, rightly for the reading text, but the credit they carry
says where the article comes from. The removed lines stay on the article
(``Article.removed``); this module reads the credits back out of them so that compare can
list them as upstream sources, with the credit's words as evidence (they are words of the
text as read, not of the cleaned text).

Only sources the known-sources table calls a wire or a state agency are taken from a
copyright line: "© 2024 Example Gazette" is the outlet's own notice, not an upstream source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosscheck.analyze import sources
from crosscheck.analyze.channels import PHOTO, SYNDICATION, VIDEO
from crosscheck.records import Article, RemovedLine

COPYRIGHT = re.compile(
    r"(?i:©|\(c\)|copyright)\s*(?:\d{4}\s*,?\s*)?(?i:by\s+)?(?P<name>(?:The\s+)?[A-Z][\w&.'-]*"
    r"(?:[ ]+[A-Z][\w&.'-]*){0,4})"
)
DATELINE_CREDIT = re.compile(r"\((?P<name>AP|Reuters|AFP|UPI|dpa|Xinhua|TASS|Bloomberg|PA)\)")
CONTRIBUTED = re.compile(
    r"\b(?P<name>(?:The\s+)?[A-Z][\w&.'-]*(?:[ ]+[A-Z][\w&.'-]*){0,4})\s+contributed\b"
)
WIRE_KINDS = frozenset({"wire", "state-agency"})
# Line patterns in the order tried, with the kind of credit each gives.
LINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wire", COPYRIGHT), ("wire", DATELINE_CREDIT), ("credit", CONTRIBUTED),
    *(("photo-credit", p) for p in PHOTO), *(("video-credit", p) for p in VIDEO),
    *(("syndication", p) for p in SYNDICATION),
)


@dataclass(frozen=True)
class LineCredit:
    """An upstream source credited by a removed line."""

    source: str  # canonical name: "Associated Press"
    kind: str  # "wire" | "credit" | "photo-credit" | "video-credit" | "syndication"
    line_no: int  # the removed line's number in the text as read
    text: str  # the credit's words, as read: "Copyright 2018 The Associated Press"


def removed_credits(article: Article) -> tuple[LineCredit, ...]:
    """The credits of every line the cleaner removed from ``article``."""
    return tuple(credit for line in article.removed for credit in line_credits(line))


def line_credits(line: RemovedLine) -> list[LineCredit]:
    """Credits in one removed line; each stretch of the line gives at most one."""
    found: list[LineCredit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in LINE_PATTERNS:
        for match in pattern.finditer(line.text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            name = _name_as_written(match.group("name"))
            source = _credited(kind, name) if name else None
            if source is not None:
                taken.append((match.start(), match.end()))
                words = _credit_words(line.text, match, name)
                found.append(LineCredit(source, kind, line.line_no, words))
    return found


def _credit_words(text: str, match: re.Match[str], name: str) -> str:
    """The credit as written; a copyright line's name may run on ("... Press. All rights")."""
    if match.re is COPYRIGHT:
        return text[match.start(): match.start("name") + len(name)]
    return match.group(0).strip()


def _name_as_written(raw: str) -> str:
    """The credited name up to the end of its sentence: "The Associated Press. All" ->
    "The Associated Press"."""
    return re.split(r"\.\s", raw)[0].strip(" .,;:")


def _credited(kind: str, name: str) -> str | None:
    """The canonical source a credit names; a copyright or "contributed" line counts only for
    a known wire or agency (an outlet's own copyright is not upstream)."""
    known = sources.lookup(name)
    if kind in ("wire", "credit"):
        return known.name if known is not None and known.kind in WIRE_KINDS else None
    return known.name if known is not None else sources.canonical_source(name)
