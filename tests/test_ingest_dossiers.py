"""The dossiers an ingest prepares at its end: on the worker processes when there are several
(each reading and writing the store itself), every story's once, with progress; in this
process for an in-memory store, which no other process can open."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from crosscheck.run import ingest
from crosscheck.run_parts import dossier_parts
from crosscheck.records import Story
from crosscheck.store import Database
from tests.test_ingest import FAKE, STORM
from tests.store_helpers import make_article
from tests.test_ingest_scale import stored_result

RECORD = "CROSSCHECK_TEST_DOSSIER_RECORD"


def recording_prepare(db, *, settings, articles, progress=None):
    """A stand-in dossier stage (module level, so a worker can run it): which process was
    asked for which articles, one JSON line each in the file RECORD names."""
    with open(os.environ[RECORD], "a", encoding="utf-8") as record:
        record.write(json.dumps([os.getpid(), sorted(articles)]) + "\n")
    return len(articles)


def corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        (folder / f"storm-{number}.txt").write_text(STORM + f"Day {number}.\n", encoding="utf-8")
    return folder


@pytest.fixture
def record(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "record.jsonl"
    monkeypatch.setenv(RECORD, str(path))
    return path


def asked(record: Path) -> list[tuple[int, list[str]]]:
    return [tuple(json.loads(line)) for line in record.read_text(encoding="utf-8").splitlines()]


def test_two_workers_prepare_every_story_once_in_their_own_processes(tmp_path, record):
    stages = dataclasses.replace(FAKE, prepare_dossiers=recording_prepare)
    calls = []
    with Database(tmp_path / "store.db") as db:
        report = ingest([corpus(tmp_path / "in", 12)], db=db, stages=stages, workers=2,
                        progress=lambda *call: calls.append(call))
    parts = asked(record)
    assert len(parts) > 2 and os.getpid() not in {pid for pid, _ in parts}
    named = [i for _, ids in parts for i in ids]
    assert sorted(named) == sorted(report.article_ids)  # each article's story once
    steps = [(done, total) for phase, done, total in calls if phase == "dossiers"]
    assert steps[0] == (0, 12) and steps[-1] == (12, 12) and len(steps) == len(parts) + 1


def test_an_in_memory_store_prepares_its_dossiers_in_this_process(tmp_path, record):
    stages = dataclasses.replace(FAKE, prepare_dossiers=recording_prepare)
    with Database() as db:
        report = ingest([corpus(tmp_path / "in", 12)], db=db, stages=stages, workers=2)
    assert asked(record) == [(os.getpid(), sorted(report.article_ids))]


def test_dossier_parts_hold_each_wanted_story_once_heaviest_first():
    with Database() as db:
        sizes = (1, 5, 2, 8, 3)
        for size in sizes:
            ids = [_stored(db, f"a{size}-{n}") for n in range(size)]
            db.save_story(Story(ids[0], "t", tuple(ids)))
        other = [_stored(db, f"b-{n}") for n in range(2)]
        db.save_story(Story(other[0], "t", tuple(other)))  # holds none of this run's
        named = {s["id"]: [a["id"] for a in s["article_list"]] for s in db.story_summaries()}
        eight = next(ids for ids in named.values() if len(ids) == 8)
        wanted = {i for ids in named.values() if ids != other for i in ids} - {eight[0]}
        parts = dossier_parts(db, wanted, slots=1)  # 3 parts for 5 stories
    assert len(parts) == 3
    assert parts[0] == [tuple(sorted(eight[1:]))]  # the heaviest alone, first
    stories = [ids for part in parts for ids in part]
    assert len(stories) == 5 and sorted(i for ids in stories for i in ids) == sorted(wanted)


def _stored(db, title: str) -> str:
    article = make_article(title, f"{title} text.")
    db.add_article(article)
    return article.id


@pytest.mark.model
def test_dossiers_prepared_on_workers_equal_those_built_in_process(examples_dir, tmp_path):
    kept = {}
    for name, options in [("in-process", {}), ("2 workers", {"workers": 2})]:
        path = tmp_path / f"{name}.db"
        with Database(path) as db:
            ingest([examples_dir], db=db, **options)
            kept[name] = _kept_dossiers(db)
        assert stored_result(path)["stories"]
    assert kept["in-process"] and all(kept["in-process"].values())
    assert kept["2 workers"] == kept["in-process"]


def _kept_dossiers(db) -> dict:
    from crosscheck.compare.cache import kept_dossier_json

    return {story.id: kept_dossier_json(db, story) for story in db.stories()}
