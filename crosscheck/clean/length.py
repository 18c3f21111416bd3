"""Is a cleaned text an article at all? Nothing left, or too short to be one.

A page cut down to an author box or a site prompt ("Chat with us ...") is not a report:
stored, it would join stories and be compared as one. Such a text becomes a ``Rejection``
with its reason: "no-body" (every line was boilerplate, or what is left is mostly the
site's legal notice and says nothing of the headline) or "too-short": fewer body words
than ``CleanSettings.min_article_words`` and none of them a content word of its headline
(``body_tells_headline``), or fewer than ``min_body_words`` whatever they say. A short wire
brief that tells its headline ("A fire broke out at the supermarket ...") is kept.
"""

from __future__ import annotations

import re

from crosscheck.records import Article, Rejection
from crosscheck.settings import DEFAULT, CleanSettings

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# A site's legal notice: what a scraper gets from a page whose article did not load.
LEGAL_NOTICE = re.compile(
    r"all rights reserved|without (?:the )?(?:prior )?(?:express )?(?:written )?"
    r"(?:authori[sz]ation|permission|consent)|(?:may|shall|must) not be (?:re)?(?:published|"
    r"reproduced|distributed)|registration number|licen[cs]e for publishing|browsers? with .{0,40}"
    r"resolution|terms of (?:use|service)|privacy policy|(?:copyright|©)\s*(?:\d{4}|[A-Z])",
    re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PLAIN_WORD = re.compile(r"\w+")
TITLE_WORD_MIN = 4  # letters of a title word that can carry the story ("Cook", "quake")


def title_words(article: Article) -> set[str]:
    """Content words of the headline (lower case), short function words left out."""
    title = article.title or ""
    return {w for w in _PLAIN_WORD.findall(title.lower()) if len(w) >= TITLE_WORD_MIN}


def body_tells_headline(article: Article) -> bool:
    """The body repeats a content word of the headline (no headline: nothing to test). A
    page whose body is only site boilerplate does not: it is never linked as a copy, and
    when short it is not an article."""
    wanted = title_words(article)
    if not wanted:
        return True
    body = [line for line in article.text.splitlines() if line.strip() != article.title.strip()]
    return bool(wanted & set(_PLAIN_WORD.findall(" ".join(body).lower())))


def body_words(article: Article) -> int:
    """Words in the cleaned text, the headline line left out."""
    lines = article.text.splitlines()
    if lines and article.title and lines[0].strip() == article.title.strip():
        lines = lines[1:]
    return sum(len(_WORD.findall(line)) for line in lines)


def not_an_article(article: Article, *, settings: CleanSettings = DEFAULT.clean
                   ) -> Rejection | None:
    """The rejection of a cleaned text that is not an article, or None when it is one."""
    if not article.text.strip():
        return Rejection(article.source, "clean", "no-body",
                         f"all {len(article.removed)} lines were removed as boilerplate")
    if _only_legal_notice(article):
        return Rejection(article.source, "clean", "no-body",
                         "only the site's legal notice is left (the article did not load)")
    words = body_words(article)
    if words < settings.min_body_words:
        return Rejection(article.source, "clean", "too-short",
                         f"{words} words after cleaning (fewer than {settings.min_body_words})")
    if words < settings.min_article_words and not body_tells_headline(article):
        return Rejection(article.source, "clean", "too-short",
                         f"{words} words after cleaning, none of them the headline's")
    return None


def _only_legal_notice(article: Article) -> bool:
    """Most sentences of the body are a site's legal notice ("All rights reserved", "may not
    be republished without written permission") and none tells the headline."""
    if body_tells_headline(article):
        return False
    lines = article.text.splitlines()
    if lines and article.title and lines[0].strip() == article.title.strip():
        lines = lines[1:]
    sentences = [s for line in lines for s in SENTENCE_END.split(line) if _WORD.search(s)]
    legal = sum(bool(LEGAL_NOTICE.search(s)) for s in sentences)
    return bool(sentences) and legal * 2 >= len(sentences)

