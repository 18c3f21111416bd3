"""HTML pages: trafilatura for the body, title and author, htmldate for the publication date.

trafilatura already removes the page's boilerplate, so the Article comes out cleaned: its text
is the headline line, then the body paragraphs one per line. Links to other articles and the
page furniture trafilatura leaves at the end are removed too and kept in ``Article.removed``
with their reason (crosscheck.readers.page_tails). The page is parsed once; trafilatura's
metadata (title, author, site name, htmldate's date, as trafilatura's own defaults read them)
is read from that tree, and the body is trafilatura's default extraction without comments in
its fast mode (``ReadSettings.html_fast``): on the Article Extraction Benchmark that reads as
much of each article as the default mode, for two thirds of its time (benchmarks/aeb.py).

The outlet comes from the ``outlet`` argument, else the page's site name (og:site_name,
trafilatura's sitename), else its domain (canonical or og URL, or the ``url`` given); when
none is known it stays ``None``. The title loses a site suffix ("Headline | Site") when the
suffix names the site.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from typing import TYPE_CHECKING

from crosscheck.readers.page_tails import drop_page_tails
from crosscheck.readers.text import Given, article_id, normalise_newlines
from crosscheck.records import Article, Rejection, RemovedLine
from crosscheck.settings import DEFAULT, ReadSettings

if TYPE_CHECKING:  # trafilatura is imported where a page is read: a run with none skips it
    from lxml.html import HtmlElement
    from trafilatura.settings import Document

log = logging.getLogger(__name__)

# "Headline | Site", "Headline - Site", "Headline — Site", "Headline :: Site", "Headline · Site"
_TITLE_PARTS = re.compile(r"\s+(?:\||-|–|—|::|·|•)\s+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Extraction:
    """What trafilatura and htmldate found in one page."""

    body: str  # body paragraphs, one per line, without the headline
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    published: str | None = None  # YYYY-MM-DD, from htmldate (original, not updated, date)
    url: str | None = None
    removed: tuple[RemovedLine, ...] = ()  # link lines and page furniture taken off the body


def page_metadata(tree: HtmlElement, *, url: str | None) -> Document:
    """Title, author, site name, URL and date, read as trafilatura's own metadata extraction
    reads them (htmldate's extensive search for the original date, trafilatura's default).

    Run once on the tree the body is extracted from: the page is parsed once. On AEB the
    quick date search found 2 dates fewer in 181 pages for no measurable time saved.
    """
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import set_date_params

    return extract_metadata(tree, default_url=url, date_config=set_date_params(extensive=True))


def page_body(tree: HtmlElement, *, url: str | None, settings: ReadSettings) -> str:
    """trafilatura's body text of the page ("" when it finds none); the tree is not changed."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=settings.html_include_comments,
        fast=settings.html_fast,
    )
    text = getattr(doc, "text", None) if doc else None  # a Document (a dict only on request)
    return text or ""


