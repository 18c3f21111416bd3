"""Ingest with the stages the package provides, on the seeds and on examples/ (the demo path).

These load the spaCy model (and the embedding model when built), so they take seconds.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from crosscheck.cli import cli
from crosscheck.run import available_stages, ingest
from crosscheck.store import Database
from tests.store_helpers import fingerprint

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, seeds):
    if not seeds.is_dir():
        pytest.skip(f"no seeds at {seeds}")
    path = tmp_path_factory.mktemp("seeds") / "store.db"
    with Database(path) as db:
        report = ingest([seeds], db=db)
    return path, report


@pytest.mark.data
def test_seeds_are_stored_with_their_analyses(seeds_db):
    path, report = seeds_db
    assert (report.new, report.rejected) == (2, 0)
    stages = available_stages()
    with Database(path) as db:
        articles = db.articles()
        assert len(articles) == 2
        if stages.clean is not None:
            assert all(article.cleaned for article in articles)
        if stages.analyze is not None:
            fresh = {a.article_id: a for a in stages.analyze(articles)}
            for article in articles:  # what the store returns is what analysis produced
                assert db.analysis(article.id) == fresh[article.id]
                assert db.analysis(article.id).sentences
        if stages.assign_stories is not None:
            story = db.story_of(articles[0].id)
            assert story is not None and set(story.article_ids) == {a.id for a in articles}


@pytest.mark.data
def test_ingesting_the_seeds_again_changes_nothing(seeds_db, seeds):
    path, first = seeds_db
    before = fingerprint(path)
    with Database(path) as db:
        again = ingest([seeds], db=db)
    assert fingerprint(path) == before
    assert (again.new, again.already_present) == (0, first.new)


def test_demo_path_on_examples(examples_dir, tmp_path):
    """`make demo`: ingest examples/ then list the stories, with the real stages."""
    if not examples_dir.is_dir() or not any(examples_dir.iterdir()):
        pytest.skip("examples/ not written yet")
    corpus = shutil.copytree(examples_dir, tmp_path / "examples")
    db_path = tmp_path / "demo.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db_path)])
    assert first.exit_code in (0, 1), first.output
    assert first.exception is None or isinstance(first.exception, SystemExit), first.exception
    before = fingerprint(db_path)
    again = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db_path)])
    assert again.exit_code == first.exit_code
    assert " 0 new," in again.stdout
    assert fingerprint(db_path) == before
    listed = runner.invoke(cli, ["stories", "--db", str(db_path)])
    assert listed.exit_code == 0, listed.output
    with Database(db_path) as db:
        if available_stages().assign_stories is not None:
            lines = listed.stdout.splitlines()
            events = [line for line in lines if line.startswith("    event ")]
            assert len(events) == len(db.stories()) >= 3  # every event under its story
            assert len(lines) - len(events) == len(db.threads()) >= 3
