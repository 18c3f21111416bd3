"""WARC archives (CC-NEWS and other crawls), plain or gzip, streamed with FastWARC.

Each ``response`` record whose HTTP content type is HTML is read like an .html file, with
the record's target URI as its URL; its source is "path#<WARC-Record-ID>". A response that is
not HTML becomes Rejection("not-html"), one over ``max_bytes`` Rejection("too-large"); request,
metadata and other record kinds are not articles and are passed over. A record cut short by
the end of the archive becomes Rejection("truncated-gzip" for .warc.gz, else
"truncated-warc"), after the articles read before it; an unreadable archive "bad-warc".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from crosscheck.errors import InputError
from crosscheck.readers.decode import decode_bytes
from crosscheck.readers.html import html_article
from crosscheck.readers.text import Given, source_name, storable
from crosscheck.records import Article, Rejection
from crosscheck.settings import DEFAULT, ReadSettings

log = logging.getLogger(__name__)


def read_warc(
    path: Path, *, source: str | None = None, outlet: str | None = None,
    settings: ReadSettings = DEFAULT.read,
) -> Iterator[Article | Rejection]:
    """Articles and rejections from the response records of one WARC file, in order
    (``source``: the file's name in them, by default ``source_name(path)``)."""
    given = Given.from_outlet(outlet)
    source = source_name(path) if source is None else source
    count = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True)
            for record in records:
                count += 1
                yield _read_record(record, path=path, source=source, given=given,
                                   settings=settings)
    except (OSError, ValueError, EOFError) as err:
        reason = (
            "truncated-gzip"
            if path.suffix == ".gz" and "compress" in str(err).lower()
            else "bad-warc"
        )
        yield Rejection(source, "read", reason, f"after {count} records: {err}")
        return
    if count == 0:
        yield Rejection(source, "read", "bad-warc", "no WARC response records")


def _read_record(
    record: WarcRecord, *, path: Path, source: str, given: Given, settings: ReadSettings
) -> Article | Rejection:
    record_id = storable((record.record_id or "").strip("<>"))
    if not record_id:  # the archive ends inside this record's headers
        return Rejection(f"{source}#", "read", "bad-warc", "a record without WARC-Record-ID")
    source = f"{source}#{record_id}"
    content_type = (record.http_content_type or "").lower()
    if "html" not in content_type:
        return Rejection(source, "read", "not-html", content_type or "no content type")
    if record.content_length > settings.max_bytes:
        return Rejection(source, "read", "too-large", f"{record.content_length} bytes")
    payload = record.reader.read()
    if len(payload) < record.content_length:  # the archive ends inside this record
        reason = "truncated-gzip" if path.suffix == ".gz" else "truncated-warc"
        return Rejection(source, "read", reason, f"{len(payload)} of {record.content_length} bytes")
    try:
        html = decode_bytes(payload, declared=record.http_charset, settings=settings)
    except InputError as err:
        return Rejection(source, "read", err.reason, err.detail)
    url = storable(record.headers.get("WARC-Target-URI") or "") or None
    return html_article(html, source=source, given=given, url=url, fmt="warc", settings=settings)
