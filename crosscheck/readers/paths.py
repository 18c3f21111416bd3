"""Files and folders to Articles and Rejections.

A folder is read recursively in sorted order; hidden files and folders (``.git``) and files
whose extension is not an input format (README.md, gold.json) are passed over, with a log
line. A file named explicitly is always read. Each file's kind comes from its extension
(``.txt``, ``.html``/``.htm``, ``.jsonl``/``.ndjson``, ``.warc``, and any of these with
``.gz``), else from its content.
Reading never raises: every file ends as Articles or a Rejection with a reason code. A path
that is there but is no regular file (a FIFO, a device such as /dev/zero, a socket) is
"not-a-file" and is never opened (a FIFO would block the run); a file the system will not
let us read is "unreadable"; a symlink that points back into itself is logged and passed
over in a folder, and "not-found" when named. Sources are paths as text, with bytes of a
name that are not UTF-8 written as ``\\xe9`` escapes (``readers.text.source_name``).
"""

from __future__ import annotations

import errno
import gzip
import logging
import os
import re
import stat
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
from crosscheck.readers.jsonl import bounded_lines, read_jsonl_lines
from crosscheck.readers.text import Given, source_name, text_article
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
    files = input_files([path]) if path.is_dir() else [path]
    for file in files:
        yield from _read_file_safely(file, outlet=outlet, settings=settings)


def input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files ``read_paths`` reads: each file given, and under each folder (recursively,
    sorted) every file with a supported or no extension. Hidden files, and files such as
    README.md or gold.json that sit beside the articles, are passed over (logged)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for path in map(Path, paths):
        yield from _files_under(path) if path.is_dir() else [path]


def _files_under(folder: Path) -> Iterator[Path]:
    """Regular files with a supported name, and the special files (FIFOs, devices) whose
    names look like inputs (they become "not-a-file" rejections, not silence)."""
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if hidden:
            continue
        if path.is_dir():
            if path.is_symlink():  # rglob does not follow it: say so rather than skip silently
                log.info("not following %s: a symlink to a folder", source_name(path))
            continue
        if _is_symlink_loop(path):
            log.warning("passing over %s: a symlink loop", source_name(path))
        elif not is_supported_name(path):
            log.info("passing over %s: not a supported input format", source_name(path))
        else:
            yield path


def _is_symlink_loop(path: Path) -> bool:
    try:
        path.stat()
    except OSError as err:
        return err.errno == errno.ELOOP
    return False


def file_problem(path: Path) -> InputError | None:
    """Why a path cannot be read as a file, checked before it is opened; None when it can."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return InputError("not-found", "no such file or folder")
    except OSError as err:
        if err.errno == errno.ELOOP:
            return InputError("not-found", "a symlink loop")
        return InputError("unreadable", err.strerror or str(err))
    if not stat.S_ISREG(mode):
        return InputError("not-a-file", f"a {_kind_of_special(mode)}, not a regular file")
    return None


def _kind_of_special(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
             (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"))
    return next((name for test, name in kinds if test(mode)), "special file")


def is_supported_name(path: Path) -> bool:
    """A name a folder walk reads: a known extension (with or without .gz), or none at all
    ("notes", "story.gz"); a suffix that is not a short word ("report.2024-10-10") is not
    an extension."""
    extension = _extension(path.name.removesuffix(".gz").removesuffix(".GZ"))
    return extension is None or extension in KIND_BY_SUFFIX


def _read_file_safely(
    path: Path, *, outlet: str | None, settings: ReadSettings
) -> Iterator[Article | Rejection]:
    """The batch failure policy: an expected problem is a Rejection with its reason (a file
    the system refuses to read is "unreadable"); an unexpected error is logged and recorded
    as "read-error", and the batch goes on."""
    source = source_name(path)
    try:
        problem = file_problem(path)
        if problem is not None:
            raise problem
        yield from _read_file(path, source=source, outlet=outlet, settings=settings)
    except InputError as err:
        yield Rejection(source, "read", err.reason, err.detail)
    except OSError as err:  # permission denied, an I/O error: the system's answer, not a bug
        yield Rejection(source, "read", "unreadable", err.strerror or str(err))
    except Exception as err:  # noqa: BLE001 - one bad file must not stop a batch
        log.exception("unexpected error reading %s", source)
        yield Rejection(source, "read", "read-error", f"{type(err).__name__}: {err}")


def _read_file(
    path: Path, *, source: str, outlet: str | None, settings: ReadSettings
) -> Iterator[Article | Rejection]:
    kind = file_kind(path) or sniff(_head(path, settings=settings))
    if kind == "warc":
        yield from read_warc(path, source=source, outlet=outlet, settings=settings)
    elif kind == "jsonl":
        yield from _read_jsonl_file(path, source=source, outlet=outlet, settings=settings)
    else:
        data = read_bytes(path, settings=settings)
        declared = declared_charset(data[: settings.sniff_bytes]) if kind == "html" else None
        text = decode_bytes(data, declared=declared, settings=settings)
        given = Given.from_outlet(outlet)
        if kind == "html":
            yield html_article(text, source=source, given=given, settings=settings)
        else:
            yield text_article(text, source=source, given=given)


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
    path: Path, *, source: str, outlet: str | None, settings: ReadSettings
) -> Iterator[Article | Rejection]:
    """Streamed line by line: a JSONL corpus may be far larger than one article's limit."""
    count = 0
    with path.open("rb") as raw:
        is_gzip = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        stream = gzip.GzipFile(fileobj=raw) if is_gzip else raw
        with gzip_errors():
            lines = bounded_lines(stream, max_bytes=settings.max_bytes)
            for item in read_jsonl_lines(
                lines, source=source, outlet=outlet, settings=settings
            ):
                count += 1
                yield item
    if count == 0:
        yield Rejection(source, "read", "empty", "no JSONL records")


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
