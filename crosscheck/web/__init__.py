"""web: `crosscheck serve`, the store's stories, dossiers, articles and search as HTML pages
with JSON twins (FastAPI + Jinja2, served by uvicorn).

    create_app(db_url_or_path) -> FastAPI

Thin like the CLI: routes parse the request, ``views`` calls the library, templates render
its records. Errors take one shape (``errors``); citations land on spans (``article_text``).
"""

from crosscheck.web.app import create_app

__all__ = ["create_app"]
