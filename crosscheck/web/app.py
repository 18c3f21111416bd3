"""The application factory: one store, Jinja2 templates, static files, routes, errors."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import AsyncIterator

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from crosscheck import __version__
from crosscheck.store import Database
from crosscheck.store.fts import MARK
from crosscheck.web import views
from crosscheck.web.dossier_view import unquoted
from crosscheck.web.errors import install_error_handlers
from crosscheck.web.hardening import Hardening
from crosscheck.web.prepare import DossierPreparer
from crosscheck.web.quote_diff import quote_columns
from crosscheck.web.response_cache import JsonCache, store_version
from crosscheck.web.routes import api, pages

HERE = Path(__file__).resolve().parent


def create_app(db_url_or_path: str | Path, *, prepare_dossiers: bool = True,
               cache_json: bool = True) -> FastAPI:
    """A FastAPI app over the store at ``db_url_or_path`` (a SQLite file or a SQLAlchemy URL).

    The app holds one ``Database`` for its lifetime: its engine keeps a pool of connections,
    so uvicorn's worker threads each read through their own. The store must exist already.
    With ``prepare_dossiers`` the app builds the missing or stale dossiers in a background
    thread from its start (``prepare.py``), so page views read kept ones. With ``cache_json``
    JSON answers are kept in memory while the store (SQLite or PostgreSQL) is unchanged
    (``response_cache.py``).
    """
    db = Database(db_url_or_path, create=False)
    templates = _templates()
    _warm_up(templates)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        preparer = DossierPreparer(db, build_lock=views.DOSSIER_LOCK)
        if prepare_dossiers:
            preparer.start()
        _app.state.preparer = preparer
        yield
        preparer.stop()
        if version is not None:
            version.close()
        db.close()

    app = FastAPI(
        title="crosscheck", version=__version__, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN: see api_docs.py
        description="Stories, cross-source dossiers, articles and search over a crosscheck "
                    "store. Every HTML page has a JSON twin under /api/.",
    )
    app.state.db = db
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api)
    app.include_router(pages)
    install_error_handlers(app)
    version = store_version(db.url) if cache_json else None
    app.add_middleware(JsonCache, version=version)
    app.add_middleware(Hardening)  # added last: outermost, so cached answers get the headers
    return app


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every page shows text from the articles: never trust it as HTML
        undefined=jinja2.StrictUndefined,  # a misspelt field fails a test, not silently
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["snippet"] = marked_snippet
    env.filters["label_of"] = lambda article_id, labels: labels.get(article_id, article_id)
    env.filters["labelled"] = labelled
    env.tests["several"] = lambda items: len(items) > 1
    env.filters["unquoted"] = unquoted
    env.filters["breakable"] = breakable
    env.globals["quote_columns"] = quote_columns
    return Jinja2Templates(env=env)


def _warm_up(templates: Jinja2Templates) -> None:
    """Compile every template and hash the code for the dossier fingerprints now, at start,
    rather than in the first reader's request (a few hundred milliseconds on a busy machine)."""
    from crosscheck.compare.cache import code_fingerprint

    for name in templates.env.list_templates():
        templates.env.get_template(name)
    code_fingerprint()


def marked_snippet(snippet: str) -> Markup:
    """A search snippet with its ``**matched**`` words in <mark>, everything else escaped."""
    parts = str(snippet).split(MARK)
    return Markup("").join(
        Markup("<mark>{}</mark>").format(part) if odd else escape(part)
        for odd, part in ((n % 2 == 1, part) for n, part in enumerate(parts))
    )


def breakable(name: str) -> Markup:
    """An outlet's name that may wrap after its dots ("www.example-news.com" in a narrow
    column), everything else escaped."""
    return Markup(".<wbr>").join(escape(part) for part in str(name).split("."))


def labelled(text: str, labels: dict[str, str]) -> str:
    """``text`` with every article id it names replaced by the article's label (A1, A2, ...):
    a conflict's detail names the articles by id, the page names them as its citations do."""
    for article_id, label in labels.items():
        text = text.replace(article_id, label)
    return text
