"""Features of a line and of its neighbours, for the learned line scorer.

Web text cut into lines keeps the page's layout: the article is a dense run of long lines full
of function words and full stops, and menus, related headlines, footers and comments sit around
it as runs of short, capitalised or link-like lines. So a line is described by its own shape,
the shape of the lines around it, where it sits relative to the page's prose, and how often it
repeats in the page. No feature names a word of any site.
"""

from __future__ import annotations

import math
import re

import numpy as np

from crosscheck.clean.evidence import EVIDENCE_NAMES, RUN_NAMES, evidence_rows
from crosscheck.clean.text_lines import (
    capitalised_ratio,
    ends_sentence,
    is_separator,
    stopword_ratio,
    words,
)

_LINK = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk)\b|@\w", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b\d{1,2}[:/.]\d{2}\b|\b(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+[A-Z“\"']")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.IGNORECASE)

SHAPE_NAMES = (
    "log_words", "log_chars", "ends_sentence", "ends_colon", "stopword_ratio",
    "capitalised_ratio", "digit_ratio", "upper_ratio", "punct_ratio", "log_sentences",
    "log_commas", "has_pipe", "has_copyright", "link_like", "starts_by", "date_like",
    "all_caps", "mean_word_length", "separator", "starts_lower", "has_quote", "one_word",
    "prose", "title_like",
)  # fmt: skip
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
NEIGHBOUR_SHAPES = ("log_words", "ends_sentence", "stopword_ratio", "capitalised_ratio", "prose")
PROSE_MIN_WORDS = 10  # a line this long with a full stop looks like a paragraph


