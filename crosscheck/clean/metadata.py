"""Metadata a plain text carries in its boilerplate: outlet, author, publication date.

Only removed boilerplate lines are read for the outlet and the author (a body paragraph that
mentions "a reporter at the Times" says nothing about who published the article), and the
date only from the header, before the first body paragraph: a date printed in a list of
related articles is the date of another article.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from crosscheck.clean.rules import DATE_PATTERN
from crosscheck.clean.text_lines import Line

_NAME = r"(?:[A-Z][\w&'’.-]*)(?:\s+(?:of|the|and|&|[A-Z][\w&'’.-]*)){0,4}"
_OUTLET_CUES = (
    # "Subscribe to The Week", "Sign up for The Week's Free Newsletters"
    re.compile(rf"\b(?i:subscribe to|sign up (?:for|to)|follow)\s+(?P<name>{_NAME})"),
    # "a senior writer at The Week since 2014"
    re.compile(
        r"\b(?i:writer|editor|reporter|correspondent|columnist|journalist|contributor|producer)"
        rf"\s+(?i:at|for|with)\s+(?P<name>{_NAME})"
    ),
    # "Jane Doe is the Example Gazette's city hall reporter"
    re.compile(
        rf"\b(?:is|was) (?:the |a |an )?(?P<name>{_NAME})['’]s\s+(?:[\w-]+\s+){{0,3}}"
        r"(?i:writer|editor|reporter|correspondent|columnist|critic)\b"
    ),
    # "Jane Doe reports on transport for the Example Courier"
    re.compile(
        r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}\s+(?i:reports|writes|covers)\b[^.]{0,80}?"
        rf"\s(?i:for|at)\s+(?:the\s+)?(?P<name>{_NAME})"
    ),
    # "the best features from TheWeek.com", "© 2024 Example News"
    re.compile(r"\b(?P<name>[A-Z][\w-]*\.(?:com|co\.uk|org|net|news))\b"),
)
# A copyright line names who holds the rights: the outlet, its owner ("Copyright Gannett" under
# a local paper), or a wire whose copy the outlet printed ("© 2022 The Associated Press"). So it
# only confirms an outlet another cue names; alone it names none.
_COPYRIGHT_CUE = re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s+)?(?P<name>{_NAME})", re.I)
# Words that follow a cue but are not an outlet's name ("Sign up for Today's Best Articles").
_NOT_OUTLET = frozenset(
    "today tomorrow our the this your all free daily weekly breaking news updates".split()
)
_STOP_AT = re.compile(r"['’]s\b.*$|\s+(?:since|in|from|and|to|for|on|with|delivered)\b.*$")

# A bio names a person, then says what they do: "is a senior writer", "was the paper's
# editor", "has worked as ...", "writes about ...". "is reporting" or "is facing" is news about
# someone, not a bio: after "is/was" a role noun must come within a few words.
_BIO = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+"
    r"(?:(?:is|was)\s+(?:(?!(?:after|who|that|when|because|as|over)\b)[\w'’-]+\s+){0,5}?(?i:writer|editor|reporter|correspondent|journalist"
    r"|columnist|contributor|author|co-author|producer|critic|anchor|host)s?\b"
    r"|has (?:worked|been|written|reported)|writes|covers|joined|reports)\b"
)
_ROLE = re.compile(
    r"\b(?:writer|editor|reporter|correspondent|journalist|columnist|contributor|author|"
    r"producer|critic|reporting|writing|reports (?:on|for|from)|writes (?:on|about|for))\b",
    re.I,
)
_BYLINE_NAME = re.compile(r"^by\s+(?P<name>[^,|]+?)(?:\s*(?:,|\||\bpublished\b|\bupdated\b|$))", re.I)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan",), ("feb",), ("mar",), ("apr",), ("may",), ("jun",), ("jul",), ("aug",),
         ("sep", "sept"), ("oct",), ("nov",), ("dec",)],
        start=1,
    )
    for name in names
}  # fmt: skip


def _squash(name: str) -> str:
    """'The Week', 'TheWeek.com' and 'theweek' compare equal."""
    name = re.sub(r"\.(?:com|co\.uk|org|net|news)$", "", name, flags=re.I)
    return re.sub(r"\W+", "", name).casefold()


def _clean_name(raw: str) -> str | None:
    name = _STOP_AT.sub("", re.split(r"\.\s", raw)[0]).strip(" .,;:-")
    first = name.split()[0].casefold() if name.split() else ""
    if not name or (first in _NOT_OUTLET and len(name.split()) == 1):
        return None
    if first in _NOT_OUTLET - {"the"}:
        return None
    return name


def outlet_from_self_references(lines: list[Line]) -> str | None:
    """The outlet named most often by prompts, bios and site names, or None.

    Different spellings vote together ('The Week', 'TheWeek.com'); the spaced form with the
    most votes names the outlet. One vote is enough when nothing competes with it. A copyright
    line only adds a vote to an outlet another cue names (see _COPYRIGHT_CUE).
    """
    votes: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    confirming: list[str] = []
    for line in lines:
        for cue in (*_OUTLET_CUES, _COPYRIGHT_CUE):
            for match in cue.finditer(line.text):
                name = _clean_name(match.group("name"))
                if name and cue is _COPYRIGHT_CUE:
                    confirming.append(name)
                elif name:
                    _vote(name, votes, spellings)
    for name in confirming:
        if _squash(name) in votes:
            _vote(name, votes, spellings)
    if not votes:
        return None
    (best, count), *rest = votes.most_common()
    if rest and rest[0][1] == count:
        return None  # a tie: no outlet is stated more clearly than another
    spaced = [name for name in spellings[best] if " " in name or not re.search(r"\.\w+$", name)]
    return max(spaced or spellings[best], key=lambda name: spellings[best][name])


def _vote(name: str, votes: Counter[str], spellings: dict[str, Counter[str]]) -> None:
    key = _squash(name)
    votes[key] += 1
    spellings.setdefault(key, Counter())[name] += 1


def author_from_bio(text: str, *, role_window: int = 200) -> str | None:
    """'Jane Doe has worked as a senior writer at X since 2014.' -> 'Jane Doe'."""
    match = _BIO.match(text)
    if match and _ROLE.search(text[: match.end() + role_window]):
        return match.group("name")
    return None


def author_from_byline(text: str) -> str | None:
    """'By Jane Doe, Example News' -> 'Jane Doe' (a byline naming only the outlet gives None)."""
    match = _BYLINE_NAME.match(text.strip())
    if not match:
        return None
    name = match.group("name").strip()
    parts = name.split()
    if not 2 <= len(parts) <= 4 or not all(part[0].isupper() for part in parts):
        return None
    return name


def parse_date(text: str) -> str | None:
    """The first date written out in ``text`` as ISO 8601, or None."""
    match = DATE_PATTERN.search(text)
    if not match:
        return None
    found = match.group(0)
    iso = re.match(r"((?:19|20)\d{2})-(\d{2})-(\d{2})", found)
    if iso:
        year, month, day = map(int, iso.groups())
    else:
        month_name = re.search(r"[a-z]+", found, re.I).group(0)[:4].rstrip("t").casefold()
        month = _MONTHS.get(month_name[:4]) or _MONTHS.get(month_name[:3], 0)
        numbers = [int(n) for n in re.findall(r"\d+", found)]
        day, year = (numbers[0], numbers[1]) if numbers[0] < 100 else (numbers[1], numbers[0])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
