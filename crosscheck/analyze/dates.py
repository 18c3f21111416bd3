"""Dates: absolute ("Oct. 10, 2022", "10 October", "February") and relative ("on Monday",
"earlier this year", "over the weekend", "last week", "yesterday").

Candidates are spaCy's DATE entities plus weekday and "yesterday"-style words it missed.
Relative dates are resolved against the article's publication date when it is known, and
kept with their phrase and ``resolved=None`` when it is not. A weekday or a month without a
year is read as the most recent one on or before publication (news reports the past), or
the next one after it when the verb it attaches to is in the future tense ("will meet on
Monday"); a month and day whose verb gives no tense ("faces a June 3 deadline") is the next
one when it is a few weeks ahead at most. ``resolved`` is an ISO 8601 string: a day (2022-10-10), a month (2022-10), a year
(2022), or an ISO week (2022-W40) for "last week".
"""

from __future__ import annotations

import datetime as dt
import re

from crosscheck.records import DateRef, Span

MONTHS = {name: i + 1 for i, name in enumerate(
    "january february march april may june july august september october november december"
    .split())}
for _name, _number in list(MONTHS.items()):
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = MONTHS["sep"] = 9
WEEKDAYS = {name: i for i, name in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split())}
_MONTH = (r"\b(?P<month>january|february|march|april|may|june|july|august|september|october"
          r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?")
_ABSOLUTE = [
    re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})\b"),
    # "10 Nov 11": day, month, two-digit year (read before "Nov 11" can be taken for a day)
    re.compile(r"\b(?P<day>\d{1,2})\s+" + _MONTH + r"\s+(?P<yy>\d{2})\b(?![:.]\d)"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4}))?"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?"),
    re.compile(_MONTH + r"(?:\s+(?:of\s+)?(?P<year>\d{4}))?"),
    re.compile(r"\b(?P<year>(?:1[5-9]|20)\d{2})(?P<decade>s)?\b"),
]
# Auxiliaries of a past tense: "has met", "had met", "was met", "did meet".
PAST_AUXILIARIES = frozenset({"has", "have", "had", "was", "were", "did", "'d"})
# A month and day written without a year, of a verb that gives no tense, is ahead of the
# report when it falls this close after it: reports look to deadlines and coming votes.
NEAR_AHEAD_DAYS = 45
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_ONE_DAY = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
            "this evening": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}
_AGO = re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                  r"(?P<unit>day|week|month|year)s?\s+ago\b")
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_UNIT = r"(?P<unit>week|month|year|weekend)"
_CALENDAR = re.compile(r"\b(?P<which>last|this|next|past|previous|coming)\s+" + _UNIT + r"\b")
_BARE_UNIT = re.compile(r"\b(?:the\s+)?" + _UNIT + r"\b")
_AGE = re.compile(r"\byears?[- ]old\b|\baged?\b", re.IGNORECASE)  # "10-year-old": an age
_FALLBACK = re.compile(
    r"\b(?:(?:on|last|next|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday)\b|\b(?:yesterday|today|tomorrow|tonight|last night)\b", re.IGNORECASE)


def find_dates(doc, *, published: str | None, sentence_of,  # type: ignore[no-untyped-def]
               text: str | None = None) -> tuple[DateRef, ...]:
    """Date references in ``doc``; ``sentence_of(offset)`` gives a sentence index; ``text``
    is ``doc.text`` when the caller has it (a Doc joins its tokens again on every access)."""
    anchor = _parse_iso(published)
    text = doc.text if text is None else text
    found = []
    taken: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "DATE" and not _AGE.search(ent.text):
            span = Span(ent.start_char, ent.end_char)
            taken.append(span)
            found.append(_date_ref(text, span, anchor, sentence_of, _tense(ent.root)))
    for match in _FALLBACK.finditer(text):
        span = Span(match.start(), match.end())
        if not any(span.overlaps(other) for other in taken):
            token = doc.char_span(span.start, span.end, alignment_mode="expand")
            tense = _tense(token.root) if token else None
            found.append(_date_ref(text, span, anchor, sentence_of, tense))
    found.sort(key=lambda ref: ref.span)
    return tuple(found)


def _date_ref(text: str, span: Span, anchor, sentence_of, tense: str | None) -> DateRef:  # type: ignore[no-untyped-def]
    phrase = text[span.start : span.end]
    resolved, kind = resolve_phrase(phrase, anchor, future=tense == "future",
                                    nearest=tense is None)
    return DateRef(span=span, phrase=phrase, resolved=resolved, kind=kind,
                   sentence=sentence_of(span.start))


def _tense(token) -> str | None:  # type: ignore[no-untyped-def]
    """The tense of the verb a date attaches to: "future" ("will meet on Monday"), "past"
    ("met on Monday", "has met", "had met"), or None when the verb says neither (a present,
    an infinitive: "faces a June 3 deadline", "threatened to close the bridge by June 3") or the
    date is a noun's ("came days before a June 3 deadline": the deadline's day)."""
    for step in range(4):
        pos = token.pos_
        if pos in ("VERB", "AUX"):
            auxiliaries = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
            if any(a in ("will", "'ll", "shall") for a in auxiliaries):
                return "future"
            if token.tag_ == "VBD" or any(a in PAST_AUXILIARIES for a in auxiliaries):
                return "past"
            return None
        if step and pos == "NOUN":
            return None
        if token.head.i == token.i:  # the root (spaCy makes a new Token per access)
            return None
        token = token.head
    return None


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve_phrase(phrase: str, anchor: dt.date | None, *, future: bool = False,
                   nearest: bool = False) -> tuple[str | None, str]:
    """(resolved ISO string or None, kind) for one date phrase."""
    lower = phrase.lower()
    absolute = _absolute(lower, anchor, future, nearest)
    if absolute is not None:
        return absolute
    relative = _relative(lower, anchor, future)
    if relative is not None:
        return relative
    return None, "period"


