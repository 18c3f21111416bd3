"""Evaluation gate: who said it on the team's labelled attributions of the dev dossier
articles (benchmarks.attributions_dev): speaker, polarity and content scores may not fall
below the floors in test_eval_gate_attributions.json; the labels must fit the articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import attributions_dev

FLOORS = json.loads((Path(__file__).with_suffix(".json")).read_text(encoding="utf-8"))
POLARITIES = {"positive", "negated", "declined", "no-response"}


@pytest.fixture(scope="module")
def articles(shared_data: Path):  # type: ignore[no-untyped-def]
    if not (shared_data / "dossier-dev" / "articles.jsonl").is_file():
        pytest.skip("dossier-dev articles not found")
    return {article.id: article for article in attributions_dev.read_articles()}


@pytest.fixture(scope="module")
def tally(articles) -> attributions_dev.Tally:  # type: ignore[no-untyped-def]
    return attributions_dev.run()


def test_labels_are_offsets_only() -> None:
    """The labelled set stores spans, never the articles' words (their text is copyrighted)."""
    for line in attributions_dev.LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) == {"article", "content", "speaker", "cue", "polarity", "addressee",
                            "anonymous"}
        assert row["polarity"] in POLARITIES
        assert all(value is None or (isinstance(value, list) and len(value) == 2)
                   for key, value in row.items() if key in ("content", "speaker", "addressee"))


@pytest.mark.data
def test_labels_fit_the_articles(articles) -> None:  # type: ignore[no-untyped-def]
    labels = attributions_dev.read_labels()
    assert sum(len(rows) for rows in labels.values()) == FLOORS["labels"]
    for article_id, rows in labels.items():
        text = articles[article_id].text
        for label in rows:
            assert label.content.end <= len(text) and label.content.of(text).strip()
            for span in (label.speaker, label.addressee):
                assert span is None or (span.end <= len(text) and span.of(text).strip())
                assert span is None or not label.content.contains(span)


@pytest.mark.data
@pytest.mark.parametrize("name", ["speaker", "polarity"])
def test_accuracy_floor(tally: attributions_dev.Tally, name: str) -> None:
    share, _, _ = tally.share(name)
    assert share >= FLOORS[f"{name}_accuracy"], attributions_dev.report(tally)


@pytest.mark.data
def test_content_f1_floor(tally: attributions_dev.Tally) -> None:
    precision = tally.matched / max(tally.predicted, 1)
    recall = tally.matched / max(tally.gold, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    assert f1 >= FLOORS["content_f1"], attributions_dev.report(tally)
