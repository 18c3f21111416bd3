"""A stored story's dossier JSON is kept once built, and never served once what it was built
from has changed: the story's articles, an analysis, the settings, the code."""

from __future__ import annotations

import dataclasses

import pytest

from crosscheck.compare import cache
from crosscheck.compare.cache import (
    code_fingerprint, dossier_fingerprint, dossier_json, prepare_dossiers,
)
from crosscheck.records import Story
from crosscheck.settings import DEFAULT
from crosscheck.store import Database
from tests.test_compare_records import make

BLAST = "At least 12 people were killed in the blast on Tuesday, officials said."


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "store.db") as database:
        yield database


def _stored(db, article_id: str, text: str, outlet: str):
    article, analysis = make(article_id, text, outlet=outlet)
    db.add_article(article, analysis)
    return article, analysis


@pytest.fixture
def story(db) -> Story:
    _stored(db, "a", f"Blast in port\n{BLAST}", "Wire")
    _stored(db, "b", f"Port blast kills 12\n{BLAST} Rescuers kept searching.", "Herald")
    story = Story("a", "Blast in port", ("a", "b"))
    db.save_story(story)
    return story


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The story ids whose dossier was built (not served from the store)."""
    built: list[str] = []
    original = cache.stored_dossier_of

    def counting(inputs, **options):
        built.append(inputs.story.id)
        return original(inputs, **options)

    monkeypatch.setattr(cache, "stored_dossier_of", counting)
    return built


def test_a_dossier_is_built_once_then_served_from_the_store(db, story, builds):
    first = dossier_json(db, story.id)
    assert dossier_json(db, story.id) == first
    assert builds == ["a"]
    assert [a["id"] for a in first["story"]["articles"]] == ["a", "b"]


def test_a_story_that_gains_an_article_gets_a_new_dossier(db, story, builds):
    dossier_json(db, story.id)
    _stored(db, "c", f"Twelve dead in port blast\n{BLAST}", "Courier")
    db.save_story(dataclasses.replace(story, article_ids=("a", "b", "c")))
    rebuilt = dossier_json(db, story.id)
    assert builds == ["a", "a"]
    assert [a["id"] for a in rebuilt["story"]["articles"]] == ["a", "b", "c"]


def test_a_new_analysis_of_a_member_drops_the_kept_dossier(db, story, builds):
    dossier_json(db, story.id)
    fingerprint = dossier_fingerprint(db.story(story.id))
    assert db.cached_dossier(story.id, fingerprint) is not None
    _, analysis = make("b", f"Port blast kills 12\n{BLAST} Rescuers kept searching.",
                       outlet="Herald")
    db.save_analysis(analysis)
    assert db.cached_dossier(story.id, fingerprint) is None
    dossier_json(db, story.id)
    assert builds == ["a", "a"]


def test_other_settings_do_not_get_the_kept_dossier(db, story, builds):
    dossier_json(db, story.id)
    other = dataclasses.replace(
        DEFAULT, compare=dataclasses.replace(DEFAULT.compare,
                                             quote_match_ratio=DEFAULT.compare.quote_match_ratio
                                             + 0.1))
    dossier_json(db, story.id, settings=other)
    assert builds == ["a", "a"]


def test_an_article_moving_to_another_story_drops_both_dossiers(db, story, builds):
    _stored(db, "c", "Mayor resigns\nThe mayor of Lindenport resigned on Monday.", "Courier")
    db.save_story(Story("c", "Mayor resigns", ("c",)))
    dossier_json(db, "a")
    dossier_json(db, "c")
    db.save_story(Story("c", "Mayor resigns", ("c", "b")))  # b leaves story a
    assert [a["id"] for a in dossier_json(db, "a")["story"]["articles"]] == ["a"]
    assert sorted(a["id"] for a in dossier_json(db, "c")["story"]["articles"]) == ["b", "c"]
    assert builds == ["a", "c", "a", "c"]


def test_the_code_fingerprint_covers_every_code_and_data_file(tmp_path, monkeypatch):
    (tmp_path / "analyze").mkdir()
    (tmp_path / "analyze" / "cues.json").write_text("{}")
    (tmp_path / "build.py").write_text("x = 1\n")
    monkeypatch.setattr(cache, "PACKAGE", tmp_path)
    code_fingerprint.cache_clear()
    try:
        before = code_fingerprint()
        (tmp_path / "analyze" / "cues.json").write_text('{"said": 1}')
        code_fingerprint.cache_clear()
        assert code_fingerprint() != before
    finally:
        code_fingerprint.cache_clear()


@pytest.mark.model
def test_a_dossier_that_needed_an_analysis_made_on_the_spot_is_not_kept(db, story, builds):
    article, _ = make("c", f"Twelve dead in port blast\n{BLAST}", outlet="Courier")
    db.add_article(article)  # stored without its analysis
    grown = dataclasses.replace(story, article_ids=("a", "b", "c"))
    db.save_story(grown)
    dossier_json(db, story.id)
    assert db.cached_dossier(story.id, dossier_fingerprint(grown)) is None
    dossier_json(db, story.id)
    assert builds == ["a", "a"]


def test_prepare_builds_only_the_missing_and_stale_dossiers(db, story, builds):
    _stored(db, "c", "Mayor resigns\nThe mayor of Lindenport resigned on Monday.", "Courier")
    db.save_story(Story("c", "Mayor resigns", ("c",)))
    dossier_json(db, "c")  # kept already
    assert prepare_dossiers(db) == 1
    assert builds == ["c", "a"]
    assert prepare_dossiers(db) == 0  # everything kept now
    db.save_story(Story("c", "Mayor resigns", ("c", "b")))  # both stories change
    assert prepare_dossiers(db) == 2
    dossier_json(db, "a"), dossier_json(db, "c")  # served from the store
    assert len(builds) == 4


def test_prepare_stops_between_stories_when_asked(db, story, builds):
    _stored(db, "c", "Mayor resigns\nThe mayor of Lindenport resigned on Monday.", "Courier")
    db.save_story(Story("c", "Mayor resigns", ("c",)))
    asked: list[int] = []

    def stop_after_one() -> bool:
        asked.append(1)
        return len(builds) == 1

    assert prepare_dossiers(db, should_stop=stop_after_one) == 1
    assert len(builds) == 1 and len(asked) == 2


def test_prepare_goes_newest_activity_first_and_reports_progress(db, story, builds):
    article, analysis = make("c", "Mayor resigns\nThe mayor of Lindenport resigned on Monday.",
                             outlet="Courier")
    db.add_article(dataclasses.replace(article, published="2031-05-02"), analysis)
    db.save_story(Story("c", "Mayor resigns", ("c",)))  # dated: before the undated story a
    steps: list[tuple[int, int]] = []
    prepare_dossiers(db, progress=lambda done, total: steps.append((done, total)))
    assert builds == ["c", "a"]
    assert steps == [(0, 2), (1, 2), (2, 2)]


def test_prepare_can_be_limited_to_the_stories_of_some_articles(db, story, builds):
    _stored(db, "c", "Mayor resigns\nThe mayor of Lindenport resigned on Monday.", "Courier")
    db.save_story(Story("c", "Mayor resigns", ("c",)))
    assert prepare_dossiers(db, articles={"b"}) == 1
    assert builds == ["a"]
