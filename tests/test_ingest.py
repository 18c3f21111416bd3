"""Ingest orchestration over hand-written files, with stand-in stages so each test is fast
and says exactly what each stage did."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from crosscheck.errors import AnalysisError, StoreError
from crosscheck.records import Analysis, Article, Sentence, Span, Story
from crosscheck.readers import input_files
from crosscheck.run import Stages, available_stages, ingest
from crosscheck.store import Database
from tests.store_helpers import fingerprint

STORM = (
    "World\nStorm hits the coast\nWinds reached 100 km/h as the storm hit the coast, officials "
    "said.\nRoofs were torn off.\n"
)
FLOOD = ("Flood warning issued\nRivers rose across the valley overnight and a flood warning "
         "was issued.\nSchools closed early.\n")


def write_corpus(folder: Path) -> Path:
    (folder / "nested").mkdir(parents=True)
    (folder / "storm.txt").write_text(STORM, encoding="utf-8")
    (folder / "nested" / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (folder / "nested" / "flood-again.txt").write_text(FLOOD, encoding="utf-8")  # same content
    (folder / "empty.txt").write_bytes(b"")
    (folder / ".hidden.txt").write_text(STORM + "hidden", encoding="utf-8")
    records = [
        {"id": "r1", "outlet": "Example Times", "title": "Coast storm",
         "text": "Coast storm\nThe storm hit the coast hard and the harbour closed for the day."},
    ]
    lines = [json.dumps(record) for record in records] + ["{not json"]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def mark_cleaned(articles, *, settings=None):
    for article in articles:
        yield dataclasses.replace(article, cleaned=True)


def one_sentence_each(articles):
    return [Analysis(article.id, sentences=(Sentence(Span(0, 1), 0),)) for article in articles]


def one_story_per_article(db, articles, analyses):
    for article in articles:
        assert article.id in analyses  # the stage receives every article's analysis
        db.save_story(Story(article.id, article.title or article.text.split("\n")[0],
                            (article.id,)))


FAKE = Stages(clean=mark_cleaned, analyze=one_sentence_each,
              assign_stories=one_story_per_article)


@pytest.fixture
def corpus(tmp_path):
    return write_corpus(tmp_path / "in")


def test_ingest_stores_articles_and_lists_rejections(corpus, tmp_path):
    with Database(tmp_path / "store.db") as db:
        report = ingest([corpus], db=db, stages=FAKE)
        assert (report.read, report.new, report.already_present) == (4, 3, 1)
        assert report.rejected_by_reason() == {"bad-json": 1, "empty": 1}
        assert {Path(r.source).name for r in report.rejections} == {"empty.txt", "feed.jsonl:2"}
        stored = db.articles()
        assert len(stored) == 3 and all(article.cleaned for article in stored)
        assert all(db.analysis(article.id) is not None for article in stored)
        assert len(db.stories()) == 3
        assert {row["reason"] for row in db.rejections()} == {"bad-json", "empty"}
        assert all(row["run_id"] == report.run_id for row in db.rejections())


def test_ingesting_the_same_folder_twice_changes_nothing(corpus, tmp_path):
    path = tmp_path / "store.db"
    with Database(path) as db:
        first = ingest([corpus], db=db, stages=FAKE)
    before = fingerprint(path)
    with Database(path) as db:
        again = ingest([corpus], db=db, stages=FAKE)
    assert fingerprint(path) == before
    assert (again.new, again.already_present) == (0, first.new + first.already_present)
    assert again.rejected_by_reason() == first.rejected_by_reason()


def test_ingest_without_optional_stages_stores_articles_as_read(corpus):
    with Database() as db:
        report = ingest([corpus], db=db, stages=Stages())
        assert report.new == 3
        assert not any(article.cleaned for article in db.articles())
        assert db.stories() == []


def test_articles_stored_before_the_stories_stage_get_stories_later(corpus):
    with Database() as db:
        ingest([corpus], db=db, stages=Stages(analyze=one_sentence_each))
        assert db.stories() == []
        report = ingest([corpus], db=db, stages=FAKE)
        assert report.new == 0
        assert len(db.stories()) == 3  # their stored analyses were handed to the stage


def test_progress_steps_once_per_file_then_per_article(corpus):
    calls = []
    with Database() as db:
        ingest([corpus], db=db, stages=FAKE, progress=lambda *call: calls.append(call))
    files = len(list(input_files([corpus])))
    assert files == 5  # the hidden file is skipped
    assert [call for call in calls if call[0] == "read"] == [
        ("read", done, files) for done in range(files + 1)
    ]
    assert ("store", 3, 3) in calls and calls[-1] == ("stories", 3, 3)


def test_stories_are_assigned_in_the_stages_chunks_with_a_progress_step_each(corpus):
    """A long ingest's stories stage shows progress and commits per chunk of batch_chunk."""
    from crosscheck.settings import DEFAULT

    handed, calls = [], []

    def recording(db, articles, analyses):
        handed.append([article.id for article in articles])
        one_story_per_article(db, articles, analyses)

    settings = dataclasses.replace(
        DEFAULT, stories=dataclasses.replace(DEFAULT.stories, batch_chunk=2))
    with Database() as db:
        ingest([corpus], db=db, settings=settings, progress=lambda *call: calls.append(call),
               stages=dataclasses.replace(FAKE, assign_stories=recording))
        assert [len(chunk) for chunk in handed] == [2, 1]
        assert sorted(i for chunk in handed for i in chunk) == sorted(a.id for a in db.articles())
    assert [call for call in calls if call[0] == "stories"] == [
        ("stories", 0, 3), ("stories", 2, 3), ("stories", 3, 3)]


