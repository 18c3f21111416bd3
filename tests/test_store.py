"""The store with hand-made records: round trips, idempotence, atomic writes, stories, search."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscheck.errors import AmbiguousId, NotFound, StoreError
from crosscheck.records import (
    Analysis, Article, Attribution, DateRef, Entity, Hedge, Mention, Quantity, Quote, Rejection,
    RemovedLine, Sentence, Span, Story, to_dict,
)
from crosscheck.store import Database, analysis_from_dict, database_url, migrations
from tests.store_helpers import fingerprint, make_article


@pytest.fixture
def db():
    with Database(":memory:") as database:
        yield database


def full_analysis(article_id: str) -> Analysis:
    return Analysis(
        article_id=article_id,
        sentences=(Sentence(Span(0, 10), 0), Sentence(Span(11, 40), 1, paragraph=1)),
        mentions=(Mention(Span(11, 16), "Alice", "PERSON", entity=0),),
        entities=(Entity(0, "Alice Example", "PERSON", mentions=(0,)),),
        quotes=(Quote(Span(20, 30), "direct", "Alice Example", Span(11, 16), 0, "say",
                      Span(17, 21), channel="told Example News", sentence=1),),
        attributions=(Attribution("Example News", Span(31, 38), "told", Span(11, 40), quote=0),),
        quantities=(Quantity(Span(22, 26), 1000.0, low=None, high=None, counted="troop",
                             qualifier="more than", counted_span=Span(27, 33)),),
        dates=(DateRef(Span(34, 40), "Monday", None, "relative", sentence=1),),
        hedges=(Hedge(Span(31, 40), "no-evidence", Span(11, 40), quote=None),),
    )


def test_article_round_trip_keeps_every_field(db):
    article = make_article("Storm hits coast", "Winds reached 100 km/h.", author="Ann Writer",
                           published="2024-11-23", url="https://example.org/a", section="World",
                           language="en")
    assert db.add_article(article) is True
    assert db.has_article(article.id)
    assert db.article(article.id) == article
    assert db.articles() == [article]


def test_articles_by_id_in_chunks_ordered_by_date_unknown_last(db, monkeypatch):
    import dataclasses

    monkeypatch.setattr(db, "settings", dataclasses.replace(db.settings, ids_per_query=2))
    dated = [make_article(f"Story {n}", "Text.", published=f"2024-0{n}-01") for n in (3, 1, 2)]
    undated = make_article("Undated", "Text.")
    for article in [undated, *dated]:
        db.add_article(article)
    expected = [dated[1], dated[2], dated[0], undated]
    assert db.articles() == expected
    ids = [article.id for article in expected] + ["not-stored"]
    assert db.articles(reversed(ids)) == expected
    assert db.articles([dated[0].id, dated[0].id]) == [dated[0]]


def test_missing_article_raises_not_found(db):
    with pytest.raises(NotFound):
        db.article("0000000000000000")
    assert db.analysis("0000000000000000") is None
    assert db.story_of("0000000000000000") is None


def test_adding_the_same_article_twice_changes_nothing(tmp_path):
    path = tmp_path / "store.db"
    article = make_article("Storm hits coast", "Winds reached 100 km/h.")
    with Database(path) as db:
        assert db.add_article(article, analysis=full_analysis(article.id)) is True
        db.add_rejection(Rejection("bad.bin", "read", "binary", "NUL bytes"), run_id="run-1")
        db.save_story(Story(article.id, article.title, (article.id,)))
    before = fingerprint(path)
    with Database(path) as db:
        assert db.add_article(article, analysis=full_analysis(article.id)) is False
        assert db.add_rejection(Rejection("bad.bin", "read", "binary", "NUL bytes"),
                                run_id="run-2") is False
        db.save_story(Story(article.id, article.title, (article.id,)))
    assert fingerprint(path) == before


def test_a_failed_write_leaves_nothing_of_the_article(db):
    article = make_article("Storm hits coast", "Winds reached 100 km/h.")
    broken = Analysis(article_id=article.id, sentences=(object(),))  # not JSON-serialisable
    with pytest.raises(StoreError, match="rolled back"):
        db.add_article(article, analysis=broken)
    assert not db.has_article(article.id)
    assert db.counts() == dict.fromkeys(db.counts(), 0)
    assert db.search("storm") == []
    assert db.add_article(article) is True  # and the article can still be stored afterwards


def test_analysis_round_trips_through_json(db):
    article = make_article("Storm hits coast", "Alice said more than 1000 troops came on Monday.")
    analysis = full_analysis(article.id)
    db.add_article(article, analysis=analysis)
    assert db.analysis(article.id) == analysis
    assert db.analyses([article.id, "ffffffffffffffff"]) == {article.id: analysis}
    assert analysis_from_dict(to_dict(analysis)) == analysis


def test_analysis_is_added_to_a_stored_article_and_can_be_replaced(db):
    article = make_article("Storm hits coast", "Winds reached 100 km/h.")
    db.add_article(article)
    assert db.analysis(article.id) is None
    assert db.add_article(article, analysis=Analysis(article.id)) is False
    assert db.analysis(article.id) == Analysis(article.id)
    db.save_analysis(full_analysis(article.id))
    assert db.analysis(article.id) == full_analysis(article.id)
    with pytest.raises(NotFound):
        db.save_analysis(Analysis("ffffffffffffffff"))
    with pytest.raises(StoreError):
        db.add_article(article, analysis=Analysis("ffffffffffffffff"))


def test_rejections_are_kept_once_with_the_run_that_first_saw_them(db):
    rejection = Rejection("data/empty.txt", "read", "empty", "0 bytes")
    assert db.add_rejection(rejection, run_id="run-1") is True
    assert db.add_rejection(rejection, run_id="run-2") is False
    assert db.add_rejection(Rejection("data/empty.txt", "read", "binary")) is True
    rows = db.rejections()
    assert [(row["reason"], row["run_id"]) for row in rows] in (
        [("empty", "run-1"), ("binary", None)], [("binary", None), ("empty", "run-1")]
    )


def three_articles(db):
    articles = [
        make_article("Storm hits coast", "Winds reached 100 km/h.", outlet="Daily Example"),
        make_article("Coast storm damage", "Roofs were torn off.", outlet="Example Times"),
        make_article("Storm hits coast", "Winds reached 100 km/h.", outlet="Wire Copy"),
    ]
    for article in articles:
        db.add_article(article)
    return [article.id for article in articles]


def test_stories_keep_order_duplicates_and_outlets(db):
    first, second, copy = three_articles(db)
    story = Story(first, "Storm hits coast", (first, second, copy), duplicates=((copy, first),))
    db.save_story(story)
    assert db.story(first) == story
    assert db.stories() == [story]
    assert db.story_of(copy) == story
    assert db.story_summaries() == [{
        "id": first, "title": "Storm hits coast", "articles": 3, "duplicates": 1,
        "outlets": ["Daily Example", "Example Times", "Wire Copy"], "unknown_outlet": 0,
        "first_published": None, "last_published": None,
        "article_list": [
            {"id": first, "source": "storm-hits-coast.txt", "outlet": "Daily Example", "title": "Storm hits coast",
             "published": None, "copy_of": None},
            {"id": second, "source": "coast-storm-damage.txt", "outlet": "Example Times", "title": "Coast storm damage",
             "published": None, "copy_of": None},
            {"id": copy, "source": "storm-hits-coast.txt", "outlet": "Wire Copy", "title": "Storm hits coast",
             "published": None, "copy_of": first},
        ],
    }]


def test_saving_an_unchanged_story_writes_nothing(db):
    import sqlalchemy as sa

    first, second, copy = three_articles(db)
    story = Story(first, "Storm", (first, second, copy), duplicates=((copy, first),))
    db.save_story(story)
    statements = []
    sa.event.listen(db.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *rest: statements.append(statement))
    db.save_story(story)
    assert statements and not [s for s in statements if s.split()[0] in ("INSERT", "UPDATE",
                                                                          "DELETE")]
    db.save_story(Story(first, "Storm", (first, second)))  # a change is written
    assert db.story(first).article_ids == (first, second)
    assert db.story_of(copy) is None


def test_an_article_moves_between_stories_and_empty_stories_go(db):
    first, second, copy = three_articles(db)
    db.save_story(Story(first, "Storm", (first, copy)))
    db.save_story(Story(second, "Damage", (second,)))
    db.save_story(Story(second, "Storm damage", (second, copy)))  # copy moves, title changes
    assert db.story(first).article_ids == (first,)
    assert db.story(second) == Story(second, "Storm damage", (second, copy))
    db.save_story(Story(second, "Storm damage", (second, copy, first)))  # first's story empties
    with pytest.raises(NotFound):
        db.story(first)
    assert [story.id for story in db.stories()] == [second]


@pytest.mark.parametrize("story", [
    Story("s", "no articles", ()),
    Story("s", "twice", ("a", "a")),
    Story("s", "stranger duplicate", ("a",), duplicates=(("b", "a"),)),
    Story("s", "self duplicate", ("a",), duplicates=(("a", "a"),)),
])
def test_malformed_stories_are_refused(db, story):
    with pytest.raises(StoreError):
        db.save_story(story)


def test_story_members_must_be_stored_articles(db):
    with pytest.raises(StoreError):
        db.save_story(Story("s", "ghost", ("not-stored",)))
    assert db.stories() == []


def test_search_ranks_folds_accents_and_ignores_syntax(db):
    storm = make_article("Storm hits coast", "Winds reached 100 km/h near Tsikhanoŭskaja's town.")
    flood = make_article("Flood warning", "Rivers rose; the storm moved on.", outlet="Other")
    db.add_article(storm)
    db.add_article(flood)
    assert [hit["id"] for hit in db.search("storm coast")] == [storm.id]
    assert [hit["id"] for hit in db.search("storm")] == [storm.id, flood.id]  # title + text first
    assert [hit["id"] for hit in db.search("Tsikhanouskaja")] == [storm.id]
    # FTS operators and quotes are plain words here, never query syntax
    assert [hit["id"] for hit in db.search('storm* (coast" -')] == [storm.id]
    assert db.search("   ...  ") == []
    hit = db.search("rivers")[0]
    assert hit["outlet"] == "Other" and "**Rivers**" in hit["snippet"]


def test_resolve_article_id_from_a_prefix(db):
    first, second, _copy = three_articles(db)
    assert db.resolve_article_id(first[:6]) == first
    with pytest.raises(NotFound):
        db.resolve_article_id("zzzzzz")
    with pytest.raises(NotFound):
        db.resolve_article_id(first[:2])


def test_an_ambiguous_prefix_names_its_candidates(db):
    for n in (1, 2):
        db.add_article(make_article(f"Story {n}", "Body.", id=f"abcd000{n}"))
        db.save_story(Story(f"feed000{n}", f"Story {n}", (f"abcd000{n}",)))
    with pytest.raises(AmbiguousId, match="abcd0001, abcd0002"):
        db.resolve_article_id("abcd")
    with pytest.raises(AmbiguousId, match="feed0001, feed0002"):
        db.resolve_story_id("feed")
    assert db.resolve_story_id("feed0002") == "feed0002"
    assert db.resolve_story_id("feed0002"[:8]) == "feed0002"
    with pytest.raises(NotFound):
        db.resolve_story_id("beef")
    with pytest.raises(NotFound):
        db.resolve_story_id("fe")


def dated_stories(db):
    """Three stories made in the order old, big, undated, whose latest dates are 2024-05-01,
    2024-03-02 and unknown; the second has the most articles."""
    def add(title, published):
        article = make_article(title, f"{title}.", published=published)
        db.add_article(article)
        return article.id

    old = [add("Old a", "2024-01-01"), add("Old b", "2024-05-01")]
    big = [add("Big a", "2024-03-01"), add("Big b", None), add("Big c", "2024-03-02")]
    undated = [add("Undated", None)]
    for ids in (old, big, undated):
        db.save_story(Story(ids[0], "title", tuple(ids)))
    return old[0], big[0], undated[0]


def test_story_summaries_in_each_order(db, monkeypatch):
    import itertools

    import crosscheck.store.database as database

    seconds = itertools.count()  # each story made a second after the one before
    monkeypatch.setattr(database, "_now", lambda: f"2026-01-01T00:00:{next(seconds):02d}+00:00")
    old, big, undated = dated_stories(db)
    listed = {sort: [s["id"] for s in db.story_summaries(sort=sort)]
              for sort in ("latest", "size", "created")}
    assert listed == {"latest": [old, big, undated], "size": [big, old, undated],
                      "created": [old, big, undated]}
    assert db.story_summaries() == db.story_summaries(sort="latest")
    summary = {s["id"]: s for s in db.story_summaries()}
    assert (summary[big]["first_published"], summary[big]["last_published"]) == (
        "2024-03-01", "2024-03-02")
    assert summary[undated]["last_published"] is None
    with pytest.raises(ValueError, match="latest, size, created"):
        db.story_summaries(sort="sideways")


def test_stories_by_activity_follow_the_latest_order_without_reading_the_stories(
        db, monkeypatch):
    import dataclasses
    import itertools

    import crosscheck.store.database as database

    seconds = itertools.count()
    monkeypatch.setattr(database, "_now", lambda: f"2026-01-01T00:00:{next(seconds):02d}+00:00")
    old, big, undated = dated_stories(db)
    monkeypatch.setattr(db, "settings", dataclasses.replace(db.settings, ids_per_query=1))
    every = db.stories_by_activity()
    assert [item.id for item in every] == [s["id"] for s in db.story_summaries(sort="latest")]
    assert [(item.articles, item.last_published) for item in every] == [
        (2, "2024-05-01"), (3, "2024-03-02"), (1, None)]
    members = {s["id"]: [a["id"] for a in s["article_list"]] for s in db.story_summaries()}
    wanted = [members[undated][0], members[big][1]]  # in no particular order
    assert [item.id for item in db.stories_by_activity(wanted)] == [big, undated]
    assert db.stories_by_activity([]) == [] and db.stories_by_activity(["unknown"]) == []
    assert db.stories_holding(wanted + ["unknown"]) == {
        big: [members[big][1]], undated: [members[undated][0]]}
    assert [story.id for story in db.stories_of([undated, "gone", old])] == [old, undated]


def test_in_stories_names_the_articles_that_have_a_story(db):
    first, second, copy = three_articles(db)
    assert db.in_stories([first, second, copy, "unknown"]) == set()
    db.save_story(Story(first, "Storm", (first, copy), duplicates=((copy, first),)))
    assert db.in_stories([first, second, copy, "unknown"]) == {first, copy}
    assert db.in_stories([]) == set()
    assert db.stored_ids([first, "unknown", second]) == {first, second}


def test_a_file_database_persists_and_urls_are_accepted(tmp_path):
    path = tmp_path / "store.db"
    article = make_article("Storm hits coast", "Winds reached 100 km/h.")
    with Database(path) as db:
        db.add_article(article)
    with Database(f"sqlite:///{path}") as db:
        assert db.article(article.id) == article
    assert database_url(path) == f"sqlite:///{path}"
    assert database_url("postgresql://host/db") == "postgresql+psycopg://host/db"
    assert database_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"
    assert sqlite3.connect(path).execute("SELECT count(*) FROM schema_version").fetchone() == (migrations.LATEST,)


def test_an_unknown_database_url_is_a_store_error():
    with pytest.raises(StoreError):
        Database("nosuchdialect://host/db")


# --- property: any article the readers could make comes back unchanged ------------------------

# Text as the readers produce it: any Unicode except lone surrogates and NUL (the readers
# replace both; test_readers_hostile.py)
texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                max_size=300)
optional = st.none() | texts


@st.composite
def articles(draw):
    removed = draw(st.lists(st.tuples(st.integers(1, 10_000), texts, texts), max_size=4,
                            unique_by=lambda line: line[0]))
    return Article(
        id=draw(st.text("0123456789abcdef", min_size=16, max_size=16)),
        source=draw(texts), format=draw(st.sampled_from(["text", "html", "jsonl", "warc"])),
        text=draw(texts), title=draw(texts), outlet=draw(optional), author=draw(optional),
        published=draw(st.none() | st.dates().map(str)), url=draw(optional),
        section=draw(optional), language=draw(st.none() | st.just("en")),
        removed=tuple(RemovedLine(*line) for line in sorted(removed)),
        cleaned=draw(st.booleans()),
        provenance=tuple(draw(st.lists(st.tuples(texts, texts), max_size=3))),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles())
def test_any_article_round_trips(article):
    with Database(":memory:") as db:
        assert db.add_article(article) is True
        assert db.article(article.id) == article
        assert db.add_article(article) is False


def test_writes_from_several_threads_go_through_one_writer(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    batches = [[make_article(f"Story {t}-{n}", f"Text {t} {n}.") for n in range(15)]
               for t in range(4)]
    with Database(tmp_path / "store.db") as db:
        def write(batch):
            return sum(db.add_article(article) for article in batch + batch)

        with ThreadPoolExecutor(max_workers=4) as pool:
            assert list(pool.map(write, batches)) == [15, 15, 15, 15]
        assert len(db.articles()) == 60
        assert db.counts()["removed_lines"] == 60


def test_vectors_round_trip_per_model_and_are_never_overwritten(db):
    import numpy as np

    article = make_article("Storm hits coast", "Winds reached 100 km/h.")
    db.add_article(article)
    first = np.array([0.25, -1.5, 3.0], dtype=np.float32)
    db.save_vectors("model-a", {article.id: first})
    db.save_vectors("model-a", {article.id: first * 2})  # kept: the first vector stands
    assert np.array_equal(db.vectors("model-a", [article.id, "absent"])[article.id], first)
    assert db.vectors("model-b", [article.id]) == {}
