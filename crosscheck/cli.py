"""The command line: parse arguments, call the library, render its records.

No SQL and no NLP here. JSON goes to stdout, progress and errors to stderr. Exit codes:
0 all good, 1 some inputs rejected (counted and listed), 2 usage error.
Library errors (crosscheck.errors) become click exceptions with a hint, here and only here.
"""

from __future__ import annotations

import atexit
import functools
import gc
import json
import re
import sys
from typing import Any, Callable

import click

from crosscheck import __version__
from crosscheck.errors import AmbiguousId, CrosscheckError, NotFound
from crosscheck.listing import STORY_ORDER_HELP, STORY_ORDERS
from crosscheck.warm.commands import warm

EXIT_REJECTED = 1


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        default="crosscheck.db",
        show_default=True,
        envvar="CROSSCHECK_DB",
        help="SQLite file, or a SQLAlchemy URL such as postgresql://host/db.",
    )(fn)


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")(fn)


def sort_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--sort", type=click.Choice(STORY_ORDERS), default=STORY_ORDERS[0],
                        show_default=True, help=f"Order of the stories ({STORY_ORDER_HELP}).")(fn)


def translate_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into click errors with a hint; everything else propagates."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AmbiguousId as error:  # the argument names no one thing: a usage error
            raise click.UsageError(str(error))
        except NotFound as error:
            raise click.ClickException(f"{error} (list them with `crosscheck stories`)")
        except CrosscheckError as error:
            raise click.ClickException(str(error))

    return wrapper


def echo_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@click.group()
@click.version_option(__version__, prog_name="crosscheck")
def cli() -> None:
    """crosscheck: group news articles into stories and compare how outlets report them."""


def main(*, try_warm: bool = True) -> None:
    """The command line, then a quick exit (``crosscheck.__main__.main``, the `crosscheck`
    command, asks a warm worker first and comes here with ``try_warm=False`` when none runs
    the command; an entry point made before it, calling this, asks here).

    The interpreter's last garbage collections walk every object still alive, and a command
    that loaded spaCy leaves enough of them that this took 0.3-1 s after the work was done
    (benchmarks/cli_startup.py). Freezing them as exit begins (atexit runs before those
    collections) skips the walk; the process ends right after and the system takes the
    memory back. Registered here, not at import, so that the library and tests using the
    CLI in-process keep the usual exit."""
    if try_warm:
        from crosscheck.warm.client import run_in_worker

        code = run_in_worker(sys.argv)
        if code is not None:
            sys.exit(code)
    atexit.register(gc.freeze)
    cli()


# Commands are added below, one function each, grouped by pipeline stage.


# --- ingest, article, stories, search (the store) -------------------------------------------


class _IngestProgress:
    """A rich progress bar per ingest phase, on stderr."""

    LABELS = {"read": "reading files", "clean": "cleaning", "analyze": "analysing",
              "store": "storing", "stories": "assigning stories", "dossiers": "preparing dossiers"}

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=False)
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> _IngestProgress:
        self.bar.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.bar.stop()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            self.tasks[phase] = self.bar.add_task(self.LABELS.get(phase, phase), total=total)
        self.bar.update(self.tasks[phase], completed=done, total=total)


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


def _ingest_summary(report: Any, *, stories: tuple[int, int] | None) -> list[str]:
    """``stories``: how many developing stories and events the store holds."""
    lines = [f"read {_count(report.read, 'article')}: {report.new} new, "
             f"{report.already_present} already present"]
    if stories is not None:
        lines.append(f"stories: {stories[0]} of {_count(stories[1], 'event')} (list them with "
                     "`crosscheck stories`)")
    if not report.rejections:
        lines.append("rejected: none")
        return lines
    reasons = ", ".join(
        f"{reason} {count}" for reason, count in report.rejected_by_reason().items()
    )
    lines.append(f"rejected {_count(report.rejected, 'input')}: {reasons}")
    for rejection in report.rejections:
        detail = f" ({rejection.detail})" if rejection.detail else ""
        lines.append(f"  {rejection.source}: {rejection.stage} {rejection.reason}{detail}")
    return lines


def _ingest_executor(workers: int | None, dask_address: str | None) -> dict[str, Any]:
    if workers is not None and dask_address is not None:
        raise click.UsageError("--workers and --dask are mutually exclusive: a Dask cluster "
                               "has its own workers (choose one)")
    if dask_address is not None:
        from crosscheck.errors import ExecutorUnavailable
        from crosscheck.executors import check_scheduler

        try:  # before the store is opened: a usage error must not leave an empty store
            check_scheduler(dask_address)
        except ExecutorUnavailable as error:
            raise click.BadParameter(str(error), param_hint="'--dask'") from error
    return {"workers": workers or 1, "dask": dask_address}


