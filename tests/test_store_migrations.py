"""Numbered migrations: applied once, in order, each atomically; schema.py matches them."""

from __future__ import annotations

import sqlalchemy as sa
import pytest

from crosscheck.errors import StoreError
from crosscheck.store import Database, database_url, migrations, schema
from crosscheck.store.database import make_engine


def test_a_migrated_database_has_exactly_the_declared_columns(tmp_path):
    with Database(tmp_path / "store.db") as db:
        inspector = sa.inspect(db.engine)
        for table in schema.metadata.sorted_tables:
            found = {column["name"] for column in inspector.get_columns(table.name)}
            assert found == {column.name for column in table.columns}, table.name
        assert db.version == migrations.LATEST


def test_migrations_run_once_in_order(tmp_path):
    calls = []
    steps = [
        (1, "first", lambda conn: calls.append(1)),
        (2, "second", lambda conn: calls.append(2)),
    ]
    engine = make_engine(database_url(tmp_path / "m.db"))
    assert migrations.apply(engine, steps[:1]) == 1
    assert migrations.apply(engine, steps) == 2
    assert migrations.apply(engine, steps) == 2
    assert calls == [1, 2]


def test_a_failed_migration_leaves_the_previous_version(tmp_path):
    def broken(conn):
        conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("disk full")

    engine = make_engine(database_url(tmp_path / "m.db"))
    steps = [(1, "ok", lambda conn: None), (2, "broken", broken)]
    with pytest.raises(RuntimeError):
        migrations.apply(engine, steps)
    with engine.connect() as conn:
        assert migrations.current_version(conn) == 1
        assert not sa.inspect(conn).has_table("half_done")


def test_a_database_newer_than_the_code_is_refused(tmp_path):
    path = tmp_path / "store.db"
    Database(path).close()
    engine = make_engine(database_url(path))
    with engine.begin() as conn:
        conn.execute(sa.insert(schema.schema_version).values(version=99, name="future"))
    with pytest.raises(StoreError, match="newer"):
        Database(path)
