"""Evaluation gate: plain-text boilerplate removal on a fixed subset of the held-out L3S-GN1
sites must not drop below its floors (scored as benchmarks/l3s.py scores it: content-line F1
and character-weighted F1, content = headline + fulltext). The fingerprint catches a changed
corpus or split, which would make the floors meaningless."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from benchmarks.l3s import as_article, kept_mask, score_rows
from crosscheck.clean import clean_articles
from crosscheck.clean.fit import l3s_path, read_pages

FLOORS = json.loads(Path(__file__).with_suffix(".json").read_text())


def gate_pages(shared_data: Path) -> list:
    path = l3s_path(shared_data)
    if not path.is_file():
        pytest.skip(f"{path} not found")
    held_out = [page for page in read_pages(path) if page.held_out]
    return held_out[: FLOORS["pages"]]


@pytest.mark.data
def test_plain_text_cleaning_f1_stays_above_its_floors(shared_data: Path):
    pages = gate_pages(shared_data)
    fingerprint = hashlib.sha256("".join(page.doc_id for page in pages).encode()).hexdigest()[:16]
    assert fingerprint == FLOORS["fingerprint"], "the gate's pages changed: re-measure the floors"
    cleaned = clean_articles([as_article(page) for page in pages])
    masks = [kept_mask(article, len(page.texts)) for article, page in zip(cleaned, pages)]
    line_f1, char_f1, _ = score_rows(pages, masks)
    assert line_f1 >= FLOORS["line_f1_floor"], f"content-line F1 {line_f1:.3f} below its floor"
    assert char_f1 >= FLOORS["char_f1_floor"], f"char-weighted F1 {char_f1:.3f} below its floor"
