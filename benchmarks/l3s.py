"""Plain-text boilerplate removal on L3S-GN1 (621 news pages cut into labelled lines), and
on the AEB pages rendered to labelled lines (crosscheck.clean.aeb_lines, 181 pages).

    .venv/bin/python -m benchmarks.l3s [--pages N] [--set l3s|aeb-lines]

Content = headline + fulltext lines. Pages are split by a hash of their site
(crosscheck.clean.fit.Page.held_out): the line scorer is fitted on the calibration sites only,
and every figure here is measured on the held-out sites. Scores: content-line F1 pooled over
all held-out lines, and the same F1 with each line weighted by its characters.

Rows: crosscheck's cleaner as the pipeline runs it (clean_articles: line rules, lines
repeated across a site's pages, learned scorer), the same without the repeated-line signal,
the scorer alone, and a C4-style rule baseline (Raffel et al. 2020, section 2.2: keep lines
ending in terminal punctuation with at least N words, drop lines naming javascript, cookie
or privacy policies, lorem ipsum or curly brackets), with N chosen on the calibration sites,
and as published (N = 3, pages with fewer than 5 kept lines emptied).
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

import numpy as np

from benchmarks.common import data_dir, header
from crosscheck.clean import clean_article, clean_articles
from crosscheck.clean.aeb_lines import aeb_path, read_aeb_pages
from crosscheck.clean.fit import CONTENT_LABELS, Page, l3s_path, read_pages
from crosscheck.clean.scorer import load_scorer
from crosscheck.records import Article, content_id
from crosscheck.settings import DEFAULT

C4_TERMINAL = re.compile(r"[.!?\"”]$")
C4_BANNED = re.compile(
    r"javascript|terms of use|privacy policy|cookie policy|uses cookies|use of cookies"
    r"|use cookies|lorem ipsum|\{",
    re.I,
)


def f1(kept: np.ndarray, gold: np.ndarray, weight: np.ndarray | None = None) -> float:
    weight = np.ones(len(gold)) if weight is None else weight
    tp = (weight * (kept & gold)).sum()
    wrong = (weight * (kept ^ gold)).sum()
    return float(2 * tp / (2 * tp + wrong)) if tp or wrong else 1.0


def as_article(page: Page) -> Article:
    text = "\n".join(page.texts)
    return Article(
        id=content_id(page.site, text), source=page.doc_id, format="text", text=text,
        outlet=page.site,
    )  # fmt: skip


def kept_mask(article: Article, n_lines: int) -> np.ndarray:
    kept = np.ones(n_lines, dtype=bool)
    for line in article.removed:
        kept[line.line_no - 1] = False
    return kept


def c4_keep(texts: tuple[str, ...], *, min_words: int) -> np.ndarray:
    return np.array(
        [
            bool(C4_TERMINAL.search(text)) and len(text.split()) >= min_words
            and not C4_BANNED.search(text)
            for text in texts
        ]
    )  # fmt: skip


C4_PAPER_MIN_WORDS = 3  # Raffel et al. 2020: lines of at least 3 words, pages of 5 sentences
C4_PAPER_MIN_SENTENCES = 5


def c4_page(kept: np.ndarray) -> np.ndarray:
    """C4 drops a page with fewer than 5 sentences; kept lines stand in for sentences here."""
    return kept if kept.sum() >= C4_PAPER_MIN_SENTENCES else np.zeros_like(kept)


def score_rows(pages: list[Page], masks: list[np.ndarray]) -> tuple[float, float, float]:
    gold = np.concatenate([[label in CONTENT_LABELS for label in p.labels] for p in pages])
    chars = np.concatenate([[len(text) for text in p.texts] for p in pages]).astype(float)
    kept = np.concatenate(masks)
    per_page = [
        f1(mask, np.array([label in CONTENT_LABELS for label in p.labels]))
        for p, mask in zip(pages, masks)
    ]
    return f1(kept, gold), f1(kept, gold, chars), float(np.mean(per_page))


def run_methods(held_out: list[Page], c4_words: int) -> dict[str, tuple[list[np.ndarray], float]]:
    methods: dict[str, Callable[[], list[np.ndarray]]] = {
        "crosscheck clean_articles (rules + repeated + scorer)": lambda: [
            kept_mask(a, len(p.texts)) for a, p in zip(clean_articles([as_article(p) for p in held_out]), held_out)
        ],
        "crosscheck clean_article (rules + scorer, no corpus)": lambda: [
            kept_mask(clean_article(as_article(p)), len(p.texts)) for p in held_out
        ],
        "learned scorer alone, on raw lines (no rules)": lambda: [
            load_scorer().score(list(p.texts)) >= DEFAULT.clean.scorer_threshold for p in held_out
        ],
        f"C4-style rules (>= {c4_words} words, N calibrated)": lambda: [
            c4_keep(p.texts, min_words=c4_words) for p in held_out
        ],
        "C4 as published (>= 3 words; pages with < 5 kept lines emptied)": lambda: [
            c4_page(c4_keep(p.texts, min_words=C4_PAPER_MIN_WORDS)) for p in held_out
        ],
    }
    results = {}
    for name, method in methods.items():
        start = time.perf_counter()
        masks = method()
        results[name] = (masks, time.perf_counter() - start)
    return results


def calibrate_c4(calibration: list[Page]) -> int:
    """The C4 word minimum that maximises content-line F1 on the calibration sites."""
    scores = {n: score_rows(calibration, [c4_keep(p.texts, min_words=n) for p in calibration])[0] for n in range(1, 11)}
    return max(scores, key=scores.get)


def dev_pages(name: str, root) -> list[Page]:
    """The pages of one plain-text dev set: "l3s" or "aeb-lines"."""
    if name == "aeb-lines":
        return list(read_aeb_pages(aeb_path(root)))
    return list(read_pages(l3s_path(root)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="held-out pages to use (0: all)")
    parser.add_argument("--set", choices=("l3s", "aeb-lines"), default="l3s")
    args = parser.parse_args()
    pages = list(dev_pages(args.set, data_dir()))
    held_out = [page for page in pages if page.held_out]
    calibration = [page for page in pages if not page.held_out]
    if args.pages:
        held_out = held_out[: args.pages]
    c4_words = calibrate_c4(calibration)
    print(header("benchmarks.l3s"))
    print(f"set: {args.set}")
    n_lines = sum(len(p.texts) for p in held_out)
    print(f"held-out: {len(held_out)} pages, {n_lines} lines, {len({p.site for p in held_out})} sites; "
          f"calibration: {len(calibration)} pages")  # fmt: skip
    print("| method | content-line F1 | char-weighted F1 | mean per-page line F1 | seconds |")
    print("|---|---|---|---|---|")
    for name, (masks, seconds) in run_methods(held_out, c4_words).items():
        line, chars, per_page = score_rows(held_out, masks)
        print(f"| {name} | {line:.4f} | {chars:.4f} | {per_page:.4f} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