def _absolute(lower: str, anchor: dt.date | None, future: bool, nearest: bool = False
              ) -> tuple[str | None, str] | None:
    for pattern in _ABSOLUTE:
        match = pattern.search(lower)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("decade"):
            return f"{groups['year'][:3]}0s", "period"
        month = int(groups["m"]) if groups.get("m") else MONTHS.get(groups.get("month") or "")
        year = int(groups["year"]) if groups.get("year") else None
        if groups.get("yy"):
            year = 2000 + int(groups["yy"])
        day = int(groups["day"]) if groups.get("day") else None
        if month is None:
            return str(year), "absolute"
        if year is None:
            year = _year_for(month, day, anchor, future, nearest)
        return _format(year, month, day), "absolute"
    return None


def _year_for(month: int, day: int | None, anchor: dt.date | None, future: bool,
              nearest: bool = False) -> int | None:
    """The year of a month (and day) written without one, seen from the publication date:
    the next one for a verb in the future tense, the last one before it otherwise, except
    that a verb of no tense takes a day at most NEAR_AHEAD_DAYS ahead ("faces a June 3
    deadline" in a report of May 20)."""
    if anchor is None:
        return None
    day_or_first = day or 1
    if nearest and not future:
        ahead = anchor.year if (month, day_or_first) >= (anchor.month, anchor.day) else anchor.year + 1
        try:
            future = (dt.date(ahead, month, day_or_first) - anchor).days <= NEAR_AHEAD_DAYS
        except ValueError:  # 29 February of a common year
            future = False
    if future:
        return anchor.year if (month, day_or_first) >= (anchor.month, anchor.day) else anchor.year + 1
    return anchor.year if (month, day_or_first) <= (anchor.month, anchor.day) else anchor.year - 1


def _format(year: int | None, month: int, day: int | None) -> str | None:
    if year is None:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _relative(lower: str, anchor: dt.date | None, future: bool) -> tuple[str | None, str] | None:
    for words, offset in _ONE_DAY.items():
        if re.search(r"\b" + words + r"\b", lower):
            return _shift(anchor, offset), "relative"
    weekday = _WEEKDAY.search(lower)
    if weekday:
        return _weekday(anchor, WEEKDAYS[weekday.group(1)], lower, future), "relative"
    ago = _AGO.search(lower)
    if ago:
        count = _SMALL.get(ago.group("n")) or int(ago.group("n"))
        return _back(anchor, count, ago.group("unit")), "relative"
    calendar = _CALENDAR.search(lower)
    if calendar:
        which = calendar.group("which")
        step = -1 if which in ("last", "past", "previous") else 1 if which in ("next", "coming") else 0
        if which == "past" and calendar.group("unit") != "weekend":
            return None, "period"  # "the past week" is a stretch of time, not a point
        return _unit(anchor, calendar.group("unit"), step, future), "relative"
    bare = _BARE_UNIT.fullmatch(lower.strip())
    if bare and bare.group("unit") == "weekend":
        return _unit(anchor, "weekend", 0, future), "relative"
    return None


def _shift(anchor: dt.date | None, days: int) -> str | None:
    return None if anchor is None else (anchor + dt.timedelta(days=days)).isoformat()


def _weekday(anchor: dt.date | None, weekday: int, lower: str, future: bool) -> str | None:
    if anchor is None:
        return None
    back = (anchor.weekday() - weekday) % 7
    if "last" in lower.split() and back == 0:
        back = 7
    if future or "next" in lower.split():
        ahead = (weekday - anchor.weekday()) % 7 or 7
        return (anchor + dt.timedelta(days=ahead)).isoformat()
    return (anchor - dt.timedelta(days=back)).isoformat()


def _back(anchor: dt.date | None, count: int, unit: str) -> str | None:
    if anchor is None:
        return None
    if unit == "day":
        return (anchor - dt.timedelta(days=count)).isoformat()
    if unit == "week":
        return (anchor - dt.timedelta(weeks=count)).isoformat()
    if unit == "month":
        months = anchor.year * 12 + anchor.month - 1 - count
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    return f"{anchor.year - count:04d}"


def _unit(anchor: dt.date | None, unit: str, step: int, future: bool) -> str | None:
    """'last week' -> ISO week; 'this month' -> YYYY-MM; 'next year' -> YYYY; weekends as
    the date of their Saturday."""
    if anchor is None:
        return None
    if unit == "year":
        return f"{anchor.year + step:04d}"
    if unit == "month":
        months = anchor.year * 12 + anchor.month - 1 + step
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    if unit == "week":
        year, week, _ = (anchor + dt.timedelta(weeks=step)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    if step > 0 or (future and step == 0):
        saturday += dt.timedelta(days=7)
    elif step < 0 and anchor.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    return saturday.isoformat()
