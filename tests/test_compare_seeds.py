"""Acceptance of issue 4 on the two seeds: compare_files end to end (read, clean, analyze,
near-duplicates, dossier), checked point by point, and the JSON against its schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crosscheck.compare import compare_paths, dossier_to_json
from crosscheck.compare.records import AGREED, SINGLE

pytestmark = [pytest.mark.data, pytest.mark.model]

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "dossier.schema.json"


@pytest.fixture(scope="module")
def comparison(seeds: Path):
    paths = sorted(seeds.glob("*.txt"))
    if len(paths) != 2:
        pytest.skip(f"expected the two seed files in {seeds}")
    return compare_paths(paths)


@pytest.fixture(scope="module")
def ids(comparison):
    """'000' and '002' -> article id, from the file each article was read from."""
    return {re.match(r"(\d+)_", Path(a.source).name).group(1): a.id for a in comparison.articles}


@pytest.fixture(scope="module")
def texts(comparison):
    return {a.id: a.text for a in comparison.articles}


def words(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def claims_saying(dossier, article_id: str, *needles: str):
    """Claims with a supporting sentence of ``article_id`` that contains every needle."""
    return [c for c in dossier.claims for s in c.support
            if s.article_id == article_id and all(n in words(s.evidence.text) for n in needles)]


def test_one_story_of_both_articles(comparison, ids):
    assert {a.id for a in comparison.dossier.story.articles} == set(ids.values())
    assert len(ids) == 2


def test_troop_quote_is_one_quote_in_two_wordings(comparison, ids):
    groups = [g for g in comparison.dossier.quotes
              if any("just" in v.evidence.text and "troops" in v.evidence.text for v in g.variants)]
    assert len(groups) == 1
    (group,) = groups
    assert {v.article_id for v in group.variants} == set(ids.values())
    assert "Lukashenko" in (group.speaker_name or "")
    pairs = {(d.words_a, d.words_b) for d in group.differences} | \
            {(d.words_b, d.words_a) for d in group.differences}
    assert ("a thousand", "1,000") in pairs
    assert all(d.equivalent for d in group.differences if {d.words_a, d.words_b} == {"a thousand", "1,000"})


def _entity_with(dossier, *forms: str):
    for entity in dossier.entities:
        written = " ".join(f for v in entity.variants for f in (v.name, *v.forms))
        if all(form in written for form in forms):
            return entity
    return None


def test_transliterated_names_are_one_entity(comparison):
    assert _entity_with(comparison.dossier, "Tsikhanouskaya", "Tikhanovskaya") is not None
    lukashenko = _entity_with(comparison.dossier, "Lukashenka", "Lukashenko")
    assert lukashenko is not None and lukashenko.label == "PERSON"
    others = [e for e in comparison.dossier.entities if e is not lukashenko
              and any("Lukashenk" in f for v in e.variants for f in v.forms)]
    assert others == []


def test_belta_and_the_times_are_upstream_sources_of_both(comparison, ids):
    by_name = {s.name: s for s in comparison.dossier.sources}
    assert set(by_name["Belta"].articles) == set(ids.values())
    assert set(by_name["The New York Times"].articles) == set(ids.values())


def test_joint_force_claim_agreed_on_one_independent_source(comparison, ids):
    (claim,) = claims_saying(comparison.dossier, ids["000"], "joint military task force")
    assert claim.status == AGREED
    assert set(claim.article_ids) == set(ids.values())
    assert claim.independent_sources == ("Belta",)


def test_the_rebuttal_told_in_other_words_is_one_claim_of_both(comparison, ids):
    """"dismissed the claims that Ukraine poses a threat" and said Ukraine "doesn't pose a
    threat": one fact in two outlets' words, so neither outlet reports it alone."""
    (claim,) = claims_saying(comparison.dossier, ids["000"], "dismissed the claims")
    assert claim.status == AGREED
    assert set(claim.article_ids) == set(ids.values())
    assert any("doesn't pose a threat" in words(s.evidence.text) for s in claim.support
               if s.article_id == ids["002"])


@pytest.mark.parametrize("needles", [("Kyiv", "Zaporizhia"), ("Crimean Peninsula",)])
def test_single_source_points_of_000(comparison, ids, needles):
    found = claims_saying(comparison.dossier, ids["000"], *needles)
    assert found
    for claim in found:
        assert claim.status == SINGLE and claim.article_ids == (ids["000"],)


@pytest.mark.parametrize("needles", [("nuclear weapons",), ("St. Petersburg",), ("Sannikov",)])
def test_single_source_points_of_002(comparison, ids, needles):
    found = claims_saying(comparison.dossier, ids["002"], *needles)
    assert found
    for claim in found:
        assert claim.status == SINGLE and claim.article_ids == (ids["002"],)


def _descriptors(dossier, article_id: str, name: str) -> set[str]:
    return {words(d.evidence.text) for f in dossier.framing
            if f.article_id == article_id and name in f.entity_name for d in f.descriptors}


def test_framing_of_lukashenko_per_outlet(comparison, ids):
    assert "The authoritarian president of Belarus" in _descriptors(comparison.dossier, ids["002"], "Lukashenko")
    assert "a close ally of Putin's" in _descriptors(comparison.dossier, ids["000"], "Lukashenko")
    assert "a close ally of Putin's" not in _descriptors(comparison.dossier, ids["002"], "Lukashenko")


def test_every_summary_sentence_cites_an_article_that_supports_it(comparison, texts):
    summary = comparison.dossier.summary
    assert 3 <= len(summary) <= 7
    for sentence in summary:
        assert sentence.articles
        supported = [e for e in sentence.evidence if e.article_id in sentence.articles
                     and words(e.span.of(texts[e.article_id])) in words(sentence.text)]
        assert supported, sentence.text


def test_json_matches_the_schema_and_every_span_matches_its_text(comparison, texts):
    jsonschema = pytest.importorskip("jsonschema")
    data = dossier_to_json(comparison.dossier)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(data)
    checked = 0
    for item in _evidence(data):
        assert texts[item["article_id"]][item["span"]["start"]: item["span"]["end"]] == item["text"]
        checked += 1
    assert checked > 50


def _evidence(node):
    if isinstance(node, dict):
        if {"article_id", "span", "text"} <= node.keys():
            yield node
        for value in node.values():
            yield from _evidence(value)
    elif isinstance(node, list):
        for value in node:
            yield from _evidence(value)
