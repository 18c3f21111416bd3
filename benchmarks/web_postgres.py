"""The web benchmarks' store on PostgreSQL: a throwaway cluster (the machine's ``initdb`` and
``pg_ctl``, as `make postgres` installs them; run as the ``postgres`` user when this process
is root), reached over a Unix socket, and the SQLite benchmark store copied into it table by
table (the same schema on both stores: one migration path), so both stores serve the same
rows.

    with running_postgres() as socket_dir:
        url = copy_store(sqlite_path, socket_dir)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from benchmarks.throwaway_postgres import PostgresMissing, throwaway_cluster

ROWS_PER_INSERT = 500


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """A fresh PostgreSQL cluster for the duration (benchmarks/throwaway_postgres.py, with
    room for the load benchmark's clients); the folder of its Unix socket."""
    try:
        with throwaway_cluster(settings="-c max_connections=200") as socket_dir:
            yield socket_dir
    except PostgresMissing as missing:
        raise SystemExit(str(missing)) from None


def copy_store(sqlite_path: Path, socket_dir: str, name: str = "crosscheck_bench") -> str:
    """A new database ``name`` on the cluster holding every row of the SQLite store; its
    URL."""
    from crosscheck.store import Database, schema

    admin = sa.create_engine(f"postgresql+psycopg://postgres@/postgres?host={socket_dir}",
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    url = f"postgresql+psycopg://postgres@/{name}?host={socket_dir}"
    with Database(url):  # creates and migrates the schema
        pass
    source = sa.create_engine(f"sqlite:///{sqlite_path}")
    target = sa.create_engine(url)
    with source.connect() as reading, target.begin() as writing:
        for table in schema.metadata.sorted_tables:
            if table.name == "schema_version":  # written by the migrations already
                continue
            rows = [dict(row._mapping) for row in reading.execute(sa.select(table))]
            for start in range(0, len(rows), ROWS_PER_INSERT):
                writing.execute(table.insert(), rows[start : start + ROWS_PER_INSERT])
    source.dispose()
    target.dispose()
    return url