def line_shape(text: str) -> list[float]:
    """The line's own shape, in the order of SHAPE_NAMES."""
    tokens = words(text)
    n_chars = max(len(text), 1)
    letters = [ch for ch in text if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0
    stops = stopword_ratio(tokens)
    full_stop = ends_sentence(text)
    return [
        math.log1p(len(tokens)),
        math.log1p(len(text)),
        float(full_stop),
        float(text.rstrip().endswith(":")),
        stops,
        capitalised_ratio(tokens),
        sum(ch.isdigit() for ch in text) / n_chars,
        upper,
        sum(not ch.isalnum() and not ch.isspace() for ch in text) / n_chars,
        math.log1p(len(_SENTENCE_END.findall(text)) + full_stop),
        math.log1p(text.count(",")),
        float("|" in text),
        float(bool(_COPYRIGHT.search(text))),
        float(bool(_LINK.search(text))),
        float(text[:3].casefold() == "by "),
        float(bool(_DATE.search(text))),
        float(upper > 0.8 and len(letters) > 3),
        sum(map(len, tokens)) / len(tokens) if tokens else 0.0,
        float(is_separator(text)),
        float(text[:1].islower()),
        float(any(ch in text for ch in "\"“”")),
        float(len(tokens) <= 1),
        float(len(tokens) >= PROSE_MIN_WORDS and full_stop and stops >= 0.25),
        float(3 <= len(tokens) <= 20 and not text.rstrip().endswith((".", ",", ";", ":"))),
    ]


def _shifted(column: np.ndarray, offset: int) -> np.ndarray:
    """column[i + offset], zero outside the page."""
    out = np.zeros_like(column)
    n = len(column)
    if offset > 0:
        out[: n - offset] = column[offset:] if offset < n else 0
    elif offset < 0:
        out[-offset:] = column[: n + offset] if -offset < n else 0
    else:
        out[:] = column
    return out


def window_mean(column: np.ndarray, radius: int) -> np.ndarray:
    """Mean of column over [i - radius, i + radius], clipped at the page's edges."""
    padded = np.concatenate([[0.0], np.cumsum(column)])
    n = len(column)
    index = np.arange(n)
    low = np.clip(index - radius, 0, n)
    high = np.clip(index + radius + 1, 0, n)
    return (padded[high] - padded[low]) / np.maximum(high - low, 1)


def _distance_to_flag(flags: np.ndarray, *, forward: bool) -> np.ndarray:
    """Lines to the nearest flagged line before (or after) each line; the page length if none."""
    n = len(flags)
    out = np.full(n, float(n))
    last = None
    order = range(n - 1, -1, -1) if forward else range(n)
    for i in order:
        if last is not None:
            out[i] = abs(i - last)
        if flags[i]:
            last = i
    return out


def _page_columns(texts: list[str], shapes: np.ndarray) -> list[np.ndarray]:
    n = len(texts)
    index = np.arange(n, dtype=float)
    log_words = shapes[:, SHAPE_NAMES.index("log_words")]
    prose = shapes[:, SHAPE_NAMES.index("prose")]
    counts: dict[str, int] = {}
    for text in texts:
        counts[text] = counts.get(text, 0) + 1
    prose_before = np.cumsum(prose) - prose
    total_prose = max(prose.sum(), 1.0)
    return [
        index / max(n - 1, 1),
        np.log1p(index),
        np.log1p(n - 1 - index),
        np.full(n, math.log1p(n)),
        np.log1p(np.array([counts[text] - 1 for text in texts], dtype=float)),
        log_words / max(log_words.max(), 1e-9),
        np.log1p(_distance_to_flag(prose, forward=False)),
        np.log1p(_distance_to_flag(prose, forward=True)),
        window_mean(prose, 2),
        window_mean(prose, 5),
        window_mean(prose, 15),
        window_mean(log_words, 2),
        window_mean(log_words, 5),
        window_mean(log_words, 15),
        prose_before / total_prose,
        np.full(n, prose.sum() / max(n, 1)),
        np.log1p(prose_before),
        _continues(texts, shapes, previous=True),
        _continues(texts, shapes, previous=False),
        *_prose_run_columns(shapes),
    ]


PROSE_RUN_GAP = 3  # prose lines at most this many lines apart belong to one run


def _prose_run_columns(shapes: np.ndarray) -> list[np.ndarray]:
    """Where each line sits relative to runs of prose (the article is usually the longest).

    A run spans from one prose line to the last prose line reachable through gaps of at most
    PROSE_RUN_GAP lines. Lines outside every run get run values of zero.
    """
    n = len(shapes)
    prose = np.flatnonzero(shapes[:, SHAPE_NAMES.index("prose")])
    word_count = np.expm1(shapes[:, SHAPE_NAMES.index("log_words")])
    run_of = np.full(n, -1)
    runs: list[tuple[int, int]] = []
    for i in prose:
        if runs and i - runs[-1][1] <= PROSE_RUN_GAP:
            runs[-1] = (runs[-1][0], int(i))
        else:
            runs.append((int(i), int(i)))
    run_words = [word_count[a : b + 1].sum() for a, b in runs]
    total = max(word_count.sum(), 1.0)
    for k, (a, b) in enumerate(runs):
        run_of[a : b + 1] = k
    best = int(np.argmax(run_words)) if runs else -1
    in_run = run_of >= 0
    share = np.array([run_words[k] / total if k >= 0 else 0.0 for k in run_of])
    is_best = (run_of == best) & in_run
    distance = np.full(n, float(n))
    if runs:
        a, b = runs[best]
        index = np.arange(n)
        distance = np.where(index < a, a - index, np.where(index > b, index - b, 0)).astype(float)
    return [in_run.astype(float), share, is_best.astype(float), np.log1p(distance)]


def _continues(texts: list[str], shapes: np.ndarray, *, previous: bool) -> np.ndarray:
    """1 where a sentence runs over the line break (text cut at an inline link).

    With previous=True: the line above stops mid-sentence and this one starts in lower case or
    with punctuation; with previous=False: this line stops mid-sentence and the next one so
    starts.
    """
    open_end = 1.0 - shapes[:, SHAPE_NAMES.index("ends_sentence")]
    starts_inside = np.array(
        [float(bool(text) and (text[0].islower() or text[0] in ".,;:)")) for text in texts]
    )
    if previous:
        return _shifted(open_end, -1) * starts_inside
    return open_end * _shifted(starts_inside, 1)


PAGE_NAMES = (
    "relative_position", "log_lines_before", "log_lines_after", "log_page_lines",
    "log_repeats_in_page", "words_vs_longest", "log_distance_prose_before",
    "log_distance_prose_after", "prose_density_2", "prose_density_5", "prose_density_15",
    "word_density_2", "word_density_5", "word_density_15", "share_of_prose_before",
    "page_prose_share", "log_prose_before", "continues_previous", "continued_by_next",
    "in_prose_run", "prose_run_share", "in_longest_prose_run", "log_distance_longest_run",
)  # fmt: skip

FEATURE_NAMES = (
    SHAPE_NAMES
    + tuple(f"{name}@{offset:+d}" for offset in NEIGHBOUR_OFFSETS for name in NEIGHBOUR_SHAPES)
    + PAGE_NAMES
    + EVIDENCE_NAMES
    + RUN_NAMES
)


def line_features(texts: list[str]) -> np.ndarray:
    """One row per line, columns as FEATURE_NAMES."""
    if not texts:
        return np.zeros((0, len(FEATURE_NAMES)))
    shapes = np.array([line_shape(text) for text in texts], dtype=float)
    columns = [shapes[:, j] for j in range(shapes.shape[1])]
    for offset in NEIGHBOUR_OFFSETS:
        for name in NEIGHBOUR_SHAPES:
            columns.append(_shifted(shapes[:, SHAPE_NAMES.index(name)], offset))
    columns.extend(_page_columns(texts, shapes))
    evidence = evidence_rows(texts)
    columns.extend(evidence[:, j] for j in range(evidence.shape[1]))
    return np.column_stack(columns)


CONTEXT_NAMES = (
    "p", "p@-3", "p@-2", "p@-1", "p@+1", "p@+2", "p@+3", "p_mean_2", "p_mean_5", "p_mean_15",
    "p_max_before_5", "p_max_after_5", "log_distance_content_before",
    "log_distance_content_after", "p_mean_40",
)  # fmt: skip
CONTENT_P = 0.5  # a first-pass score this high counts as a content line for the distances


def context_features(first_pass: np.ndarray) -> np.ndarray:
    """The first pass's content probabilities around each line (for the second pass)."""
    n = len(first_pass)
    columns = [first_pass]
    columns += [_shifted(first_pass, offset) for offset in NEIGHBOUR_OFFSETS]
    columns += [window_mean(first_pass, radius) for radius in (2, 5, 15)]
    before = np.array([first_pass[max(0, i - 5) : i].max(initial=0.0) for i in range(n)])
    after = np.array([first_pass[i + 1 : i + 6].max(initial=0.0) for i in range(n)])
    columns += [before, after]
    likely = first_pass >= CONTENT_P
    columns += [
        np.log1p(_distance_to_flag(likely, forward=False)),
        np.log1p(_distance_to_flag(likely, forward=True)),
        window_mean(first_pass, 40),
    ]
    return np.column_stack(columns) if n else np.zeros((0, len(CONTEXT_NAMES)))
