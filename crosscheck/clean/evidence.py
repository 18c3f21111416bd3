"""Position-free evidence about a line, and about the run of lines it belongs to.

The page-position features (crosscheck.clean.features) say where a line sits; these say what
it is, wherever it sits: a list item, a menu or sharing word, a price, a "Label: value" line,
a sentence in a language whose function words the English stopword list does not know. And,
for runs: how long the run of short non-sentence lines around a line is (a menu is a long run,
a subheading or an ingredient list between paragraphs a short one with prose on both sides),
and how long the run of list-marked lines is.
"""

from __future__ import annotations

import re

import numpy as np

from crosscheck.clean.text_lines import ends_sentence, words

_LIST_MARKER = re.compile(r"^\s*(?:[-–•·*▪►✓✔]\s|\d{1,3}[.)]\s|\(?[a-zA-Z]\)\s|\d{1,3}\s*[-–]\s)")
_CURRENCY = re.compile(r"[$€£¥₹]\s?\d|\d\s?[$€£¥₹]|\b\d+(?:[.,]\d+)?\s?(?:usd|eur|gbp)\b", re.I)
_LABEL = re.compile(r"^[^\W\d_][\w'’ &-]{0,30}:\s*\S")  # "Tags: Alibaba", "Photo: AP"
_NUMBER_ONLY = re.compile(r"^[\d\s.,:%/+-]+$")
# Words of a page's furniture in English: navigation, sharing, account and legal links. A
# generic list written from how web pages label their controls, not from any dev-set page.
NAV_WORDS = frozenset(
    """home menu search login log sign signin register account subscribe subscription
    newsletter newsletters share shares tweet facebook twitter instagram pinterest linkedin
    whatsapp youtube reddit email print comments comment reply replies next previous prev
    more read related popular trending latest recommended advertisement advertise sponsored
    privacy policy terms cookie cookies contact about careers faq sitemap rss copyright
    rights reserved tags tag categories category archives archive skip toggle close back top
    follow like video videos photos photo gallery watch listen download app apps click here
    view loading""".split()
)
SHORT_MAX_WORDS = 6  # a line of at most this many words without a sentence end is "short"

EVIDENCE_NAMES = (
    "list_marker", "nav_word_share", "all_nav_words", "currency", "label_colon", "number_only",
    "sentence_any_language", "non_ascii_share",
)  # fmt: skip
RUN_NAMES = (
    "log_short_run", "short_run_between_sentences", "log_list_run", "nav_share_window_3",
)  # fmt: skip


def line_evidence(text: str) -> list[float]:
    """The line's own evidence, in the order of EVIDENCE_NAMES."""
    tokens = words(text)
    folded = [token.casefold() for token in tokens]
    nav = sum(token in NAV_WORDS for token in folded) / len(folded) if folded else 0.0
    letters = [ch for ch in text if ch.isalpha()]
    non_ascii = sum(not ch.isascii() for ch in letters) / len(letters) if letters else 0.0
    return [
        float(bool(_LIST_MARKER.match(text))),
        nav,
        float(bool(folded) and nav == 1.0),
        float(bool(_CURRENCY.search(text))),
        float(bool(_LABEL.match(text))),
        float(bool(_NUMBER_ONLY.match(text))),
        float(ends_sentence(text) and (len(tokens) >= 15 or len(tokens) >= 8 and "," in text)),
        non_ascii,
    ]


def _run_lengths(flags: np.ndarray) -> np.ndarray:
    """For each flagged line, the length of the run of consecutive flagged lines it is in."""
    out = np.zeros(len(flags))
    start = 0
    for i in range(len(flags) + 1):
        if i == len(flags) or not flags[i]:
            if i > start:
                out[start:i] = i - start
            start = i + 1
    return out


def _run_between(flags: np.ndarray, sentences: np.ndarray) -> np.ndarray:
    """1 for a flagged line whose run has a sentence line right before and right after it."""
    out = np.zeros(len(flags))
    n = len(flags)
    i = 0
    while i < n:
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < n and flags[j]:
            j += 1
        if i > 0 and j < n and sentences[i - 1] and sentences[j]:
            out[i:j] = 1.0
        i = j
    return out


def run_columns(texts: list[str], evidence: np.ndarray) -> list[np.ndarray]:
    """Columns of RUN_NAMES for one page."""
    short = np.array(
        [len(words(text)) <= SHORT_MAX_WORDS and not ends_sentence(text) for text in texts]
    )
    sentences = np.array([ends_sentence(text) and len(words(text)) >= 8 for text in texts])
    listed = evidence[:, EVIDENCE_NAMES.index("list_marker")] > 0
    nav = evidence[:, EVIDENCE_NAMES.index("nav_word_share")]
    padded = np.concatenate([[0.0], np.cumsum(nav)])
    index = np.arange(len(texts))
    low, high = np.clip(index - 3, 0, len(texts)), np.clip(index + 4, 0, len(texts))
    return [
        np.log1p(_run_lengths(short)),
        _run_between(short, sentences),
        np.log1p(_run_lengths(listed)),
        (padded[high] - padded[low]) / np.maximum(high - low, 1),
    ]


def evidence_rows(texts: list[str]) -> np.ndarray:
    """EVIDENCE_NAMES + RUN_NAMES columns, one row per line."""
    evidence = np.array([line_evidence(text) for text in texts], dtype=float).reshape(
        len(texts), len(EVIDENCE_NAMES)
    )
    return np.column_stack([evidence, *run_columns(texts, evidence)]) if texts else np.zeros(
        (0, len(EVIDENCE_NAMES) + len(RUN_NAMES))
    )