def extract(
    html: str, *, url: str | None = None, settings: ReadSettings = DEFAULT.read
) -> Extraction:
    """Body and metadata of a page; the body is "" when the page has no article body."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return Extraction(body="", url=url)
    doc = page_metadata(tree, url=url)
    title = (doc.title or "").strip() or None
    lines = _paragraphs(page_body(tree, url=url, settings=settings), title=title)
    removed: list[RemovedLine] = []
    if settings.html_drop_page_tails:
        # Numbered as in the Article's text: the headline is line 1 when there is one.
        lines, removed = drop_page_tails(lines, first_line_no=2 if title else 1)
    body = "\n".join(lines)
    if len(body.split()) < settings.html_min_body_words:
        body = ""  # a menu and a headline: the page has no article
    return Extraction(
        body=body,
        removed=tuple(removed),
        title=title,
        author=(doc.author or "").strip() or None,
        sitename=(doc.sitename or "").strip() or None,
        published=doc.date or None,
        url=doc.url or url,
    )


def _paragraphs(body: str, *, title: str | None) -> list[str]:
    """One paragraph per line, no blank lines, and no copy of the headline as first line."""
    lines = [" ".join(line.split()) for line in body.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and _norm(lines[0]) in _headline_forms(title):
        lines = lines[1:]
    return lines


def _headline_forms(title: str) -> set[str]:
    """The page title, and its first and last parts ("Headline | Site" has an h1 "Headline")."""
    parts = _TITLE_PARTS.split(title)
    return {form for form in (_norm(title), _norm(parts[0]), _norm(parts[-1])) if len(form) >= 10}


def read_html(
    html: str, *, source: str, url: str | None = None, outlet: str | None = None
) -> Article | Rejection:
    """An Article (cleaned) from an HTML page, or Rejection("no-body")."""
    return html_article(html, source=source, given=Given.from_outlet(outlet), url=url)


def html_article(
    html: str,
    *,
    source: str,
    given: Given,
    url: str | None = None,
    fmt: str = "html",
    settings: ReadSettings = DEFAULT.read,
) -> Article | Rejection:
    try:
        found = extract(normalise_newlines(html), url=given.url or url, settings=settings)
    except Exception as err:  # noqa: BLE001 - a page trafilatura chokes on must not stop a batch
        log.warning("extraction failed for %s: %s", source, err)
        return Rejection(
            source=source, stage="read", reason="read-error", detail=f"{type(err).__name__}: {err}"
        )
    if not found.body:
        return Rejection(
            source=source, stage="read", reason="no-body", detail="no article body found"
        )
    provenance = dict(given.provenance)
    provenance["body"] = "trafilatura"
    outlet = given.outlet or _page_outlet(found, provenance)
    title = given.title or strip_site_suffix(found.title or "", outlet, found.url)
    if title and not given.title:
        provenance["title"] = "html-title"
    for name, value in (("author", found.author), ("published", found.published)):
        if value and not getattr(given, name):
            provenance[name] = "trafilatura" if name == "author" else "htmldate"
    text = f"{title}\n{found.body}" if title else found.body
    return Article(
        id=article_id(outlet, title, text),
        source=source,
        format=fmt,
        text=text,
        title=title,
        outlet=outlet,
        author=given.author or found.author,
        published=given.published or found.published,
        url=given.url or found.url,
        removed=found.removed,
        cleaned=True,
        provenance=tuple(provenance.items()),
    )


def _page_outlet(found: Extraction, provenance: dict[str, str]) -> str | None:
    """The page's own site name, else its domain; None when neither is known."""
    if found.sitename and found.sitename != domain(found.url):
        provenance["outlet"] = "site-name"
        return found.sitename
    site_domain = domain(found.url) or found.sitename
    if site_domain:
        provenance["outlet"] = "domain"
    return site_domain


def domain(url: str | None) -> str | None:
    """ "www.example.co.uk/path" -> "example.co.uk"."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.removeprefix("www.")
    return host or None


def strip_site_suffix(title: str, outlet: str | None, url: str | None) -> str:
    """ "Headline | Site" -> "Headline" when the suffix names the site (its name or domain);
    likewise "Site | Headline". Other parts ("Opinion | Headline") stay."""
    parts = _TITLE_PARTS.split(title.strip())
    if len(parts) < 2:
        return title.strip()
    names = {_norm(name) for name in (outlet, domain(url), _domain_label(url)) if name}
    names.discard("")
    if _names_site(parts[-1], names):
        parts = parts[:-1]
    elif _names_site(parts[0], names):
        parts = parts[1:]
    return _rejoin(title, parts)


def _rejoin(title: str, kept: list[str]) -> str:
    """Put the kept parts back with the separators they had."""
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if start >= 0 and end > start else " - ".join(kept)


def _names_site(part: str, names: set[str]) -> bool:
    part = _norm(part)
    if len(part) < 3:
        return False
    # "The Week UK" names "The Week"; a bare "News" does not name "foxnews.com".
    return any(part == name or (len(name) >= 4 and name in part) for name in names)


def _domain_label(url: str | None) -> str | None:
    """ "nytimes.com" -> "nytimes": the name part a title suffix may spell out."""
    host = domain(url)
    return host.split(".")[0] if host else None


def _norm(text: str) -> str:
    return _NON_ALNUM.sub("", text.lower().removeprefix("the "))