@cli.command()
# A path that does not exist is a usage error, found before the store is opened: a failed
# ingest must not leave an empty database file behind.
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--outlet", default=None, help="Outlet of inputs that do not state their own.")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Clean and analyse in N local processes (default 1: in this process).")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Clean and analyse on the Dask cluster whose scheduler is at ADDRESS "
                   "(tcp://host:8786); needs crosscheck[dask].")
@json_option
@translate_errors
def ingest(paths: tuple[str, ...], db_path: str, outlet: str | None, workers: int | None,
           dask_address: str | None, as_json: bool) -> None:
    """Read, clean, analyse and store articles from files and folders (recursively)."""
    from crosscheck.errors import ExecutorUnavailable
    from crosscheck.records import to_dict
    from crosscheck.run import ingest as run_ingest
    from crosscheck.store import Database

    executor = _ingest_executor(workers, dask_address)
    with Database(db_path) as db:
        try:
            with _IngestProgress() as progress:
                report = run_ingest(list(paths), db=db, outlet=outlet, progress=progress,
                                    **executor)
        except ExecutorUnavailable as error:  # a usage error: the option names no cluster
            raise click.BadParameter(str(error), param_hint="'--dask'") from error
        counts = db.counts()
        # events that belong to no developing story yet are listed as stories of their own
        events = counts["stories"]
        stories = (counts["threads"] + events - counts["thread_events"], events) if events else None
    if as_json:
        echo_json({
            "run_id": report.run_id, "read": report.read, "new": report.new,
            "already_present": report.already_present, "rejected": report.rejected,
            "rejected_by_reason": report.rejected_by_reason(),
            "rejections": to_dict(report.rejections), "article_ids": list(report.article_ids),
        })
    else:
        click.echo("\n".join(_ingest_summary(report, stories=stories)))
    if report.rejections:
        sys.exit(EXIT_REJECTED)


def _article_lines(article: Any, story: Any) -> list[str]:
    sources = dict(article.provenance)

    def field_line(label: str, name: str) -> str:
        value = getattr(article, name)
        if value is None or value == "":
            return f"{label}: unknown"
        return f"{label}: {value}" + (f" (from {sources[name]})" if name in sources else "")

    lines = [f"article {article.id}", field_line("title", "title"),
             field_line("outlet", "outlet"), field_line("author", "author"),
             field_line("published", "published"), field_line("section", "section"),
             f"source: {article.source} ({article.format})"]
    if article.url:
        lines.append(f"url: {article.url}")
    if story is not None:
        size = _count(len(story.article_ids), "article")
        lines.append(f"story: {story.id} {story.title} ({size})")
    lines += ["", article.text.rstrip("\n"), ""]
    lines.append(f"removed lines: {len(article.removed)}" if article.cleaned or article.removed
                 else "removed lines: not cleaned")
    lines += [f"  {line.line_no:>4}  {line.reason}: {line.text}" for line in article.removed]
    return lines


@cli.command()
@click.argument("article_id")
@db_option
@json_option
@translate_errors
def article(article_id: str, db_path: str, as_json: bool) -> None:
    """Show one stored article: cleaned text, removed lines with reasons, metadata, story.

    ARTICLE_ID may be a unique prefix of the id (at least 4 characters)."""
    from crosscheck.records import to_dict
    from crosscheck.store import Database

    with Database(db_path, create=False) as db:
        found = db.article(db.resolve_article_id(article_id))
        story = db.story_of(found.id)
    if as_json:
        echo_json({"article": to_dict(found), "story": None if story is None else to_dict(story)})
    else:
        click.echo("\n".join(_article_lines(found, story)))


@cli.command()
@db_option
@click.option("--rebuild", is_flag=True,
              help="First rebuild the story index kept in the store from the stored stories "
                   "(ingest does this by itself when the index is missing or out of date).")
