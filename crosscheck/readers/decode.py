"""Bytes to text: detect the encoding, tell text from binary, open gzip safely.

Every failure is an ``InputError`` with a reason code that the batch readers turn into a
``Rejection``:

    empty           nothing but whitespace
    binary          NUL bytes (that are not UTF-16) or many control characters
    encoding        not UTF-8, and no sane decoding found by charset-normalizer
    too-large       over ``ReadSettings.max_bytes`` (checked before reading it all)
    truncated-gzip  a gzip stream that ends before its end-of-stream marker
    bad-gzip        a gzip stream that is not gzip or is corrupt
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

from crosscheck.errors import InputError
from crosscheck.settings import DEFAULT, ReadSettings

GZIP_MAGIC = b"\x1f\x8b"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls that plain text does carry: tab, newline, vertical tab, form feed, carriage
# return, escape (ANSI colours in logs).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROLS) + b"\x7f"
# Among equally clean decodings, windows-1252 is the legacy encoding of the Western web
# (WHATWG maps "latin-1" to it); charset-normalizer guesses mac_latin2 or cp1250 for short
# French or German text, which turns "é" into "ť".
_PREFERRED_LEGACY = "cp1252"
_CHAOS_TOLERANCE = 0.01
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_bytes(
    data: bytes, *, declared: str | None = None, settings: ReadSettings = DEFAULT.read
) -> str:
    """Decode ``data`` to text with newlines normalised to ``\\n``, or raise InputError.

    ``declared`` is the encoding the input states (an HTTP header, an HTML meta charset): it
    is tried when the bytes are not UTF-8, before guessing.
    """
    if not data.strip():
        raise InputError("empty")
    text = _decode(data, declared=declared, settings=settings)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise InputError("empty")
    return text


def _decode(data: bytes, *, declared: str | None, settings: ReadSettings) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError("binary", "NUL bytes")
        return _strict(data, utf16)
    if _control_fraction(data) > settings.binary_control_fraction:
        raise InputError("binary", "control characters")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _declared(data, declared) or _detect_legacy(data)


def _declared(data: bytes, declared: str | None) -> str | None:
    """The bytes decoded as declared, or None when the label is unknown or does not fit."""
    if not declared:
        return None
    # As browsers do (WHATWG Encoding): pages labelled latin-1 or ASCII are windows-1252.
    encoding = _PREFERRED_LEGACY if declared.lower() in _WINDOWS_1252_LABELS else declared
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (<meta charset=...>)."""
    match = _META_CHARSET.search(head)
    return match[1].decode("ascii").lower() if match else None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError("encoding", f"not valid {encoding}: {err.reason}") from err


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text in a Latin script has NUL in every other byte; binary data does not."""
    sample = data[: 4096 - 4096 % 2]
    half = max(1, len(sample) // 2)
    even_nuls = sample[0::2].count(0) / half
    odd_nuls = sample[1::2].count(0) / half
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _control_fraction(data: bytes) -> float:
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample)


def _detect_legacy(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError("encoding", "no sane decoding found")
    preferred = charset_normalizer.from_bytes(data, cp_isolation=[_PREFERRED_LEGACY]).best()
    if preferred is not None and preferred.chaos <= best.chaos + _CHAOS_TOLERANCE:
        return str(preferred)
    return str(best)


def read_bytes(path: Path, *, settings: ReadSettings = DEFAULT.read) -> bytes:
    """The file's bytes, un-gzipped when it is gzip, never more than ``max_bytes``."""
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise InputError("too-large", f"{size} bytes > {settings.max_bytes}")
    with path.open("rb") as raw:
        if raw.read(2) != GZIP_MAGIC:
            raw.seek(0)
            return raw.read()
        raw.seek(0)
        with gzip.GzipFile(fileobj=raw) as unzipped:
            return read_limited(unzipped, settings=settings)


def read_limited(stream: BinaryIO | io.BufferedIOBase, *,
                 settings: ReadSettings = DEFAULT.read) -> bytes:
    """Read a (possibly gzip) stream whole, but stop with "too-large" past ``max_bytes``."""
    with gzip_errors():
        data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise InputError("too-large", f"over {settings.max_bytes} bytes once decompressed")
    return data


@contextlib.contextmanager
def gzip_errors() -> Iterator[None]:
    """Turn the errors gzip raises into InputError with a reason code."""
    try:
        yield
    except EOFError as err:
        raise InputError("truncated-gzip", str(err)) from err
    except (gzip.BadGzipFile, zlib.error) as err:
        raise InputError("bad-gzip", str(err)) from err