def test_an_article_whose_analysis_fails_is_rejected_and_the_rest_stored(corpus, tmp_path):
    def fails_on_floods(articles):
        if any("Flood" in article.text for article in articles):
            raise AnalysisError("parser crashed")
        return one_sentence_each(articles)

    path = tmp_path / "store.db"
    with Database(path) as db:
        report = ingest([corpus], db=db, stages=dataclasses.replace(FAKE, analyze=fails_on_floods))
        assert (report.new, report.already_present) == (2, 0)
        # the flood article and its same-content copy are both rejected, never half stored
        assert sorted((r.stage, r.reason) for r in report.rejections if r.stage != "read") == [
            ("analyze", "analysis-failed"), ("store", "copy-of-rejected")
        ]
        assert not any("Flood" in article.text for article in db.articles())
        assert len(db.stories()) == 2
    with Database(path) as db:  # a later run retries it
        report = ingest([corpus], db=db, stages=FAKE)
        assert (report.new, report.already_present) == (1, 3)
        assert len(db.stories()) == 3


def test_an_unexpected_analysis_error_rejects_that_article_only(corpus):
    def crashes_on_jsonl(articles):
        if any(article.format == "jsonl" for article in articles):
            raise IndexError("list index out of range")
        return one_sentence_each(articles)

    with Database() as db:
        report = ingest([corpus], db=db, stages=Stages(analyze=crashes_on_jsonl))
        assert report.new == 2
        failed = [r for r in report.rejections if r.stage == "analyze"]
        assert [(Path(r.source).name, r.reason) for r in failed] == [
            ("feed.jsonl:1", "analysis-error")
        ]
        assert failed[0].detail == "IndexError: list index out of range"


def test_a_failed_write_rejects_that_article_only(corpus, monkeypatch):
    with Database() as db:
        real_add = db.add_article

        def add_or_fail(article: Article, analysis=None, **options):
            if "Flood" in article.text:
                raise StoreError("disk full")
            return real_add(article, analysis, **options)

        monkeypatch.setattr(db, "add_article", add_or_fail)
        report = ingest([corpus], db=db, stages=Stages())
        assert (report.new, report.already_present) == (2, 0)
        assert sorted((r.stage, r.reason) for r in report.rejections if r.stage == "store") == [
            ("store", "copy-of-rejected"), ("store", "store-failed")
        ]


def test_an_article_cleaned_down_to_nothing_is_rejected(corpus):
    def remove_floods(articles, *, settings=None):
        for article in mark_cleaned(articles):
            yield dataclasses.replace(article, text="") if "Flood" in article.text else article

    with Database() as db:
        report = ingest([corpus], db=db, stages=Stages(clean=remove_floods))
        assert report.new == 2
        # the first read is cleaned to nothing; its same-content copy shares its fate
        assert sorted((Path(r.source).name, r.reason) for r in report.rejections
                      if r.stage != "read") == [
            ("flood-again.txt", "no-body"), ("flood.txt", "copy-of-rejected")]


def test_a_missing_path_is_a_rejection_and_outlet_is_passed_on(corpus, tmp_path):
    with Database() as db:
        report = ingest([corpus / "storm.txt", tmp_path / "nowhere"], db=db, outlet="Given Outlet",
                        stages=Stages())
        assert report.new == 1
        assert [r.reason for r in report.rejections] == ["not-found"]
        assert db.articles()[0].outlet == "Given Outlet"


def test_the_stages_are_plain_imports_given_their_settings():
    import crosscheck.analyze
    import crosscheck.stories
    from crosscheck.settings import DEFAULT

    settings = dataclasses.replace(
        DEFAULT, stories=dataclasses.replace(DEFAULT.stories, batch_chunk=7))
    stages = available_stages(settings)
    assert stages.analyze.func is crosscheck.analyze.analyze_articles
    assert stages.analyze.keywords == {"settings": settings.analyze}
    assert stages.assign_stories.func is crosscheck.stories.assign_articles
    assert stages.assign_stories.keywords == {"settings": settings.stories}
    assert stages.clean is not None and stages.clean_in_parts is not None


def test_a_stage_that_fails_to_import_fails_the_ingest(corpus, monkeypatch):
    """Not a log line and a run that reports success without that stage's work."""
    import sys

    monkeypatch.setitem(sys.modules, "crosscheck.analyze", None)  # import raises ImportError
    with Database() as db, pytest.raises(ImportError):
        ingest([corpus], db=db)
    