@sort_option
@json_option
@translate_errors
def stories(db_path: str, rebuild: bool, sort: str, as_json: bool) -> None:
    """List the developing stories, each with its events (the reports of one happening,
    which `crosscheck show EVENT` compares): id, latest date, sizes, outlets and title (with
    --json, also first and last publication dates, each event's articles: id, source,
    outlet, title, published, copy_of, and the outlets each event brings that earlier
    events did not)."""
    from crosscheck.compare.developing import story_listing
    from crosscheck.store import Database

    with Database(db_path, create=False) as db:
        if rebuild:
            from crosscheck.stories import rebuild_index

            rebuild_index(db)
            click.echo("story index rebuilt from the stored stories", err=True)
        listing = story_listing(db, sort=sort)
    if as_json:
        echo_json(listing)
        return
    if not listing:
        click.echo("no stories yet (ingest articles with `crosscheck ingest PATH`)")
    for story in listing:
        click.echo("\n".join(_story_lines(story)))
    if any(story["id"] is None for story in listing):
        click.echo("(events listed with story id None belong to no story yet: "
                   "`crosscheck stories --rebuild` links them)", err=True)


def _story_lines(story: dict[str, Any]) -> list[str]:
    """A developing story's line, then one indented line per event."""
    latest = story["last_published"] or "undated"  # the date the default order goes by
    events = _count(len(story["events"]), "event")
    lines = [f"{story['id']}  {latest:10}  {events}, {_sizes(story)}  [{_outlets(story)}]  "
             f"{story['title']}"]
    for event in story["events"]:
        first = event["first_published"] or "undated"
        lines.append(f"    event {event['id']}  {first:10}  {_sizes(event)}  "
                     f"[{_outlets(event)}]  {event['title']}")
    return lines


def _sizes(summary: dict[str, Any]) -> str:
    copies = f", {_count(summary['duplicates'], 'copy')}" if summary["duplicates"] else ""
    return _count(summary["articles"], "article") + copies


def _outlets(summary: dict[str, Any]) -> str:
    outlets = ", ".join(summary["outlets"])
    if summary["unknown_outlet"]:
        outlets += ("; " if outlets else "") + f"{summary['unknown_outlet']} with no outlet"
    return outlets


@cli.command()
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@json_option
@translate_errors
def search(query: str, db_path: str, limit: int, as_json: bool) -> None:
    """Full-text search over article titles and texts (every word must occur)."""
    from crosscheck.store import Database

    with Database(db_path, create=False) as db:
        hits = db.search(query, limit=limit)
    if as_json:
        echo_json(hits)
        return
    if not hits:
        click.echo(f"no article matches {query!r}")
    for hit in hits:
        outlet, title = hit["outlet"] or "outlet unknown", hit["title"] or "(untitled)"
        click.echo(f"{hit['id']}  {outlet}  {title}")
        click.echo("    " + " ".join(hit["snippet"].split()))


# --- compare: story dossiers ------------------------------------------------------------


def _check_one_format(as_json: bool, as_markdown: bool) -> None:
    """--json and --markdown ask for two outputs on one stdout: a usage error, not a guess."""
    if as_json and as_markdown:
        raise click.UsageError("--json and --markdown are mutually exclusive (choose one)")


def _render_dossier(dossier: Any, *, as_json: bool, as_markdown: bool) -> None:
    from crosscheck.compare import dossier_to_json, dossier_to_markdown, render_terminal

    if as_json:
        echo_json(dossier_to_json(dossier))
    elif as_markdown:
        click.echo(dossier_to_markdown(dossier), nl=False)
    else:
        from rich.console import Console

        render_terminal(dossier, console=Console())


def markdown_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--markdown", "as_markdown", is_flag=True,
                        help="Print Markdown on stdout.")(fn)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--outlet", "outlets", multiple=True, metavar="NAME",
              help="The outlet that published FILE (wins over what the file says): once for "
                   "all the FILEs, or once per FILE in their order.")
@json_option
@markdown_option
@translate_errors
def compare(files: tuple[str, ...], outlets: tuple[str, ...], as_json: bool,
            as_markdown: bool) -> None:
    """Dossier of FILE... as one story (no database): agreed, single-source and conflicting
    claims, quotes across outlets, upstream sources, framing, timeline, cited summary."""
    _check_one_format(as_json, as_markdown)  # usage errors before anything is loaded
    per_file = _outlet_per_file(files, outlets)
    from crosscheck.compare import compare_paths

    comparison = compare_paths(files, outlets=per_file)
    _render_dossier(comparison.dossier, as_json=as_json, as_markdown=as_markdown)
    if comparison.rejections:
        for rejection in comparison.rejections:
            click.echo(f"rejected {rejection.source}: {rejection.reason} {rejection.detail}".rstrip(),
                       err=True)
        sys.exit(EXIT_REJECTED)


