"""Evaluation gate: plain-text boilerplate removal on fixed subsets of two dev sets must not
drop below its floors (scored as benchmarks/l3s.py scores it: content-line F1 and
character-weighted F1): the held-out L3S-GN1 sites (content = headline + fulltext) and the
held-out sites of the AEB pages rendered to lines (crosscheck.clean.aeb_lines; content = lines
aligned with the gold body). The fingerprints catch a changed corpus, split or rendering,
which would make the floors meaningless."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from benchmarks.l3s import as_article, kept_mask, score_rows
from crosscheck.clean import clean_articles
from crosscheck.clean.aeb_lines import aeb_path, read_aeb_pages
from crosscheck.clean.fit import l3s_path, read_pages

FLOORS = json.loads(Path(__file__).with_suffix(".json").read_text())
READERS = {
    "l3s": (l3s_path, read_pages),
    "aeb-lines": (aeb_path, read_aeb_pages),
}


def gate_pages(shared_data: Path, name: str) -> list:
    locate, read = READERS[name]
    path = locate(shared_data)
    if not path.exists():
        pytest.skip(f"{path} not found")
    held_out = [page for page in read(path) if page.held_out]
    return held_out[: FLOORS[name]["pages"]]


def fingerprint(pages: list) -> str:
    text = "".join(page.doc_id + "".join(page.labels) + str(len(page.texts)) for page in pages)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@pytest.mark.data
@pytest.mark.parametrize("name", sorted(READERS))
def test_plain_text_cleaning_f1_stays_above_its_floors(shared_data: Path, name: str):
    floors = FLOORS[name]
    pages = gate_pages(shared_data, name)
    assert fingerprint(pages) == floors["fingerprint"], "the gate's pages changed: re-measure"
    cleaned = clean_articles([as_article(page) for page in pages])
    masks = [kept_mask(article, len(page.texts)) for article, page in zip(cleaned, pages)]
    line_f1, char_f1, _ = score_rows(pages, masks)
    assert line_f1 >= floors["line_f1_floor"], f"{name}: content-line F1 {line_f1:.3f} below its floor"
    assert char_f1 >= floors["char_f1_floor"], f"{name}: char-weighted F1 {char_f1:.3f} below its floor"
