"""The tables as they stand after the last migration (see ``migrations.py``).

Portable SQLAlchemy Core types only, so the same schema serves SQLite and PostgreSQL. The
full-text index is not declared here: it is dialect-specific and lives in ``fts.py``.
Structured values (provenance, an analysis) are stored as JSON.
"""

from __future__ import annotations

import sqlalchemy as sa

ID = sa.String(64)  # content-hash ids (records.content_id gives 16 hex digits)

# The execution option that marks a connection as the writer's (Database._writing and the
# migrations): its SQLite transactions begin IMMEDIATE, taking the write lock at once. A
# deferred transaction that reads first and then writes cannot wait for another process's
# write lock (SQLite answers "database is locked" at once rather than risk a deadlock),
# whatever the busy timeout; one that takes the lock first waits for it up to the timeout.
WRITER = "crosscheck_writer"

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    # Text without a length limit wherever an input's words land (migration 7): PostgreSQL
    # enforces a varchar's length and SQLite does not, so a limit meant two behaviours.
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text, index=True),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.Text, index=True),
    sa.Column("url", sa.Text),
    sa.Column("section", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("cleaned", sa.Boolean, nullable=False),
    sa.Column("provenance", sa.JSON, nullable=False),
)

removed_lines = sa.Table(
    "removed_lines",
    metadata,
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("line_no", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

rejections = sa.Table(
    "rejections",
    metadata,
    # hash of (source, stage, reason, detail): the same rejection seen again is not a new row
    sa.Column("id", ID, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, index=True),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("run_id", sa.String(64)),  # the run that first saw it
)

analyses = sa.Table(
    "analyses",
    metadata,
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("data", sa.JSON, nullable=False),  # records.to_dict(Analysis)
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created", sa.String(32), nullable=False),  # ISO 8601 UTC, set once
)

story_articles = sa.Table(
    "story_articles",
    metadata,
    sa.Column("story_id", ID, sa.ForeignKey("stories.id"), primary_key=True),
    # an article belongs to one story at a time
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), primary_key=True, unique=True),
    sa.Column("position", sa.Integer, nullable=False),  # order of Story.article_ids
    sa.Column("duplicate_of", ID, sa.ForeignKey("articles.id")),
)

# Sentence-embedding vectors of stored articles, under the name of the model that made
# them, so that rebuilding the story index at each ingest does not embed every stored
# article again. float32, little-endian (numpy "<f4").
article_vectors = sa.Table(
    "article_vectors",
    metadata,
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("model", sa.String(100), primary_key=True),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

# --- the persisted story index (migration 4) ----------------------------------------------
# The state of crosscheck.stories' incremental index, kept so that an ingest loads only what
# its articles' assignment needs instead of rebuilding the index from every stored article.
# It is derived data: the stories stage rebuilds it from the stored stories and articles when
# story_index's "fingerprint" row is missing or differs from the running code's.

# Counters and the fingerprint (name -> value).
story_index = sa.Table(
    "story_index",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# Vocabulary and document frequencies. A term is found by a 64-bit hash of its text (a term
# can be longer than an index entry may be), and keeps the id its weights are stored under.
story_terms = sa.Table(
    "story_terms",
    metadata,
    sa.Column("term_hash", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("term_id", sa.Integer, nullable=False),
    sa.Column("df", sa.Integer, nullable=False),
)

# Postings: a key term's stories (their slots, oldest first, int32 little-endian), capped as
# the in-memory index caps them.
story_postings = sa.Table(
    "story_postings",
    metadata,
    sa.Column("term_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("slots", sa.LargeBinary, nullable=False),
)

# One story's centroid state (crosscheck.stories.statecodec). The slot numbers stories in
# order of creation; merged stories keep theirs, so this is not tied to the stories table.
story_states = sa.Table(
    "story_states",
    metadata,
    sa.Column("slot", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("story_id", ID, nullable=False, unique=True),
    sa.Column("state", sa.LargeBinary, nullable=False),
)

# Near-duplicate detection: each indexed article's MinHash values (uint64 little-endian) in
# order of arrival, and its LSH buckets (a 64-bit hash of each band of the signature).
duplicate_signatures = sa.Table(
    "duplicate_signatures",
    metadata,
    sa.Column("article_id", ID, primary_key=True),
    sa.Column("arrival", sa.Integer, nullable=False),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

duplicate_buckets = sa.Table(
    "duplicate_buckets",
    metadata,
    sa.Column("bucket", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("article_id", ID, primary_key=True),
)

# --- built dossiers (migration 5) -------------------------------------------------------------
# A story's dossier JSON as last built, under a fingerprint of what it was built from (the
# story's articles, the compare settings, the code). Derived data: a row is deleted when its
# story's articles or an analysis of theirs change, and a row whose fingerprint differs from
# the running code's is rebuilt (crosscheck.compare.cache).
dossiers = sa.Table(
    "dossiers",
    metadata,
    sa.Column("story_id", ID, sa.ForeignKey("stories.id"), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),  # compare.dossier_to_json(Dossier)
)

# --- the lines each outlet prints (migration 8) ---------------------------------------------
# For each stored article read uncleaned with a known outlet, a hash of (outlet, normalised
# line) per line of its text as read: the cleaner's "repeated lines" signal for a chunk of a
# streaming ingest is then computed from the chunk plus what is stored (crosscheck.run),
# without holding the corpus in memory.
line_keys = sa.Table(
    "line_keys",
    metadata,
    sa.Column("key_hash", sa.String(16), primary_key=True),
    sa.Column("article_id", ID, sa.ForeignKey("articles.id"), primary_key=True),
)

STORY_INDEX_TABLES = (
    story_index, story_terms, story_postings, story_states, duplicate_signatures,
    duplicate_buckets,
)

# --- developing stories (migration 6) ---------------------------------------------------------
# The upper level: a developing story links events (the rows of ``stories``, each the reports
# of one happening, whose dossiers compare them) over days to months. Derived from the story
# index like the events' membership, and rewritten with it when the index is rebuilt.
threads = sa.Table(
    "threads",
    metadata,
    sa.Column("id", ID, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created", sa.String(32), nullable=False),  # ISO 8601 UTC, set once
)

thread_events = sa.Table(
    "thread_events",
    metadata,
    sa.Column("thread_id", ID, sa.ForeignKey("threads.id"), nullable=False, index=True),
    # an event belongs to one developing story; no foreign key to stories.id, because an
    # event left without articles is deleted in the transaction that empties it
    sa.Column("event_id", ID, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),  # order of Thread.event_ids
)
