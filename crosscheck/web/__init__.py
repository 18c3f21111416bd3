"""web: `crosscheck serve`, the store's stories, dossiers, articles and search as HTML pages
with JSON twins (FastAPI + Jinja2, served by uvicorn).

    create_app(db_url_or_path) -> FastAPI

Thin like the CLI: routes parse the request, ``views`` calls the library, templates render
its records. Errors take one shape (``errors``); citations land on spans (``article_text``).
``dossier_view``, ``quote_diff`` and ``side_by_side`` regroup a dossier outlet by outlet for
its pages; ``prepare`` builds missing dossiers in the background; ``hardening`` (security
headers, HEAD) and ``response_cache`` (JSON answers kept while the store is unchanged) wrap
every request; ``api_docs`` renders /docs from the OpenAPI schema.
"""

from crosscheck.web.app import create_app

__all__ = ["create_app"]