def _outlet_per_file(files: tuple[str, ...], outlets: tuple[str, ...]) -> list[str | None]:
    if not outlets:
        return [None] * len(files)
    if len(outlets) == 1:
        return [outlets[0]] * len(files)
    if len(outlets) != len(files):
        raise click.BadParameter(
            f"given {len(outlets)} times for {_count(len(files), 'FILE')}: give it once for "
            "all of them, or once per FILE in their order", param_hint="'--outlet'")
    return list(outlets)


@cli.command()
@click.argument("story_id", metavar="STORY")
@db_option
@json_option
@markdown_option
@translate_errors
def show(story_id: str, db_path: str, as_json: bool, as_markdown: bool) -> None:
    """A developing STORY with its events on a timeline and a dossier per event, or one
    EVENT's dossier (an id from `crosscheck stories`, or a unique prefix of it, at least 4
    characters)."""
    from crosscheck.compare import dossier_json, stored_dossier
    from crosscheck.compare.developing import resolve_id, story_view
    from crosscheck.store import Database

    _check_one_format(as_json, as_markdown)
    with Database(db_path, create=False) as db:
        level, found = resolve_id(db, story_id)
        if level == "story":
            view = story_view(db, found)
            if as_json:
                echo_json(view)
                return
            dossiers = [stored_dossier(db, event["id"]) for event in view["events"]]
        elif as_json:  # the JSON is kept in the store once built (compare/cache.py)
            echo_json(dossier_json(db, found))
            return
        else:
            dossier = stored_dossier(db, found)
    if level == "event":
        _render_dossier(dossier, as_json=False, as_markdown=as_markdown)
        return
    _render_story(view, dossiers, as_markdown=as_markdown)


def _render_story(view: dict[str, Any], dossiers: list[Any], *, as_markdown: bool) -> None:
    """A developing story's timeline, then each event's dossier."""
    head = "# " if as_markdown else ""
    click.echo(f"{head}Story {view['id']}: {view['title']}\n")
    for number, event in enumerate(view["events"]):
        added = [f"new outlets: {', '.join(event['new_outlets'])}" if event["new_outlets"] else "",
                 f"new sources: {', '.join(event['new_sources'])}" if event["new_sources"] else ""]
        note = "; ".join(part for part in added if part) if number else ""  # all new at first
        first = event["first_published"] or "undated"
        click.echo(f"{'- ' if as_markdown else '  '}{first}  event {event['id']}  "
                   f"{_sizes(event)}  {event['title']}" + (f"  ({note})" if note else ""))
    for event, dossier in zip(view["events"], dossiers):
        if as_markdown:  # each event's dossier one heading level down, under the story
            from crosscheck.compare import dossier_to_markdown

            click.echo("\n" + re.sub(r"^#", "##", dossier_to_markdown(dossier), flags=re.M),
                       nl=False)
            continue
        click.echo(f"\n=== Event {event['id']}: {event['title']}\n")
        _render_dossier(dossier, as_json=False, as_markdown=False)


# --- clean ---------------------------------------------------------------------------------


@cli.command("clean")
@click.argument("file", type=click.Path())
@click.option("--outlet", default=None, help="The outlet that published FILE (wins over the text).")
@json_option
@translate_errors
def clean_command(file: str, outlet: str | None, as_json: bool) -> None:
    """Clean FILE without a database: cleaned text, removed lines with reasons, metadata."""
    from crosscheck.clean import clean_articles, kept_line_numbers
    from crosscheck.readers import read_path
    from crosscheck.records import Article, to_dict

    records = list(read_path(file, outlet=outlet))
    read = [record for record in records if isinstance(record, Article)]
    rejections = [record for record in records if not isinstance(record, Article)]
    cleaned = clean_articles(read)
    if as_json:
        echo_json({
            "articles": [
                {"article": to_dict(after), "kept_line_numbers": kept_line_numbers(before, after),
                 "removed_by_reason": _reason_counts(after)}
                for before, after in zip(read, cleaned)
            ],
            "rejections": [to_dict(rejection) for rejection in rejections],
        })  # fmt: skip
    else:
        for article in cleaned:
            click.echo("\n".join(_article_lines(article, None)))
    for rejection in rejections:
        click.echo(f"rejected {rejection.source}: {rejection.reason} {rejection.detail}".rstrip(), err=True)
    if rejections:
        sys.exit(EXIT_REJECTED)


