"""Random bytes and random text never make a reader raise: every input ends as an Article or
a Rejection with a reason code."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscheck.readers import read_html, read_paths, read_text
from crosscheck.records import Article, Rejection

NAMES = [
    "in.txt",
    "in.html",
    "in.htm",
    "in.jsonl",
    "in.warc",
    "in.warc.gz",
    "in.txt.gz",
    "in.gz",
    "in",
    "in.bin",
]
# Byte strings that look like the start of each format, so the fuzzing reaches past sniffing.
PREFIXES = [
    b"",
    b"WARC/1.0\r\n",
    b"<html><body><p>",
    b'{"text": "',
    b"\x1f\x8b",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]


def check_all_accounted_for(items: list) -> None:
    assert items, "an input vanished without an Article or a Rejection"
    for item in items:
        assert isinstance(item, (Article, Rejection))
        if isinstance(item, Rejection):
            assert item.reason and item.stage == "read"
        else:
            assert item.text.strip() and item.id


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(NAMES),
    prefix=st.sampled_from(PREFIXES),
    data=st.binary(max_size=2000),
    zipped=st.booleans(),
)
def test_random_bytes_in_any_kind_of_file(name: str, prefix: bytes, data: bytes, zipped: bool):
    content = prefix + data
    if zipped:
        content = gzip.compress(content)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        check_all_accounted_for(list(read_paths([path])))


@settings(max_examples=120, deadline=None)
@given(text=st.text(max_size=2000), name=st.sampled_from(NAMES))
def test_random_text_in_any_kind_of_file(text: str, name: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        check_all_accounted_for(list(read_paths([path])))


@settings(max_examples=100, deadline=None)
@given(text=st.text(st.characters(codec=None), max_size=3000))  # lone surrogates included
def test_random_text_and_markup_in_memory(text: str):
    check_all_accounted_for([read_text(text, source="mem")])
    check_all_accounted_for([read_html(text, source="mem")])
    check_all_accounted_for(
        [read_html(f"<html><body><article><p>{text}</p></article></body></html>", source="mem")]
    )
