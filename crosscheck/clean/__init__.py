"""clean stage: boilerplate removal for plain text, with every removed line kept and why.

    clean_article(article, *, repeated=frozenset(), settings=DEFAULT.clean) -> Article
    clean_articles(articles, *, settings=DEFAULT.clean) -> list[Article]
    repeated_lines(articles, *, settings=DEFAULT.clean) -> frozenset[(outlet, line key)]
    kept_line_numbers(as_read, cleaned) -> list[int]   (line numbers in the text as read)

Two signals: line rules (crosscheck.clean.rules) and lines repeated across one outlet's
articles (crosscheck.clean.repeated); a learned line scorer (crosscheck.clean.scorer) judges
the web-page lines the rules do not name.
"""

from crosscheck.clean.pipeline import (
    clean_article,
    clean_articles,
    kept_line_numbers,
    repeated_lines,
)

__all__ = ["clean_article", "clean_articles", "kept_line_numbers", "repeated_lines"]
