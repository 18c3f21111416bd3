"""The store: every record crosscheck keeps, in SQLite by default or PostgreSQL.

SQLAlchemy Core with one portable schema (``schema.py``), numbered migrations applied when a
database is opened (``migrations.py``), content-hash article ids, dict rows at the boundary,
and one writer: every write goes through a ``Database`` object, one transaction at a time.
The only dialect-specific SQL is the full-text index (``fts.py``: SQLite FTS5 with diacritics
folded; PostgreSQL ``to_tsvector('simple', ...)``, which does not fold them).

    db = Database("crosscheck.db")          # a path, ":memory:", or a SQLAlchemy URL
                                            #   (postgresql://... uses psycopg 3);
                                            #   create=False: a missing SQLite file is an error
    db.add_article(article, analysis=None)  # -> True if new; article, its removed lines and
                                            #    analysis in one transaction; idempotent
    db.has_article(id) -> bool
    db.stored_ids(ids) -> set[str]          # those of the ids stored (a query per chunk)
    db.article(id) -> Article               # raises errors.NotFound
    db.articles(ids=None) -> list[Article]  # by publication date, then id
    db.article_ids() -> list[str]
    db.resolve_article_id(prefix) -> str    # a unique id prefix (>= 4 chars) to the full id;
                                            #    errors.AmbiguousId when several match
    db.analysis(id) -> Analysis | None      # None when the article has not been analysed
    db.analyses(ids) -> dict[str, Analysis] # the stored ones, by article id
    db.save_analysis(analysis)              # store or replace one article's analysis
    db.add_rejection(rejection, run_id=None) -> bool   # idempotent per (source, stage,
                                                       #  reason, detail)
    db.rejections() -> list[dict]
    db.save_story(story)                    # create or update; an article is in one story at
                                            #    a time; emptied stories are deleted; a change
                                            #    marks the kept story index for a rebuild
    db.stories() -> list[Story]             # oldest first
    db.story(id) -> Story                   # raises errors.NotFound
    db.resolve_story_id(prefix) -> str      # the same for stories
    db.story_of(article_id) -> Story | None
    db.in_stories(article_ids) -> set[str]  # those of the articles that have a story
    db.cached_dossier(story_id, fingerprint) -> dict | None   # a kept dossier's JSON
    db.save_dossier(story_id, fingerprint, data)   # kept until the story's articles or
                                                   #    their analyses change
    db.story_summaries(sort="latest") -> list[dict]   # id, title, articles, duplicates,
                                            #    outlets, unknown_outlet (articles without
                                            #    one), first_published, last_published,
                                            #    article_list (id, source, outlet, title, published,
                                            #    copy_of); sort: crosscheck.listing
    db.save_vectors(model, vectors); db.vectors(model, ids) -> dict[str, ndarray]
    db.story_index_session()                # context: one write transaction over the kept
                                            #    story index (story_index.py) and the stories
    db.search(query, limit=20) -> list[dict]   # id, title, outlet, published, snippet
    db.counts() -> dict[str, int]           # rows per table

``analysis_from_dict`` (and the general ``from_dict``) rebuild records from their
``records.to_dict`` form, the JSON the store keeps.
"""

from crosscheck.store.codec import analysis_from_dict, from_dict
from crosscheck.store.database import Database, database_url

__all__ = ["Database", "analysis_from_dict", "database_url", "from_dict"]
