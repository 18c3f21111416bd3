"""JSONL: one article per line, each line a JSON object with these fields.

    id         optional  your own identifier; kept in the article's provenance as
                         ("jsonl-id", value). crosscheck's article id is still the content
                         hash, so ingesting the same line twice changes nothing.
    url        optional  the page's address; also gives the outlet's domain for html
    outlet     optional  the outlet's name, e.g. "The Week" (``--outlet`` overrides it)
    title      optional  the headline (give it here, not in the text: a text whose first
                         line repeats it has that line dropped, so the headline is not read
                         as the first sentence of the body)
    author     optional  the author's name
    published  optional  publication date, ISO 8601 ("2022-10-10" or "2022-10-10T08:30:00Z");
                         only the date is kept
    text       one of    the article's body as plain text (it then goes through the cleaner,
                         like a .txt file, with the title taken from the field); paragraphs
                         separated by blank lines
    html       these two the article's web page (read like an .html file; fields given here
                         win over what the page says)

Each line ends as an Article (source "path:LINE", 1-based) or a Rejection: "bad-json" for a
line that is not a JSON object (or nests deeper than the parser's recursion allows),
"missing-field" when it has neither a text nor an html string, "no-body" for an html page
without an article body, "too-large" for a line over ``ReadSettings.max_bytes``. Blank lines
are skipped. A bad line never stops the lines after it (even an unexpected error reading one
line is that line's "read-error"), with one exception that bounds the time a file takes: a
line still going after four times the limit (a gzip bomb) ends the reading of its file. Lone surrogates (a ``"\\ud800"`` escape) and NUL in any
field are replaced by U+FFFD, as no store keeps them.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, BinaryIO

from crosscheck.readers.html import html_article
from crosscheck.readers.text import Given, storable, text_article
from crosscheck.records import Article, Rejection
from crosscheck.settings import DEFAULT, ReadSettings

log = logging.getLogger(__name__)

_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
FIELDS = ("id", "url", "outlet", "title", "author", "published", "text", "html")


class LineTooLarge(int):
    """Stands for a line over the size limit: its size in bytes, not its content.
    ``ended`` is False when the line was still going after ``SKIP_FACTOR`` times the limit:
    the rest of the input is then not read."""

    ended = True


class LineNotEnded(LineTooLarge):
    ended = False


# How much of an over-long line is read at a time while it is skipped.
_SKIP_BYTES = 1 << 20
# How far past the limit an over-long line is followed to find the next line: a gzip bomb
# (3 MB that inflate to 3 GB of one line) would otherwise take seconds of CPU per GB.
SKIP_FACTOR = 4


def bounded_lines(stream: BinaryIO | io.BufferedIOBase, *,
                  max_bytes: int) -> Iterator[bytes | LineTooLarge]:
    """The lines of a (possibly gzip) stream, never holding more than ``max_bytes`` + 1 MiB of
    one: a longer line is skipped in pieces and given as its size (``LineTooLarge``), so a
    20 MB line or a gzip bomb without newlines costs no more memory than a line at the limit;
    past ``SKIP_FACTOR`` times the limit the stream is left (``LineNotEnded``)."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):  # whole (the caller checks size)
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            if size > SKIP_FACTOR * max_bytes:
                yield LineNotEnded(size)
                return
            line = stream.readline(_SKIP_BYTES)
            if not line:
                break
            size += len(line)
        yield LineTooLarge(size)


def read_jsonl_lines(
    lines: Iterable[bytes | str | LineTooLarge],
    *,
    source: str,
    outlet: str | None = None,
    settings: ReadSettings = DEFAULT.read,
) -> Iterator[Article | Rejection]:
    """Articles and rejections from the lines of one JSONL input, in order."""
    for number, line in enumerate(lines, start=1):
        line_source = f"{source}:{number}"
        if isinstance(line, LineTooLarge) and not line.ended:
            yield Rejection(line_source, "read", "too-large",
                            f"a line still going after {int(line)} bytes: the rest of the "
                            "input was not read")
            continue
        if isinstance(line, LineTooLarge) or len(line) > settings.max_bytes:
            size = int(line) if isinstance(line, LineTooLarge) else len(line)
            yield Rejection(line_source, "read", "too-large", f"line of {size} bytes")
            continue
        if not line.strip():
            continue
        yield _read_line_safely(line, source=line_source, outlet=outlet, settings=settings)


