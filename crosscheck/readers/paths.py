"""Files and folders to Articles and Rejections.

A folder is read recursively in sorted order; hidden files and folders (``.git``) and files
whose extension is not an input format (README.md, gold.json) are passed over, with a log
line. A file named explicitly is always read. Each file's kind comes from its extension
(``.txt``, ``.html``/``.htm``, ``.jsonl``/``.ndjson``, ``.warc``, and any of these with
``.gz``), else from its content.
Reading never raises: every file ends as Articles or a Rejection with a reason code.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from crosscheck.errors import InputError
from crosscheck.readers.decode import (
    GZIP_MAGIC,
    declared_charset,
    decode_bytes,
    gzip_errors,
    read_bytes,
)
from crosscheck.readers.html import html_article
from crosscheck.readers.jsonl import read_jsonl_lines
from crosscheck.readers.text import Given, text_article
from crosscheck.readers.warc import read_warc
from crosscheck.records import Article, Rejection
from crosscheck.settings import DEFAULT, ReadSettings

log = logging.getLogger(__name__)

KIND_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
}
_EXTENSION = re.compile(r"(?<=.)\.[A-Za-z][A-Za-z0-9]{0,5}$")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<p>", b"<div")


def read_paths(
    paths: Iterable[str | Path], *, outlet: str | None = None, settings: ReadSettings = DEFAULT.read
) -> Iterator[Article | Rejection]:
    """Articles and Rejections from files and folders, in a deterministic order."""
    if isinstance(paths, (str, Path)):  # one path given bare: not a sequence of characters
        paths = [paths]
    for path in paths:
        yield from read_path(path, outlet=outlet, settings=settings)


def read_path(
    path: str | Path, *, outlet: str | None = None, settings: ReadSettings = DEFAULT.read
) -> Iterator[Article | Rejection]:
    """Articles and Rejections from one file, or from every file under one folder."""
    path = Path(path)
    if path.is_dir():
        for file in input_files([path]):
            yield from _read_file_safely(file, outlet=outlet, settings=settings)
    elif path.is_file():
        yield from _read_file_safely(path, outlet=outlet, settings=settings)
    else:
        yield Rejection(str(path), "read", "not-found", "no such file or folder")


def input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files ``read_paths`` reads: each file given, and under each folder (recursively,
    sorted) every file with a supported or no extension. Hidden files, and files such as
    README.md or gold.json that sit beside the articles, are passed over (logged)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in map(Path, paths):
        yield from _files_under(path) if path.is_dir() else [path]


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not path.is_file() or hidden:
            continue
        if is_supported_name(path):
            yield path
        else:
            log.info("passing over %s: not a supported input format", path)


def is_supported_name(path: Path) -> bool:
    """A name a folder walk reads: a known extension (with or without .gz), or none at all
    ("notes", "story.gz"); a suffix that is not a short word ("report.2024-10-10") is not
    an extension."""
    extension = _extension(path.name.removesuffix(".gz").removesuffix(".GZ"))
    return extension is None or extension in KIND_BY_SUFFIX


def _read_file_safely(
    path: Path, *, outlet: str | None, settings: ReadSettings
) -> Iterator[Article | Rejection]:
    """The batch failure policy: an expected problem is a Rejection with its reason; an
    unexpected error is logged and recorded as "read-error", and the batch goes on."""
    try:
        yield from _read_file(path, outlet=outlet, settings=settings)
    except InputError as err:
        yield Rejection(str(path), "read", err.reason, err.detail)
    except Exception as err:  # noqa: BLE001 - one bad file must not stop a batch
        log.exception("unexpected error reading %s", path)
        yield Rejection(str(path), "read", "read-error", f"{type(err).__name__}: {err}")


def _read_file(
    path: Path, *, outlet: str | None, settings: ReadSettings
) -> Iterator[Article | Rejection]:
    kind = file_kind(path) or sniff(_head(path, settings=settings))
    if kind == "warc":
        yield from read_warc(path, outlet=outlet, settings=settings)
    elif kind == "jsonl":
        yield from _read_jsonl_file(path, outlet=outlet, settings=settings)
    else:
        data = read_bytes(path, settings=settings)
        declared = declared_charset(data[: settings.sniff_bytes]) if kind == "html" else None
        text = decode_bytes(data, declared=declared, settings=settings)
        given = Given.from_outlet(outlet)
        if kind == "html":
            yield html_article(text, source=str(path), given=given, settings=settings)
        else:
            yield text_article(text, source=str(path), given=given)


def _head(path: Path, *, settings: ReadSettings) -> bytes:
    """The first bytes of a file, un-gzipped when it is gzip."""
    with path.open("rb") as raw:
        head = raw.read(settings.sniff_bytes)
        if not head.startswith(GZIP_MAGIC):
            return head
        raw.seek(0)
        with gzip.GzipFile(fileobj=raw) as unzipped, gzip_errors():
            return unzipped.read(settings.sniff_bytes)


def _read_jsonl_file(
    path: Path, *, outlet: str | None, settings: ReadSettings
) -> Iterator[Article | Rejection]:
    """Streamed line by line: a JSONL corpus may be far larger than one article's limit."""
    count = 0
    with path.open("rb") as raw:
        is_gzip = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        stream = gzip.GzipFile(fileobj=raw) if is_gzip else raw
        with gzip_errors():
            for item in read_jsonl_lines(
                stream, source=str(path), outlet=outlet, settings=settings
            ):
                count += 1
                yield item
    if count == 0:
        yield Rejection(str(path), "read", "empty", "no JSONL records")


def file_kind(path: Path) -> str | None:
    """ "text" | "html" | "jsonl" | "warc" from the file name, or None when only its content
    can tell ("notes", "page.gz", "data.bin")."""
    extension = _extension(path.name.removesuffix(".gz").removesuffix(".GZ"))
    return KIND_BY_SUFFIX.get(extension) if extension else None


def _extension(name: str) -> str | None:
    """ ".txt" from "story.txt"; None for "notes" or "report.2024-10-10"."""
    match = _EXTENSION.search(name)
    return match[0].lower() if match else None


def sniff(head: bytes) -> str:
    """Guess a file's kind from its first bytes (already un-gzipped)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    lowered = stripped[:1024].lower()
    if lowered.startswith(b"<") and any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    if stripped.startswith(b'{"'):  # a JSON object with a first key: one record per line
        return "jsonl"
    return "text"
