"""The story index kept in the store: ingests in batches give the stories of one in-memory
index over the same articles, on SQLite and PostgreSQL; stale state is rebuilt once; a
failed ingest leaves stories and index as they were."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

import crosscheck.stories
import crosscheck.stories.assign
from crosscheck.errors import StoreError
from crosscheck.records import Article, Story
from crosscheck.settings import DEFAULT
from crosscheck.store import Database, schema
from crosscheck.store.story_index import StoryIndexStore
from crosscheck.stories import StoryIndex, assign_articles, rebuild_index
from crosscheck.stories.threads import story_id_of
from crosscheck.stories.assign import assign_all
from crosscheck.stories.features import Counted, stable_hash
from crosscheck.stories.statecodec import decode_state, encode_state
from tests.test_store_postgres import postgres_socket  # noqa: F401 - a fixture used below

TIGHT = dataclasses.replace(DEFAULT.stories, posting_cap=2, max_candidates=2)
_numbers = itertools.count()


def fake_embed(texts):
    """A deterministic bag-of-words embedding: texts sharing words point the same way."""
    vectors = np.zeros((len(texts), 32), np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            vectors[row, hashlib.blake2b(word.encode(), digest_size=1).digest()[0] % 32] += 1
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path, monkeypatch):
    monkeypatch.setattr(crosscheck.stories, "available_embedder", lambda: fake_embed)
    if request.param == "sqlite":
        with Database(tmp_path / "store.db") as database:
            yield database
        return
    psycopg = pytest.importorskip("psycopg")
    socket = request.getfixturevalue("postgres_socket")
    name = f"crosscheck_stories_{next(_numbers)}"
    with psycopg.connect(dbname="postgres", user="postgres", host=socket,
                         autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    with Database(f"postgresql+psycopg://postgres@/{name}?host={socket}") as database:
        yield database


@pytest.fixture(scope="module")
def stream(shared_data: Path) -> list[Article]:
    """ECB+ topics 1-3 in name order, with dates, and copies (some dated before their
    original, which makes them the original) spread through the stream."""
    if not (shared_data / "ecbplus" / "ECB+").is_dir():
        pytest.skip("ECB+ not found in the evaluation data")
    from benchmarks import ecbplus

    articles = []
    for number, doc in enumerate(ecbplus.load(range(1, 4))):
        article = dataclasses.replace(doc.article, published=f"2020-01-{1 + number % 28:02d}")
        articles.append(article)
        if number % 9 == 4:
            earlier = f"2019-12-{1 + number % 28:02d}" if number % 2 else None
            articles.append(dataclasses.replace(
                article, id=f"copy-{article.id}", source=f"copy-{number}.txt",
                published=earlier))
    return articles


SIZES = (7, 1, 12, 1, 30)


def batches(articles: list[Article], sizes=SIZES) -> list[list[Article]]:
    """The articles cut into ingests of these sizes, in turn."""
    out, start = [], 0
    for size in itertools.cycle(sizes):
        if start >= len(articles):
            return out
        out.append(articles[start : start + size])
        start += size


def in_memory(ingests: list[list[Article]], settings=DEFAULT.stories, *, batch=True
              ) -> StoryIndex:
    """The in-memory index the store must match: the same ingests, each clustered as a batch
    (``batch``) or its articles assigned one at a time in order."""
    index = StoryIndex(settings=settings, embedder=fake_embed)
    for ingest in ingests:
        assign_all(index, ingest, {}, batch=batch)
    return index


def ingest_in_batches(db: Database, articles: list[Article], sizes=SIZES,
                      settings=DEFAULT.stories, *, batch=True) -> None:
    for ingest in batches(articles, sizes):
        for article in ingest:
            db.add_article(article)
        assign_articles(db, ingest, settings=settings, batch=batch)


def stored_states(db: Database) -> dict[int, bytes]:
    with db.engine.connect() as conn:
        return dict(conn.execute(sa.select(schema.story_states.c.slot,
                                           schema.story_states.c.state)).all())


def by_id(stories: list[Story]) -> dict[str, tuple]:
    """Stories by id: title, members in order, and duplicates (the store lists them in member
    order, the index by id)."""
    return {story.id: (story.title, story.article_ids, dict(story.duplicates))
            for story in stories}


def count_rebuilds(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = crosscheck.stories.assign.restore_index

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(crosscheck.stories.assign, "restore_index", counting)
    return calls


@pytest.mark.data
@pytest.mark.parametrize("settings", [DEFAULT.stories, TIGHT], ids=["default", "tight-caps"])
@pytest.mark.parametrize("batch", [True, False], ids=["batch", "one-by-one"])
def test_ingests_give_the_stories_and_states_of_one_in_memory_index(db, stream, settings,
                                                                     batch, monkeypatch):
    rebuilds = count_rebuilds(monkeypatch)
    ingest_in_batches(db, stream, settings=settings, batch=batch)
    reference = in_memory(batches(stream) if batch else [stream], settings, batch=batch)
    assert rebuilds == [1]  # the first ingest found no state; the others read it
    assert by_id(db.stories()) == by_id(reference.stories())
    assert len(db.stories()) > 5 and any(story.duplicates for story in db.stories())
    if batch:  # some later ingest's group joined a story an earlier ingest had started
        first_ingest = {article.id for article in batches(stream)[0]}
        assert any(set(story.article_ids) & first_ingest and
                   set(story.article_ids) - first_ingest for story in db.stories())
    # the kept state is the in-memory index's, byte for byte
    assert stored_states(db) == {state.slot: encode_state(state) for state in reference.slots}


@pytest.mark.data
def test_one_assignment_reads_only_its_candidate_stories(db, stream, monkeypatch):
    ingest_in_batches(db, stream[:-1], settings=TIGHT)
    read: list[int] = []
    real = StoryIndexStore.states

    def spying(self, slots):
        found = real(self, slots)
        read.extend(found)
        return found

    monkeypatch.setattr(StoryIndexStore, "states", spying)
    db.add_article(stream[-1])
    assign_articles(db, stream[-1:], settings=TIGHT)
    assert 0 < len(read) <= TIGHT.max_candidates < len(db.stories())
    reference = in_memory([*batches(stream[:-1]), stream[-1:]], TIGHT)
    assert by_id(db.stories()) == by_id(reference.stories())


@pytest.mark.data
def test_other_settings_or_stories_saved_outside_make_one_rebuild(db, stream, monkeypatch):
    rebuilds = count_rebuilds(monkeypatch)
    ingest_in_batches(db, stream[:20])
    ingest_in_batches(db, stream[20:30], settings=TIGHT)  # another fingerprint: rebuilt
    assert rebuilds == [1, 1]
    ingest_in_batches(db, stream[30:40], settings=TIGHT)
    assert rebuilds == [1, 1]
    story = db.stories()[0]
    db.save_story(dataclasses.replace(story, title="Renamed by hand"))  # outside the index
    ingest_in_batches(db, stream[40:45], settings=TIGHT)
    assert rebuilds == [1, 1, 1]
    rebuild_index(db, settings=TIGHT)  # explicit, e.g. `crosscheck stories --rebuild`
    assert rebuilds == [1, 1, 1, 1]
    assert db.story(story.id).title == "Renamed by hand"


def test_a_store_from_before_the_index_state_is_rebuilt_once(db, monkeypatch):
    from tests.test_stories import WIRE, article

    rebuilds = count_rebuilds(monkeypatch)
    flood = article(WIRE, title="Floods close highway", outlet="wire")
    copy = article(WIRE, title="Highway shut by floods", outlet="paper")
    db.add_article(flood)
    db.add_article(copy)
    db.save_story(Story(flood.id, flood.title, (flood.id,)))  # as an older crosscheck did
    assign_articles(db, [copy])
    assert rebuilds == [1]
    [story] = db.stories()
    assert story.article_ids == (flood.id, copy.id)
    assert dict(story.duplicates) == {copy.id: flood.id}


def dump(db: Database) -> dict[str, list[tuple]]:
    tables = [schema.stories, schema.story_articles, *schema.STORY_INDEX_TABLES]
    with db.engine.connect() as conn:
        return {table.name: sorted(tuple(row) for row in conn.execute(sa.select(table)))
                for table in tables}


@pytest.mark.data
def test_a_failed_ingest_leaves_stories_and_index_as_they_were(db, stream, monkeypatch):
    ingest_in_batches(db, stream[:25])
    before = dump(db)
    real = StoryIndexStore.save

    def failing(self, stories, changes, threads=()):
        real(self, stories, changes)  # everything written, then the transaction fails
        raise StoreError("disk full")

    monkeypatch.setattr(StoryIndexStore, "save", failing)
    for article in stream[25:30]:
        db.add_article(article)
    with pytest.raises(StoreError, match="disk full"):
        assign_articles(db, stream[25:30])
    assert dump(db) == before
    monkeypatch.setattr(StoryIndexStore, "save", real)
    assign_articles(db, stream[25:30])
    reference = in_memory([*batches(stream[:25]), stream[25:30]])
    assert by_id(db.stories()) == by_id(reference.stories())


def test_counted_hashes_are_the_same_in_every_process() -> None:
    # Python's own string hash changes per process; a story's state outlives the process.
    assert stable_hash("round") == stable_hash("round") == 6241314514373107430
    counted = Counted.of({"round": frozenset({"6"})})
    assert counted.units.tolist() == [stable_hash("round")]
    assert counted.pairs.tolist() == [stable_hash("round", "6")]


def test_a_state_round_trips_with_every_kind_of_attribute() -> None:
    index = StoryIndex(embedder=fake_embed)
    from tests.test_stories import WIRE, article

    index.assign(article(WIRE + " 36-year-old driver, sixth round.", published="2024-03-05"))
    [state, _story] = index.slots  # the event and the developing story it starts
    # values an attribute added later might hold, kept without a change to the codec
    later = {"tags": frozenset({"b", "a"}), "seen": {3, 1}, 7: (1.5, None, np.int64(4))}
    state.duplicates.update({"x": "y", "later": later})  # type: ignore[dict-item]
    decoded = decode_state(encode_state(state))
    assert encode_state(decoded) == encode_state(state)
    assert decoded.first_day == state.first_day
    assert decoded.duplicates == {"x": "y", "later": later}
    assert decoded.sums["body"].ids.dtype == np.int32
    np.testing.assert_array_equal(decoded.embedding, state.embedding)


def test_stories_rebuild_option_rebuilds_the_kept_index(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from crosscheck.cli import cli
    from tests.test_stories import WIRE, article

    monkeypatch.setattr(crosscheck.stories, "available_embedder", lambda: fake_embed)
    flood = article(WIRE, title="Floods close highway", outlet="wire")
    with Database(tmp_path / "store.db") as db:
        db.add_article(flood)
        assign_articles(db, [flood])
        with db.engine.begin() as conn:  # lose the index state
            conn.execute(sa.delete(schema.story_states))
    rebuilds = count_rebuilds(monkeypatch)
    result = CliRunner().invoke(cli, ["stories", "--rebuild", "--db", str(tmp_path / "store.db")])
    assert result.exit_code == 0, result.output
    assert rebuilds == [1] and flood.id in result.output
    with Database(tmp_path / "store.db") as db, db.engine.connect() as conn:
        assert conn.execute(sa.select(schema.story_states.c.story_id)).scalars().all() == [
            flood.id, story_id_of(flood.id)]


@pytest.mark.data
def test_a_state_that_lacks_a_story_is_rebuilt_not_trusted(db, stream, monkeypatch):
    ingest_in_batches(db, stream[:30])
    with db.engine.begin() as conn:  # a partial state: every story's centroid is gone
        conn.execute(sa.delete(schema.story_states))
    rebuilds = count_rebuilds(monkeypatch)
    ingest_in_batches(db, stream[30:40])
    assert rebuilds == [1]
    assert len(stored_states(db)) >= len(db.stories())


def test_a_rebuild_overtaken_by_another_ingest_keeps_that_ingests_stories(db, monkeypatch):
    from tests.test_stories import WIRE, article

    flood = article(WIRE, title="Floods close highway", outlet="wire")
    budget = article("The council of Marbury approved a library budget on Monday. Councillor "
                     "Tom Okafor said four branches open late from May.", title="Budget")
    db.add_article(flood)
    db.add_article(budget)
    real = crosscheck.stories.assign.restore_index

    def overtaken(*args, **kwargs):
        index = real(*args, **kwargs)  # this ingest's view: no stories yet
        monkeypatch.setattr(crosscheck.stories.assign, "restore_index", real)
        assign_articles(db, [flood])  # meanwhile another ingest builds the index
        return index

    monkeypatch.setattr(crosscheck.stories.assign, "restore_index", overtaken)
    assign_articles(db, [budget])
    with db.engine.connect() as conn:
        kept = set(conn.execute(sa.select(schema.story_states.c.story_id)).scalars())
    events = {flood.id, budget.id}  # and the developing story each starts
    assert kept == events | {story_id_of(i) for i in events}
    assert events == {story.id for story in db.stories()}