def _reason_counts(article: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in article.removed:
        counts[line.reason] = counts.get(line.reason, 0) + 1
    return counts


# --- analyze -------------------------------------------------------------------------------


@cli.command("analyze")
@click.argument("file", type=click.Path())
@click.option("--outlet", default=None, help="The outlet that published FILE (wins over the text).")
@json_option
@translate_errors
def analyze_command(file: str, outlet: str | None, as_json: bool) -> None:
    """Analyse FILE without a database: sentences, entities, quotes, sources, figures, dates."""
    from crosscheck.analyze import analyze_articles
    from crosscheck.clean import clean_articles
    from crosscheck.readers import read_path
    from crosscheck.records import Article, to_dict

    records = list(read_path(file, outlet=outlet))
    articles = clean_articles([record for record in records if isinstance(record, Article)])
    rejections = [record for record in records if not isinstance(record, Article)]
    analyses = analyze_articles(articles)
    if as_json:
        echo_json({
            "articles": [
                {"article": {**to_dict(article), "removed": len(article.removed)},
                 "analysis": _with_span_text(to_dict(analysis), article.text)}
                for article, analysis in zip(articles, analyses)
            ],
            "rejections": [to_dict(rejection) for rejection in rejections],
        })  # fmt: skip
    else:
        for article, analysis in zip(articles, analyses):
            click.echo("\n".join(_analysis_lines(article, analysis)))
    for rejection in rejections:
        click.echo(f"rejected {rejection.source}: {rejection.reason} {rejection.detail}".rstrip(), err=True)
    if rejections:
        sys.exit(EXIT_REJECTED)


def _with_span_text(data: Any, text: str) -> Any:
    """The JSON form with every span also carrying the words it points at, for reading."""
    if isinstance(data, dict):
        if set(data) == {"start", "end"}:
            return {**data, "text": text[data["start"] : data["end"]]}
        return {key: _with_span_text(value, text) for key, value in data.items()}
    if isinstance(data, list):
        return [_with_span_text(item, text) for item in data]
    return data


def _analysis_lines(article: Any, analysis: Any) -> list[str]:
    text = article.text
    entities = analysis.entities
    lines = [f"article {article.id}: {article.title or text.split(chr(10), 1)[0][:80]}",
             f"sentences: {len(analysis.sentences)}", "entities:"]
    lines += [f"  {e.name} ({e.label}, {_count(len(e.mentions), 'mention')})" for e in entities]
    lines.append("quotes:")
    lines += [f"  {q.speaker or 'unknown'} [{q.kind}, {q.cue or '-'}"
              f"{', ' + q.channel if q.channel else ''}]: {q.span.of(text)}" for q in analysis.quotes]
    lines.append("sources:")
    lines += [f"  {a.source} [{a.kind}] covers: {a.covers.of(text)[:100]}"
              for a in analysis.attributions]
    lines.append("quantities:")
    lines += [f"  {q.span.of(text)}: value={q.value} range={q.low}..{q.high} "
              f"counted={q.counted} qualifier={q.qualifier}" for q in analysis.quantities]
    lines.append("dates:")
    lines += [f"  {d.phrase}: {d.resolved or 'unresolved'} ({d.kind})" for d in analysis.dates]
    lines.append("hedges:")
    lines += [f"  {h.span.of(text)} [{h.kind}] covers: {h.covers.of(text)[:100]}"
              for h in analysis.hedges]
    return lines + [""]


# --- serve: the web UI and JSON API ---------------------------------------------------------


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--get", "get_path", metavar="PATH", default=None,
              help="Answer one GET request for PATH (such as /api/stories) in-process, print "
                   "the response body and exit (1 if its status is 400 or more); no server.")
@translate_errors
def serve(db_path: str, host: str, port: int, get_path: str | None) -> None:
    """Serve the store as web pages with JSON twins (stories, dossiers, articles, search)."""
    from crosscheck.web import create_app
    from crosscheck.web.hardening import loopback

    app = create_app(db_path, prepare_dossiers=get_path is None)
    if get_path is not None:
        from fastapi.testclient import TestClient

        with TestClient(app) as client:
            response = client.get(get_path)
        click.echo(response.text)
        sys.exit(0 if response.status_code < 400 else 1)
    import uvicorn

    if not loopback(host):
        click.echo(f"crosscheck: warning: listening on {host}, beyond this machine: anyone who "
                   "can reach it reads the whole store (no login, no TLS)", err=True)
    click.echo(f"crosscheck: serving {db_path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port)


# --- warm: a worker that keeps the models loaded --------------------------------------------

cli.add_command(warm)
