"""Line rules: the boilerplate a news page leaves in its text, recognised by shape and cue.

Each rule looks at the whole list of lines (boilerplate is recognised by its neighbours as
much as by itself) and returns the indices it removes with a reason code. Rules never stop at
the first boilerplate line: a newsletter prompt in the middle of an article removes the prompt
and leaves the paragraphs after it.

Reason codes: "separator", "subscription-prompt", "prompt-teaser", "byline", "dateline",
"author-bio", "related-heading", "related-list", "section-label", "advertisement",
"caption".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from crosscheck.clean.text_lines import (
    Line,
    ends_sentence,
    is_prose,
    is_separator,
    is_title_like,
    words,
)
from crosscheck.settings import CleanSettings

Decisions = dict[int, str]  # line index (into the list of non-blank lines) -> reason code

# A prompt either starts with an imperative of signing up, or names where the mail goes.
_PROMPT_START = re.compile(
    r"^(?:subscribe|sign\s*up|join|register|get|follow|don'?t miss|never miss)\b", re.I
)
_PROMPT_CUE = re.compile(
    r"\b(?:subscri\w+|newsletters?|inbox|e-?mails?|brief(?:ing)?|updates|alerts|sign\s*up)\b", re.I
)
# "daily briefing" alone is news ("she said at her daily briefing"); a pitch for one names the
# inbox or the sign-up as well.
_PROMPT_PHRASE = re.compile(
    r"\b(?:your inbox|free newsletters?|(?:daily|weekly|free) (?:e-?mail|newsletter)|free briefing"
    r"|delivered (?:directly |straight |right )?to you|unsubscribe at any time"
    r"|sign up for (?:our|the)\b|^(?:don'?t|never) miss (?:a|another|out)\b"
    # reader-revenue appeals ("Become a member today", "Support independent journalism")
    r"|become a (?:member|subscriber|supporter)|support (?:independent |our )?journalism"
    r"|make a (?:donation|contribution)"
    # what a paywall offers: "Subscribers get every story", "Cancel any time", "99 cents"
    r"|subscribers? (?:get|enjoy|can)\b|cancel (?:at )?any ?time|unlimited access|ad-free"
    r"|without limits\W*$|for (?:just |only )?(?:\$|£|€)?\d+(?:\.\d+)? (?:cents|pence)\b)",
    re.I,
)
# A line that only labels the advertising slot under it.
_AD_LABEL = re.compile(r"^\W*(?:advertisement|advertising|sponsored(?: content)?|ad|promoted)\W*$", re.I)
# Where a caption or a picture credit opens its line, as pages label them.
_CAPTION_START = re.compile(
    r"^\W*(?:image (?:copyright|caption)|media (?:caption|playback is unsupported)"
    r"|photos?:|pictures?:|caption:)", re.I)
_GALLERY_MARK = re.compile(r"\bhide caption \d+ of \d+\b", re.I)
_GALLERY_COUNTER = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
GALLERY_MAX = 60  # "5/8" counts pictures; dates ("12/24, 12/26") share no total
_READER = re.compile(r"\b(?:you|your|yours|you'll|you're)\b", re.I)
_BYLINE = re.compile(r"^by\s+\S", re.I)
# "By" then a name: capitalised words (particles allowed), up to the end or a separator.
_BYLINE_NAME = re.compile(
    r"^(?i:by):?\s+(?:[A-Z][\w'’.-]*|and|&|de|da|van|von|der|al|bin|le|la)"
    r"(?:\s+(?:[A-Z][\w'’.-]*|and|&|de|da|van|von|der|al|bin|le|la)){0,5}"
    r"\s*(?:$|[,|•·—–/-]|\b(?i:published|updated|posted|staff|for|in)\b)",
)
BYLINE_SENTENCE_WORDS = 6  # a longer line with a full stop after "By Name" is a sentence
_DATE_CUE = re.compile(r"\b(?:published|updated|posted|last (?:updated|modified))\b", re.I)
_RELATED_HEADING = re.compile(
    r"^(?:related(?: \w+)?|more (?:from|on|in|like this|stories|news)\b.*|read more\b.*"
    r"|you (?:may|might) (?:also )?like|most (?:popular|read|viewed|shared)\b.*"
    r"|recommended(?: for you)?|see also|also read|trending(?: now)?|latest (?:news|stories)"
    r"|top stories|what to read next)\W*$",
    re.I,
)
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
)
DATE_PATTERN = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}\b|\b\d{{1,2}}\s+{_MONTH}\s+(?:19|20)\d{{2}}\b"
    r"|\b(?:19|20)\d{2}-\d{2}-\d{2}\b",
    re.I,
)


def is_prompt(text: str, settings: CleanSettings) -> bool:
    """A subscription or newsletter prompt: 'Sign up for ...', '... to your inbox'.

    Words inside quotation marks are someone's speech ('"I wanted to make a donation," she
    said'), not the page speaking to its reader.
    """
    if len(words(text)) > settings.prompt_max_words:
        return False
    text = _unquoted(text)
    if _PROMPT_PHRASE.search(text):
        return True
    return bool(_PROMPT_START.match(text) and _PROMPT_CUE.search(text))


def _unquoted(text: str) -> str:
    return re.sub(r"[\"“][^\"”]*[\"”]", " ", text)


def _addresses_reader(text: str) -> bool:
    return bool(_READER.search(_unquoted(text)))


def is_byline(text: str, settings: CleanSettings) -> bool:
    """'By Jane Doe', 'BY JANE DOE, Example News | Published ...': "By" and a name, not a
    sentence that opens with "By" ('By Monday morning, the fire was out.')."""
    if len(words(text)) > settings.byline_max_words or not _BYLINE_NAME.match(text):
        return False
    return not (ends_sentence(text) and len(words(text)) > BYLINE_SENTENCE_WORDS)


def is_dateline(text: str, settings: CleanSettings) -> bool:
    """'Published October 10, 2022', 'Updated 3:04 PM, 2022-10-10' or a bare date."""
    if len(words(text)) > settings.byline_max_words or not DATE_PATTERN.search(text):
        return False
    if ends_sentence(text) and not _DATE_CUE.search(text):
        return False  # "Correction: October 2, 2016, Sunday." is a sentence that holds a date
    rest = DATE_PATTERN.sub(" ", _DATE_CUE.sub(" ", text))
    return bool(_DATE_CUE.search(text)) or len(words(rest)) <= 3


def separators(lines: list[Line]) -> Decisions:
    return {i: "separator" for i, line in enumerate(lines) if is_separator(line.text)}


def advertisement_labels(lines: list[Line]) -> Decisions:
    return {i: "advertisement" for i, line in enumerate(lines) if _AD_LABEL.match(line.text)}


def captions(lines: list[Line], settings: CleanSettings) -> Decisions:
    """Picture and video captions a page's text keeps in its own lines: "Image copyright
    Getty Images Image caption ...", "Media playback is unsupported on your device Media
    caption ...", a gallery's "Photos: ... Hide Caption 3 of 30" or its "5/8 ... 6/8" counters.
    A page of captions alone is a gallery: there the captions are the text, and stay."""
    found = {i: "caption" for i, line in enumerate(lines) if is_caption(line.text)}
    body = any(is_prose(line.text, min_words=settings.prose_min_words)
               for i, line in enumerate(lines) if i not in found)
    return found if body else {}


def is_caption(text: str) -> bool:
    if _CAPTION_START.match(text) or _GALLERY_MARK.search(text):
        return True
    # a gallery counts its pictures out of one total: "5/8 ... 6/8 ... 7/8"
    counters = [(int(a), int(b)) for a, b in _GALLERY_COUNTER.findall(text)]
    totals = {b for _, b in counters}
    return (len(counters) >= 2 and len(totals) == 1 and len({a for a, _ in counters}) == len(counters)
            and all(a <= b <= GALLERY_MAX for a, b in counters))


def prompts(lines: list[Line], settings: CleanSettings) -> Decisions:
    """Prompts, and the short pitch a prompt heading carries ('Subscribe to X' + its pitch).

    A pitch is recognised by place, length and address: it sits right under a prompt (or
    under another pitch), it is short, and it speaks to the reader outside quotation marks
    ("The news you need, before breakfast.") or, sitting between two prompts, repeats within
    the text as a prompt box printed twice does. A headline under a prompt (the next
    article's, on web pages) does not say "you", nor does a news paragraph.
    """
    found = {i: "subscription-prompt" for i, line in enumerate(lines) if is_prompt(line.text, settings)}
    counts = Counter(line.text for line in lines)
    for i, line in enumerate(lines):
        if i in found or found.get(i - 1) not in ("subscription-prompt", "prompt-teaser"):
            continue
        if len(words(line.text)) > settings.prompt_teaser_max_words:
            continue
        if _addresses_reader(line.text) or (i + 1 in found and counts[line.text] > 1):
            found[i] = "prompt-teaser"
    return found


def bylines_and_datelines(lines: list[Line], settings: CleanSettings) -> Decisions:
    found: Decisions = {}
    for i, line in enumerate(lines):
        if is_byline(line.text, settings):
            found[i] = "byline"
        elif is_dateline(line.text, settings):
            found[i] = "dateline"
    return found


def _segments(lines: list[Line], cuts: Iterable[int]) -> list[tuple[int, int]]:
    """Half-open ranges of line indices between separator lines (after the first one)."""
    cuts = sorted(cuts)
    bounds = cuts + [len(lines)]
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:]) if b > a + 1]


def _is_list_item(lines: list[Line], start: int, end: int, settings: CleanSettings) -> bool:
    """A related-article entry: a few short lines, a heading-shaped one or a byline/date."""
    item = [line.text for line in lines[start:end]]
    if not item or len(item) > settings.related_item_max_lines:
        return False
    if any(len(words(text)) > settings.related_line_max_words for text in item):
        return False
    if sum(is_prose(text, min_words=settings.prose_min_words) for text in item) > 1:
        return False
    marked = any(_BYLINE.match(text) or DATE_PATTERN.search(text) for text in item)
    return marked or is_title_like(item[0], max_words=settings.headline_max_words)


def separated_lists(lines: list[Line], cuts: Decisions, settings: CleanSettings) -> Decisions:
    """Runs of separator-delimited related-article entries, wherever they occur."""
    found: Decisions = {}
    run: list[tuple[int, int]] = []
    for start, end in _segments(lines, cuts) + [(0, 0)]:
        if end > start and _is_list_item(lines, start, end, settings):
            run.append((start, end))
            continue
        if len(run) >= settings.related_min_items:
            found.update({i: "related-list" for a, b in run for i in range(a, b)})
        run = []
    return found


def byline_chains(lines: list[Line], settings: CleanSettings) -> Decisions:
    """Related entries without separators: bylines a few lines apart with no prose between.

    Each byline closes an entry; the lines since the previous entry (at most
    related_item_max_lines) are its headline and teaser.
    """
    marks = [i for i, line in enumerate(lines) if is_byline(line.text, settings)]
    found: Decisions = {}
    chain: list[int] = []
    for i in marks + [None]:
        if i is not None and chain and i - chain[-1] <= settings.related_item_max_lines:
            between = lines[chain[-1] + 1 : i]
            if not any(is_prose(line.text, min_words=settings.prose_min_words) for line in between):
                chain.append(i)
                continue
        if len(chain) >= settings.related_min_items:
            first = max(0, chain[0] - (chain[1] - chain[0]) + 1)
            found.update({k: "related-list" for k in range(first, chain[-1] + 1)})
        chain = [i] if i is not None else []
    return found


def headed_lists(lines: list[Line], settings: CleanSettings) -> Decisions:
    """'Related stories', 'Most read' ... and the headline-shaped lines under it."""
    found: Decisions = {}
    for i, line in enumerate(lines):
        if len(words(line.text)) > 6 or not _RELATED_HEADING.match(line.text):
            continue
        found[i] = "related-heading"
        for k in range(i + 1, len(lines)):
            text = lines[k].text
            if is_prose(text, min_words=settings.prose_min_words) or not (
                is_title_like(text, max_words=settings.related_line_max_words)
                or _BYLINE.match(text)
                or is_dateline(text, settings)
            ):
                break
            found[k] = "related-list"
    return found


def section_label(lines: list[Line], settings: CleanSettings) -> int | None:
    """Index of a section label ('International') heading the text, when there is one.

    It is the first line, a few words with no full stop, followed by a headline-shaped line.
    """
    if len(lines) < 2:
        return None
    first, second = lines[0].text, lines[1].text
    if len(words(first)) > settings.section_max_words or ends_sentence(first):
        return None
    if not is_title_like(first, max_words=settings.section_max_words):
        return None
    return 0 if is_title_like(second, max_words=settings.headline_max_words) else None