def _read_line_safely(line: bytes | str, *, source: str, outlet: str | None,
                      settings: ReadSettings) -> Article | Rejection:
    """One line's record; an error reading it is that line's rejection, never the file's."""
    try:
        return read_jsonl_record(line, source=source, outlet=outlet, settings=settings)
    except Exception as err:  # noqa: BLE001 - one bad line must not stop the lines after it
        log.warning("unexpected error reading %s: %s: %s", source, type(err).__name__, err)
        return Rejection(source, "read", "read-error", f"{type(err).__name__}: {err}")


def read_jsonl_record(
    line: bytes | str,
    *,
    source: str,
    outlet: str | None = None,
    settings: ReadSettings = DEFAULT.read,
) -> Article | Rejection:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return Rejection(source, "read", "bad-json", str(err))
    except RecursionError:  # '[[[[...' thousands deep: valid JSON, but not an article
        return Rejection(source, "read", "bad-json", "nested too deeply")
    if not isinstance(record, dict):
        return Rejection(
            source, "read", "bad-json", f"a JSON {type(record).__name__}, not an object"
        )
    given = _given(record, outlet=outlet)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        text, given = without_repeated_title(text, given)
        return text_article(text, source=source, given=given, fmt="jsonl")
    if isinstance(html, str) and html.strip():
        return html_article(html, source=source, given=given, fmt="jsonl", settings=settings)
    return Rejection(source, "read", "missing-field", "neither a text nor an html string")


def _given(record: dict[str, Any], *, outlet: str | None) -> Given:
    provenance: list[tuple[str, str]] = []
    outlet = _string(outlet)
    field_outlet = _string(record.get("outlet"))
    if outlet:
        provenance.append(("outlet", "argument"))
    elif field_outlet:
        provenance.append(("outlet", "jsonl"))
    published = iso_date(_string(record.get("published")))
    for name, value in (("title", record.get("title")), ("author", record.get("author"))):
        if _string(value):
            provenance.append((name, "jsonl"))
    if published:
        provenance.append(("published", "jsonl"))
    external_id = _string(record.get("id"))
    if external_id:
        provenance.append(("jsonl-id", external_id))
    return Given(
        outlet=outlet or field_outlet,
        title=_string(record.get("title")) or "",
        author=_string(record.get("author")),
        published=published,
        url=_string(record.get("url")),
        provenance=tuple(provenance),
    )


def without_repeated_title(text: str, given: Given) -> tuple[str, Given]:
    """The text without a first line that repeats the title field, and the provenance saying
    so. Feeds often put the headline at the top of the text as well: left there, the parser
    reads it (or a fragment of it) as the body's first sentence, and a dossier then cites a
    headline fragment as a claim or takes its capitalised words for a person."""
    if not given.title:
        return text, given
    first, newline, rest = text.lstrip().partition("\n")
    if _comparable(first) != _comparable(given.title):
        return text, given
    provenance = (*given.provenance, ("text", "first line repeated the title: dropped"))
    return rest.lstrip("\r\n") if newline else "", dataclasses.replace(given, provenance=provenance)


def _comparable(line: str) -> str:
    """A headline as compared with the title: case, spacing and end punctuation aside."""
    return " ".join(line.split()).casefold().rstrip(".:;")


def _string(value: Any) -> str | None:
    """A field as a stripped string; numbers are accepted (ids often are), other types not."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return storable(value).strip() or None
    return None


def iso_date(value: str | None) -> str | None:
    """ "2022-10-10T08:30:00Z" -> "2022-10-10"; anything not starting with a date -> None."""
    if not value:
        return None
    match = _ISO_DATE.match(value)
    try:
        if match:
            return date.fromisoformat(match[1]).isoformat()
    except ValueError:  # "2022-13-45": shaped like a date, but none
        pass
    _not_a_date(value)
    return None


def _not_a_date(value: str) -> None:
    log.warning("published %r is not an ISO 8601 date; left unknown", value)
