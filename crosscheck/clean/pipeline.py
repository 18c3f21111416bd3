"""Cleaning one article, and a corpus of them.

    lines -> long lines cut into sentences (a body given as one paragraph)
          -> line rules (prompts, bylines, separators, related lists, section label, bio)
          -> repeated lines of the article's outlet
          -> learned line scorer for what the rules left, on page text only
          -> kept lines (headline first) + removed lines with reasons + metadata

A removed line never cuts the text short: each line is judged on its own and with its
neighbours, so paragraphs after interleaved boilerplate stay. The rules remove a line for its
wording or shape, never for where it sits; the learned scorer also weighs where a line sits on
the page, so it only judges text that carries a web page's furniture
(crosscheck.clean.page_shape): an article that is already clean passes through unchanged.
A line cut into sentences comes back with its runs of whitespace collapsed.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Iterable
from typing import Any

from crosscheck.clean import metadata, rules
from crosscheck.clean.repeated import RepeatedKey, find_repeated
from crosscheck.clean.page_shape import looks_like_page
from crosscheck.clean.scorer import load_scorer
from crosscheck.clean.sentences import split_sentences
from crosscheck.clean.text_lines import Line, is_prose, is_title_like, normalise, split_lines, words
from crosscheck.records import Article, RemovedLine
from crosscheck.settings import DEFAULT, CleanSettings

log = logging.getLogger(__name__)

HEADLINE_LOOKAHEAD = 3  # a headline is followed by body prose within this many lines
# What may remove a sentence cut from inside a paragraph: its own wording. A shape rule
# (byline, dateline, section label, related list) reads a line's shape on the page, and a
# sentence inside a paragraph has no such shape ("Saturday, March 19, 2016." is prose there).
SENTENCE_REASONS = frozenset({"subscription-prompt", "prompt-teaser", "author-bio", "advertisement",
                              "caption"})


def rule_decisions(lines: list[Line], settings: CleanSettings) -> rules.Decisions:
    """Every line rule, the more specific reasons first (a byline in a related list is part
    of the list)."""
    cuts = rules.separators(lines)
    decisions: rules.Decisions = dict(cuts)
    for found in (
        rules.separated_lists(lines, cuts, settings),
        rules.byline_chains(lines, settings),
        rules.headed_lists(lines, settings),
        rules.prompts(lines, settings),
        rules.advertisement_labels(lines),
        rules.captions(lines, settings),
        rules.bylines_and_datelines(lines, settings),
    ):
        for index, reason in found.items():
            decisions.setdefault(index, reason)
    _add_author_bios(lines, decisions, settings)
    section = rules.section_label(lines, settings)
    if section is not None and section + 1 not in decisions:  # a headline, not a byline
        decisions.setdefault(section, "section-label")
    return {
        i: reason
        for i, reason in decisions.items()
        if not lines[i].piece or reason in SENTENCE_REASONS
    }


def _add_author_bios(
    lines: list[Line], decisions: rules.Decisions, settings: CleanSettings
) -> None:
    """An author bio sits after the article: no kept body paragraph follows it. A bio right
    under a prompt box says "send her your tips" like a pitch; it is a bio all the same."""
    for index in range(len(lines) - 1, -1, -1):
        text = lines[index].text
        if index in decisions and decisions[index] != "prompt-teaser":
            continue
        if len(words(text)) <= settings.bio_max_words and metadata.author_from_bio(text):
            decisions[index] = "author-bio"
        elif index not in decisions and is_prose(text, min_words=settings.prose_min_words):
            return


def _headline_index(
    lines: list[Line], decisions: rules.Decisions, settings: CleanSettings
) -> int | None:
    """The seeds' shape: the first line (after a section label) is a headline when it is
    headline-shaped and body prose follows it."""
    candidates = [i for i in range(min(len(lines), 2)) if i not in decisions]
    if not candidates or (candidates[0] == 1 and decisions.get(0) != "section-label"):
        return None
    first = candidates[0]
    if not is_title_like(lines[first].text, max_words=settings.headline_max_words):
        return None
    following = [i for i in range(first + 1, len(lines)) if i not in decisions][:HEADLINE_LOOKAHEAD]
    if any(is_prose(lines[i].text, min_words=settings.prose_min_words) for i in following):
        return first
    return None


def _scored_out(
    lines: list[Line], decisions: rules.Decisions, protected: set[int], settings: CleanSettings
) -> rules.Decisions:
    """The scorer judges what the rules and the repeated signal left, as one page.

    It was fitted on pages with the rule-removed lines taken out too, so a paragraph after an
    interleaved prompt is scored beside the paragraphs around it, not beside the prompt.
    """
    remaining = [i for i in range(len(lines)) if i not in decisions]
    if not settings.use_scorer or not remaining or not looks_like_page(lines, settings):
        return {}
    scores = load_scorer().score([lines[i].text for i in remaining])
    return {
        i: "low-content-score"
        for i, score in zip(remaining, scores)
        if score < settings.scorer_threshold and i not in protected
    }


def outlet_for_grouping(
    article: Article, lines: list[Line], decisions: rules.Decisions
) -> str | None:
    """The outlet stated by the user or the reader, else the one the boilerplate names."""
    if article.outlet:
        return article.outlet
    return metadata.outlet_from_self_references([lines[i] for i in sorted(decisions)])


def _metadata(
    article: Article, lines: list[Line], decisions: rules.Decisions, body: list[int]
) -> dict[str, Any]:
    """Outlet, author, date and section, each with where it came from. ``body`` holds the
    indices of the kept lines after the headline: the header is what comes before them."""
    provenance = dict(article.provenance)
    found: dict[str, object] = {}
    outlet = outlet_for_grouping(article, lines, decisions)
    if outlet and not article.outlet:
        found["outlet"], provenance["outlet"] = outlet, "self-reference"
    first_body = body[0] if body else len(lines)
    header = [i for i in sorted(decisions) if i < first_body]
    bylines = (
        metadata.author_from_byline(lines[i].text) for i in header if decisions[i] == "byline"
    )
    author = next((name for name in bylines if name), None)
    source = "byline"
    if author is None:
        bio_lines = [lines[i].text for i in sorted(decisions) if decisions[i] == "author-bio"]
        bios = (metadata.author_from_bio(text) for text in bio_lines)
        author, source = next((a for a in bios if a), None), "bio"
    if author and not article.author:
        found["author"], provenance["author"] = author, source
    dates = (metadata.parse_date(lines[i].text) for i in header if decisions[i] == "dateline")
    published = next((day for day in dates if day), None)
    if published and not article.published:
        found["published"], provenance["published"] = published, "dateline"
    section = next((lines[i].text for i in header if decisions[i] == "section-label"), None)
    if section and not article.section:
        found["section"], provenance["section"] = section, "section-label"
    found["provenance"] = tuple(sorted(provenance.items()))
    return found


def clean_article(
    article: Article,
    *,
    repeated: frozenset[RepeatedKey] = frozenset(),
    settings: CleanSettings = DEFAULT.clean,
) -> Article:
    """A copy of ``article`` with boilerplate removed (kept with reasons) and metadata read.

    Articles already cleaned (HTML bodies from trafilatura) are returned unchanged.
    """
    if article.cleaned:
        return article
    lines = judged_lines(article.text, settings)
    decisions = rule_decisions(lines, settings)
    outlet = outlet_for_grouping(article, lines, decisions)
    for i, line in enumerate(lines):
        if i not in decisions and (outlet, normalise(line.text)) in repeated:
            decisions[i] = "repeated"
    headline = _headline_index(lines, decisions, settings)
    protected = {headline} if headline is not None else set()
    decisions.update(_scored_out(lines, decisions, protected, settings))
    kept = [i for i in range(len(lines)) if i not in decisions]
    has_title = bool(kept) and (headline == kept[0] or _title_shaped(lines[kept[0]], settings))
    title = lines[kept[0]].text if has_title else ""
    return dataclasses.replace(
        article,
        text=_joined(lines, kept),
        title=article.title or title,
        removed=_removed_lines(lines, decisions),
        cleaned=True,
        **_metadata(article, lines, decisions, kept[1:] if has_title else kept),
    )


def judged_lines(text: str, settings: CleanSettings) -> list[Line]:
    """The non-blank lines; in text that is not page text, a line longer than
    ``settings.long_line_words`` is cut into its sentences (each keeps the line's number), so
    that a body given as one paragraph is judged sentence by sentence. Page text keeps its
    lines whole: they are the page's blocks, and the scorer was fitted on blocks."""
    lines = split_lines(text)
    if looks_like_page(lines, settings):
        return lines
    judged: list[Line] = []
    for line in lines:
        if len(words(line.text)) > settings.long_line_words:
            judged.extend(
                Line(line.line_no, sentence, piece=True) for sentence in split_sentences(line.text)
            )
        else:
            judged.append(line)
    return judged


def _joined(lines: list[Line], kept: list[int]) -> str:
    """The kept lines, one per line; kept sentences of one cut line joined again by spaces."""
    out: list[str] = []
    previous = None
    for i in kept:
        if lines[i].line_no == previous:
            out[-1] += " " + lines[i].text
        else:
            out.append(lines[i].text)
        previous = lines[i].line_no
    return "\n".join(out)


def _removed_lines(lines: list[Line], decisions: rules.Decisions) -> tuple[RemovedLine, ...]:
    """One RemovedLine per line number (a cut line's removed sentences together, with their
    reasons joined by "+" when they differ)."""
    by_line: dict[int, list[int]] = {}
    for i in sorted(decisions):
        by_line.setdefault(lines[i].line_no, []).append(i)
    return tuple(
        RemovedLine(
            line_no,
            " ".join(lines[i].text for i in found),
            "+".join(dict.fromkeys(decisions[i] for i in found)),
        )
        for line_no, found in by_line.items()
    )


def _title_shaped(line: Line, settings: CleanSettings) -> bool:
    return is_title_like(line.text, max_words=settings.headline_max_words) and not is_prose(
        line.text, min_words=settings.prose_min_words
    )


def repeated_lines(
    articles: Iterable[Article], *, settings: CleanSettings = DEFAULT.clean
) -> frozenset[RepeatedKey]:
    """(outlet, normalised line) pairs that repeat across one outlet's articles.

    Articles with no known outlet (stated or named by their own boilerplate) take no part.
    """
    grouped = [found for found in map(functools.partial(outlet_lines, settings=settings),
                                      articles) if found is not None]
    return find_repeated(
        grouped,
        min_articles=settings.repeated_min_articles,
        duplicate_overlap=settings.repeated_duplicate_overlap,
        prose_min_words=settings.prose_min_words,
    )


def outlet_lines(article: Article, *, settings: CleanSettings = DEFAULT.clean
                 ) -> tuple[str, list[str]] | None:
    """(the outlet it is grouped under, its lines) of an article as read, as the repeated
    lines signal counts it; None when it is cleaned already or its outlet is unknown."""
    if article.cleaned:
        return None
    lines = split_lines(article.text)
    outlet = outlet_for_grouping(article, lines, rule_decisions(lines, settings))
    return (outlet, [line.text for line in lines]) if outlet else None


def clean_articles(
    articles: Iterable[Article], *, settings: CleanSettings = DEFAULT.clean
) -> list[Article]:
    """Clean a corpus: find each outlet's repeated lines first, then clean every article."""
    articles = list(articles)
    repeated = repeated_lines(articles, settings=settings)
    log.info("%d repeated boilerplate lines across %d articles", len(repeated), len(articles))
    return [clean_article(article, repeated=repeated, settings=settings) for article in articles]


def kept_line_numbers(as_read: Article, cleaned: Article) -> list[int]:
    """1-based numbers, in the text as read, of the lines cleaning kept whole or in part."""
    removed = {line.line_no: " ".join(line.text.split()) for line in cleaned.removed}
    return [
        line.line_no
        for line in split_lines(as_read.text)
        if removed.get(line.line_no) != " ".join(line.text.split())
    ]
