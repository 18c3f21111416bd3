"""Cleaning the example corpus's plain-text files against examples/gold.json.

Each file is cleaned twice: alone (line rules only, as `crosscheck clean FILE` does) and with
the whole folder (line rules plus lines repeated across one outlet's files, as ingest does).
Both must keep exactly the gold headline and body lines and read the gold author and outlet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.clean import clean_article, clean_articles, kept_line_numbers
from crosscheck.readers import read_path


def _gold(examples_dir: Path) -> dict:
    gold = json.loads((examples_dir / "gold.json").read_text(encoding="utf-8"))
    return gold["boilerplate"]["text"]


def _read(examples_dir: Path, ref: str):
    (article,) = list(read_path(examples_dir / ref))
    return article


def _check(ref: str, expected: dict, as_read, cleaned) -> None:
    assert kept_line_numbers(as_read, cleaned) == expected["kept_lines"], ref
    assert cleaned.title == expected["headline"], ref
    assert cleaned.author == expected["author_from_bio"], ref
    assert cleaned.outlet == expected["outlet_from_text"], ref
    assert cleaned.section == expected["section"], ref
    assert cleaned.published is None, ref


def test_each_plain_text_example_cleaned_alone_matches_gold(examples_dir):
    gold = _gold(examples_dir)
    assert len(gold) >= 5
    for ref, expected in gold.items():
        as_read = _read(examples_dir, ref)
        _check(ref, expected, as_read, clean_article(as_read))


def test_plain_text_examples_cleaned_as_a_corpus_match_gold(examples_dir):
    gold = _gold(examples_dir)
    as_read = [_read(examples_dir, ref) for ref in gold]
    for (ref, expected), before, after in zip(gold.items(), as_read, clean_articles(as_read)):
        _check(ref, expected, before, after)
