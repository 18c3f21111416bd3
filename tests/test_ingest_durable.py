"""An ingest survives what an operator's machine does to it: a SIGKILL at any point (the
rerun stores nothing twice, loses nothing, makes the same stories), another process holding
SQLite's write lock (it waits), and a second ingest of the same input at the same moment
(each article stored and counted new once). Stand-in stages keep each test to seconds."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crosscheck.errors import StoreError
from crosscheck.records import Story
from crosscheck.run import Stages, ingest
from crosscheck.settings import DEFAULT, StoreSettings
from crosscheck.store import Database
from tests.store_helpers import make_article
from tests.test_ingest import mark_cleaned, one_sentence_each

REPO = Path(__file__).resolve().parents[1]
TOPICS = ["Harbour", "Bridge", "Festival"]


def write_corpus(folder: Path, count: int = 10) -> Path:
    folder.mkdir(parents=True)
    for number in range(count):
        topic = TOPICS[number % len(TOPICS)]
        (folder / f"{number:02d}.txt").write_text(
            f"{topic} news {number}\nThe {topic.lower()} report number {number} is here.\n")
    return folder


def by_first_word(db, articles, analyses):
    """A stories stand-in that depends on what is stored: an article joins the story of its
    title's first word, or starts it; as the real stage, inside the store's story lock,
    leaving alone articles a concurrent ingest has given a story."""
    import sqlalchemy as sa

    from crosscheck.store import schema

    members_table = schema.story_articles
    with db.story_index_session() as store:
        assigned = store.story_of(article.id for article in articles)
        for article in articles:
            if article.id in assigned:
                continue
            topic = article.text.split()[0]
            members = store.conn.execute(
                sa.select(members_table.c.article_id).where(members_table.c.story_id == topic)
                .order_by(members_table.c.position)).scalars().all()
            store.write_story(Story(topic, topic, (*members, article.id)))


STAGES = Stages(clean=mark_cleaned, analyze=one_sentence_each, assign_stories=by_first_word)
SMALL_CHUNKS = dataclasses.replace(
    DEFAULT, ingest=dataclasses.replace(DEFAULT.ingest, chunk_articles=3))


def stored(path: Path) -> dict:
    with Database(path) as db:
        return {
            "articles": sorted(a.id for a in db.articles()),
            "analysed": sorted(db.analyses(db.article_ids())),
            "stories": sorted((s.id, sorted(s.article_ids)) for s in db.stories()),
        }


# The ingest a test kills: run in its own process, it SIGKILLs itself at the progress step
# named by KILL_AT ("phase:done").
KILLED_RUN = """
import os, signal, sys
from crosscheck.run import ingest
from crosscheck.store import Database
from tests.test_ingest_durable import SMALL_CHUNKS, STAGES
phase, done = os.environ["KILL_AT"].split(":")
def progress(name, count, total):
    if name == phase and count == int(done):
        os.kill(os.getpid(), signal.SIGKILL)
with Database(sys.argv[2]) as db:
    ingest([sys.argv[1]], db=db, stages=STAGES, settings=SMALL_CHUNKS, progress=progress)
