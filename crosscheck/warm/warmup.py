"""What the worker loads before it listens: every module and model a command uses, by
running the usual commands once on two small invented reports in a throwaway store. Running
them (rather than listing imports) also loads what a command imports on first use, and
stays right as the commands change."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from click import Group

# Two invented reports of one invented event, long enough to pass as articles, with a quote,
# a source, figures and a date, so that every stage and the dossier have work.
REPORTS = {
    "valley-courier-orrin-bridge.txt": """Local
Flood waters close the Orrin bridge for a second day
The Orrin river bridge stayed closed on Thursday after flood waters rose to 4.2 metres, the
highest level since 1998, according to the county roads office.
About 1,200 residents of the lower town were moved to the sports hall overnight. County
engineer Hella Marsk told the Valley Courier that the bridge piers were sound but that debris
had built up against them. "We will not open it until the water drops below three metres,"
she said.
The weather service said rain would ease by Friday evening. Shops on the river road stayed
shut, and the school board cancelled classes for at least two days.
Volunteers filled more than 5,000 sandbags at the fire station on Wednesday night, the mayor's
office said.
""",
    "lakeside-post-orrin-flood.txt": """News
Orrin bridge shut as river reaches record height
Flood water closed the Orrin bridge for a second day on Thursday. The county roads office said
the river stood at 4.2 metres, its highest since 1998.
Around 1,300 people from the lower town spent the night in the sports hall, the mayor's office
said. Engineer Hella Marsk said the bridge would stay shut "until the water drops below three
metres". Debris had gathered against the piers, she told reporters.
Forecasters expect the rain to stop on Friday. Schools in the valley will stay closed for two
days, the school board said.
""",
}


def warm_up(scratch: Path) -> None:
    """Ingest the reports, then list, show, look up and compare them, all in this process,
    their output thrown away; ``scratch`` is a folder for the files and the store, made and
    removed here (the worker removes one left by a process killed half-way)."""
    from crosscheck.cli import cli

    with _scratch(scratch) as folder:
        files = [_write(folder / name, text) for name, text in REPORTS.items()]
        db = str(folder / "warm-up.db")
        _quietly(cli, ["ingest", *files, "--db", db])
        listing = json.loads(_quietly(cli, ["stories", "--db", db, "--json"]))
        events = [event for story in listing for event in story["events"]]
        for event in events[:1]:
            _quietly(cli, ["show", event["id"], "--db", db])
            _quietly(cli, ["show", event["id"], "--db", db, "--json"])
            _quietly(cli, ["article", event["article_list"][0]["id"], "--db", db])
        _quietly(cli, ["compare", *files, "--markdown"])


def warm_up_fork(scratch: Path) -> None:
    """What a spare fork runs before its job (crosscheck.warm.spare): one report into a new
    store, the shape of a small job."""
    from crosscheck.cli import cli

    with _scratch(scratch) as folder:
        name, text = next(iter(REPORTS.items()))
        report = _write(folder / name, text)
        _quietly(cli, ["ingest", report, "--db", str(folder / "spare.db")])


@contextlib.contextmanager
def _scratch(folder: Path) -> Iterator[Path]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _quietly(cli: Group, args: list[str]) -> str:
    """Run one command line in this process; return its stdout."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main(args=args, prog_name="crosscheck", standalone_mode=False)
        except SystemExit:
            pass
    return out.getvalue()
