"""The routes: each HTML page and its JSON twin under /api/ read the same ``views`` function.

Handlers are plain ``def``: FastAPI runs them in its thread pool, so a dossier being built
does not block the event loop. Only the JSON routes appear in the OpenAPI schema, which the
server's own /docs page describes (``api_docs``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from crosscheck.listing import STORY_ORDER_HELP, STORY_ORDERS
from crosscheck.store import Database
from crosscheck.web import dossier_view, views
from crosscheck.web.api_docs import endpoints
from crosscheck.web.article_text import SPAN_PATTERN, article_blocks, parse_span
from crosscheck.web.errors import BadRequest

STATIC = Path(__file__).resolve().parent / "static"

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Limit = Annotated[int, Query(ge=1, le=100, description="At most this many results.")]
SearchQuery = Annotated[str, Query(min_length=1, max_length=500,
                                   description="Words that must all occur.")]
# how the story list's order links read to a person
ORDER_TITLES = {"latest": "newest activity", "size": "most articles", "created": "oldest first"}
# The same orders as `crosscheck stories --sort` (one list in crosscheck/listing.py).
SortParam = Annotated[Literal[STORY_ORDERS], Query(description=f"Order: {STORY_ORDER_HELP}.")]
ArticleParam = Annotated[str | None, Query(
    max_length=200, description="An article of the story (default: its first two originals).")]
SpanParam = Annotated[str | None, Query(
    pattern=SPAN_PATTERN, description="A character span START-END of the text to highlight.")]


def _db(request: Request) -> Database:
    return request.app.state.db


def _comparison(request: Request, story_id: str, a: str | None, b: str | None
                ) -> dict[str, Any]:
    try:
        return views.comparison(_db(request), story_id, a, b)
    except views.BadArticlePair as error:
        raise BadRequest(str(error)) from error


def _page(request: Request, template: str, context: dict[str, Any]) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


# --- JSON -----------------------------------------------------------------------------------


@api.get("/stories", summary="The stories, newest activity first by default "
                             "(as `crosscheck stories --json`), each with its articles")
def stories_json(request: Request, sort: SortParam = STORY_ORDERS[0]) -> list[dict[str, Any]]:
    return views.story_list(_db(request), sort)


@api.get("/stories/{story_id}", summary="A story's dossier (as `crosscheck show --json`)",
         response_class=JSONResponse)
def dossier_json(request: Request, story_id: str) -> Response:
    # already JSON-ready (read back from the store): skip FastAPI's field-by-field encoding,
    # which costs more than the read for a long dossier
    return JSONResponse(views.dossier(_db(request), story_id))


@api.get("/stories/{story_id}/compare", summary="Two articles of a story side by side: "
         "their sentences in rows, the ones the dossier matches on one row")
def comparison_json(request: Request, story_id: str, a: ArticleParam = None,
                    b: ArticleParam = None) -> dict[str, Any]:
    return _comparison(request, story_id, a, b)


@api.get("/developing", summary="The developing stories, each with its events (as "
                                 "`crosscheck stories --json`)")
def developing_list_json(request: Request, sort: SortParam = STORY_ORDERS[0]
                         ) -> list[dict[str, Any]]:
    return views.developing_list(_db(request), sort)


@api.get("/developing/{story_id}", summary="A developing story: its events on a timeline, "
                                          "what each brought (as `crosscheck show STORY "
                                          "--json` without the dossiers)")
def developing_json(request: Request, story_id: str) -> dict[str, Any]:
    return views.developing(_db(request), story_id)


@api.get("/articles/{article_id}", summary="An article (as `crosscheck article --json`) "
                                          "with its sentence spans")
def article_json(request: Request, article_id: str) -> dict[str, Any]:
    return views.article(_db(request), article_id)


@api.get("/search", summary="Full-text search (as `crosscheck search --json`), with stories")
def search_json(request: Request, q: SearchQuery, limit: Limit = 20) -> dict[str, Any]:
    return views.search(_db(request), q, limit=limit)


# --- HTML -----------------------------------------------------------------------------------


@pages.get("/")
def stories_page(request: Request, sort: SortParam = STORY_ORDERS[0]) -> Response:
    return _page(request, "stories.html", {"stories": views.story_list(_db(request), sort),
                                           "sort": sort, "orders": STORY_ORDERS,
                                           "order_titles": ORDER_TITLES})


@pages.get("/stories/{story_id}")
def dossier_page(request: Request, story_id: str) -> Response:
    data = views.dossier(_db(request), story_id)
    labels = views.article_labels(data)
    return _page(request, "dossier.html", {"dossier": data, "labels": labels,
                                           "developing": _db(request).thread_of_event(story_id),
                                           **dossier_view.layout(data, labels)})


@pages.get("/stories/{story_id}/compare")
def comparison_page(request: Request, story_id: str, a: ArticleParam = None,
                    b: ArticleParam = None) -> Response:
    data = _comparison(request, story_id, a, b)
    return _page(request, "compare.html", {**data, "articles": data["story"]["articles"],
                                           "labels": views.article_labels(data)})


@pages.get("/developing")
def developing_list_page(request: Request, sort: SortParam = STORY_ORDERS[0]) -> Response:
    return _page(request, "developing_list.html", {
        "stories": views.developing_list(_db(request), sort), "sort": sort,
        "orders": STORY_ORDERS})


@pages.get("/developing/{story_id}")
def developing_page(request: Request, story_id: str) -> Response:
    return _page(request, "developing.html", {"story": views.developing(_db(request), story_id)})


@pages.get("/articles/{article_id}")
def article_page(request: Request, article_id: str, span: SpanParam = None) -> Response:
    data = views.article(_db(request), article_id)
    text = data["article"]["text"]
    try:
        cited = None if span is None else parse_span(span, text_length=len(text))
    except ValueError as error:
        raise BadRequest(str(error)) from error
    sentences = [(s["start"], s["end"]) for s in data["sentences"]]
    return _page(request, "article.html", {
        **data, "cited": cited, "blocks": article_blocks(text, sentences, cited=cited),
    })


@pages.get("/search")
def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                limit: Limit = 20) -> Response:
    results = views.search(_db(request), q, limit=limit) if q.strip() else None
    return _page(request, "search.html", {"query": q, "search": results})


@pages.get("/docs")
def api_docs_page(request: Request) -> Response:
    schema = request.app.openapi()
    return _page(request, "api_docs.html", {"endpoints": endpoints(schema),
                                            "openapi_version": schema.get("openapi", "")})


@pages.get("/favicon.ico", response_class=FileResponse)
def favicon() -> Response:
    # browsers ask for /favicon.ico whatever the page says; the icon is a small SVG
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")
