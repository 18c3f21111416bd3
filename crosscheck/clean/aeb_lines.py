"""A second plain-text dev set: the Article Extraction Benchmark's pages rendered to lines.

L3S-GN1 gives 2008 news pages already cut into labelled blocks. Modern pages (news, reviews,
guides, with lists, tables and subheadings inside the article) are rendered here the way a
browser's "copy all text" or a scraper's ``get_text`` renders them, and each line is labelled
by aligning it with the benchmark's gold article body:

- rendering: block elements (paragraphs, headings, list items, table rows, divs ...) and
  ``<br>`` end a line; scripts, styles, templates, the document head and hidden elements
  (``hidden``, ``aria-hidden="true"``, ``display:none``, ``visibility:hidden``) are dropped;
  runs of whitespace become one space.
- labels: a line is content when at least half of its words are covered by word trigrams
  found in the gold body (the whole line when it has fewer than three words); a line of one
  or two words is content only when it also sits next to a content line, so that "Share" in a
  menu is not content because the word occurs somewhere in the article.

The pages are split like L3S (by a hash of the site, ``Page.held_out``): the line scorer may
be fitted on the calibration sites, never on the held-out ones the gate and benchmark read.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree, html as lxml_html

from crosscheck.clean.fit import Page

BLOCK_TAGS = frozenset(
    """address article aside blockquote body br center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu
    nav ol option p pre section summary table tbody thead tfoot tr ul caption legend""".split()
)
CELL_TAGS = frozenset({"td", "th"})
DROPPED_TAGS = frozenset(
    "script style noscript template head iframe object embed svg canvas select button".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WORD = re.compile(r"\w+")
MIN_ALIGNED_WORDS = 3  # word n-gram length for the alignment
CONTENT_SHARE = 0.5  # share of a line's words the gold body must cover


def _hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.tag == "input" and element.get("type") == "hidden":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _walk(element: etree._Element, out: list[str]) -> None:
    """Append the element's visible text to ``out``; "\\n" marks a line end."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag:  # comments and processing instructions: only their tail is text
        out.append(element.tail or "")
        return
    if tag in DROPPED_TAGS or _hidden(element):
        out.append(element.tail or "")
        return
    block = tag in BLOCK_TAGS
    out.append("\n" if block else " " if tag in CELL_TAGS else "")
    out.append(element.text or "")
    for child in element:
        _walk(child, out)
    out.append("\n" if block else " " if tag in CELL_TAGS else "")
    out.append(element.tail or "")


def render_lines(page_html: str) -> list[str]:
    """The page's visible text, one line per block, blank lines dropped."""
    try:
        root = lxml_html.document_fromstring(page_html)
    except (etree.ParserError, ValueError):
        return []
    body = root.find("body")
    out: list[str] = []
    _walk(body if body is not None else root, out)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return [line for line in lines if line]


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _covered_share(tokens: list[str], gold_grams: set[tuple[str, ...]], gold_text: str) -> float:
    if len(tokens) < MIN_ALIGNED_WORDS:
        return 1.0 if f" {' '.join(tokens)} " in gold_text else 0.0
    covered = [False] * len(tokens)
    n = MIN_ALIGNED_WORDS
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n]) in gold_grams:
            covered[i : i + n] = [True] * n
    return sum(covered) / len(tokens)


def label_lines(lines: list[str], gold_body: str) -> list[bool]:
    """Which rendered lines are the gold body's text (see the module docstring)."""
    gold = _tokens(gold_body)
    n = MIN_ALIGNED_WORDS
    grams = {tuple(gold[i : i + n]) for i in range(len(gold) - n + 1)}
    gold_text = f" {' '.join(gold)} "
    tokens = [_tokens(line) for line in lines]
    aligned = [bool(t) and _covered_share(t, grams, gold_text) >= CONTENT_SHARE for t in tokens]
    long_content = [ok and len(t) >= n for ok, t in zip(aligned, tokens)]
    labels = []
    for i, (ok, t) in enumerate(zip(aligned, tokens)):
        if ok and len(t) < n:
            ok = (i > 0 and long_content[i - 1]) or (i + 1 < len(lines) and long_content[i + 1])
        labels.append(ok)
    return labels


def read_aeb_pages(root: Path) -> Iterator[Page]:
    """Every AEB page rendered and labelled, as a Page (labels "fulltext" / "not_content")."""
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(gold):
        with gzip.open(root / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as file:
            lines = render_lines(file.read())
        labels = label_lines(lines, gold[key].get("articleBody") or "")
        yield Page(
            doc_id=key,
            site=urlparse(gold[key].get("url") or "").netloc or key,
            texts=tuple(lines),
            labels=tuple("fulltext" if ok else "not_content" for ok in labels),
        )


def aeb_path(data_dir: Path) -> Path:
    return data_dir / "scrapinghub-aeb"
