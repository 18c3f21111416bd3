"""Readers: turn inputs into ``Article`` or ``Rejection`` records.

    read_paths(paths, outlet=, settings=)   files and folders (recursive, sorted)
    read_path(path, outlet=, settings=)     one file or folder
    input_files(paths)                      the files read_paths would read, in its order
    read_text(text, source=, outlet=)       plain text in memory (not cleaned)
    read_html(html, source=, url=, outlet=) an HTML page in memory (cleaned by trafilatura)
    article_id(outlet, title, text)         the content-hash id every reader gives

Formats: plain text, HTML, JSONL (fields documented in ``crosscheck.readers.jsonl``), WARC,
and gzip of any of these. Nothing is dropped silently: every input ends as an Article or a
Rejection whose reason is one of "empty", "binary", "encoding", "too-large",
"truncated-gzip", "bad-gzip", "no-body", "bad-json", "missing-field", "not-html",
"truncated-warc", "bad-warc", "not-found", "not-a-file", "unreadable", "read-error".
"""

from crosscheck.readers.html import read_html
from crosscheck.readers.paths import input_files, read_path, read_paths
from crosscheck.readers.text import article_id, read_text

__all__ = [
    "article_id",
    "input_files",
    "read_html",
    "read_path",
    "read_paths",
    "read_text",
]