"""


@pytest.mark.parametrize("kill_at", [
    "store:2",     # inside the first chunk's writes
    "stories:3",   # the first chunk stored, its stories not yet assigned
    "store:8",     # inside the third chunk, two chunks done
])
def test_a_killed_ingest_rerun_loses_and_repeats_nothing(kill_at, tmp_path):
    corpus = write_corpus(tmp_path / "in")
    with Database(tmp_path / "whole.db") as db:
        ingest([corpus], db=db, stages=STAGES, settings=SMALL_CHUNKS)
    killed = tmp_path / "killed.db"
    env = {**os.environ, "KILL_AT": kill_at, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", KILLED_RUN, str(corpus), str(killed)],
                         env=env, cwd=REPO, capture_output=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr.decode()
    chunk = SMALL_CHUNKS.ingest.chunk_articles
    done_before = stored(killed)["articles"]
    finished_chunks = (int(kill_at.split(":")[1]) - 1) // chunk
    assert len(done_before) >= finished_chunks * chunk  # the chunks before were committed
    with Database(killed) as db:
        report = ingest([corpus], db=db, stages=STAGES, settings=SMALL_CHUNKS)
    assert report.new == 10 - len(done_before)  # only the work not committed is redone
    assert report.new + report.already_present == 10
    assert stored(killed) == stored(tmp_path / "whole.db")


def test_a_sqlite_writer_waits_for_a_held_lock_then_writes(tmp_path):
    path = tmp_path / "store.db"
    with Database(path) as db:
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        threading.Timer(1.0, holder.execute, ["ROLLBACK"]).start()
        started = time.monotonic()
        assert db.add_article(make_article("Quay closed", "The quay closed at noon.")) is True
        assert time.monotonic() - started >= 0.9
        holder.close()


def test_a_sqlite_writer_gives_up_at_its_timeout(tmp_path):
    path = tmp_path / "store.db"
    Database(path).close()
    with Database(path, settings=StoreSettings(sqlite_busy_timeout_ms=500)) as db:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked"):
            db.add_article(make_article("Quay closed", "The quay closed at noon."))
        assert 0.4 <= time.monotonic() - started < 5
        holder.execute("ROLLBACK")
        holder.close()


def _ingest_in_process(corpus: str, url: str, start, out) -> None:
    start.wait()
    with Database(url) as db:
        report = ingest([corpus], db=db, stages=STAGES, settings=SMALL_CHUNKS)
    out.put((report.new, report.already_present, report.rejected_by_reason()))


def concurrent_ingests(corpus: Path, url: str, runs: int = 2) -> list[tuple]:
    """``runs`` ingests of corpus into url, started together in their own processes."""
    # spawn, not fork: a fork copies locks that other threads of this process may hold
    context = multiprocessing.get_context("spawn")
    start, out = context.Event(), context.Queue()
    processes = [context.Process(target=_ingest_in_process, args=(str(corpus), url, start, out))
                 for _ in range(runs)]
    for process in processes:
        process.start()
    start.set()
    results = [out.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return results


def check_concurrent_same_input(url: str, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", count=12)
    results = concurrent_ingests(corpus, url)
    assert all(rejected == {} for _new, _present, rejected in results)
    assert sum(new for new, _present, _rejected in results) == 12  # each counted new once
    assert all(new + present == 12 for new, present, _rejected in results)
    with Database(tmp_path / "alone.db") as alone:
        ingest([corpus], db=alone, stages=STAGES, settings=SMALL_CHUNKS)
        expected = sorted((s.id, sorted(s.article_ids)) for s in alone.stories())
    with Database(url) as db:
        assert len(db.articles()) == 12
        assert sorted((s.id, sorted(s.article_ids)) for s in db.stories()) == expected


def test_two_ingests_of_the_same_input_into_sqlite_at_once(tmp_path):
    check_concurrent_same_input(str(tmp_path / "shared.db"), tmp_path)


def test_stored_articles_count_their_lines_for_later_chunks(tmp_path):
    """The repeated-lines signal across chunks: a line two stored articles of one outlet
    printed is removed from a later chunk's article, though the chunk holds it once."""
    from crosscheck.clean import clean_articles
    from crosscheck.run_parts import clean_in_parts

    folder = tmp_path / "in"
    folder.mkdir()
    pitch = "Get the Harbour Gazette morning briefing in your inbox every day."
    for number in range(3):
        (folder / f"{number}.jsonl").write_text(json.dumps({
            "outlet": "Harbour Gazette", "title": f"Tide report {number}",
            "text": f"The tide rose {number} metres over the old pier, the harbour master "
                    f"said on day {number}.\n{pitch}\nBoats stayed in port for {number} hours "
                    "while the wind blew from the west."}) + "\n")
    stages = Stages(clean=clean_articles, clean_in_parts=clean_in_parts)
    one_per_chunk = dataclasses.replace(
        DEFAULT, ingest=dataclasses.replace(DEFAULT.ingest, chunk_articles=1))
    with Database() as db:
        ingest([folder], db=db, stages=stages, settings=one_per_chunk)
        last = [a for a in db.articles() if a.title == "Tide report 2"][0]
        assert pitch not in last.text
        assert any(line.text == pitch for line in last.removed)
