"""Random text in, an Article out: no exception, and every non-blank line is accounted for."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscheck.clean import clean_article, clean_articles, kept_line_numbers
from crosscheck.clean.text_lines import split_lines
from crosscheck.records import Article

# Lines drawn from boilerplate-like and prose-like pieces as well as arbitrary characters, so
# that the rules fire as well as fall through.
PIECES = st.sampled_from([
    "-", "* * *", "By Ann Lee Published", "Subscribe to Example Post", "Most read",
    "Sign up for our free newsletter", "Published June 1, 2022", "International",
    "The mayor said the plan would be ready next year, after the consultation ends.",
    "Short headline here", "", "   ", "\t",
])  # fmt: skip
LINES = st.one_of(PIECES, st.text(max_size=80))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=25), st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_text_cleans_and_accounts_for_every_line(lines, newline):
    article = Article(id="h", source="h.txt", format="text", text=newline.join(lines))
    cleaned = clean_article(article)
    assert cleaned.cleaned
    non_blank = [line.line_no for line in split_lines(article.text)]
    kept = kept_line_numbers(article, cleaned)
    removed = [line.line_no for line in cleaned.removed]
    assert sorted(kept + removed) == non_blank
    assert len(cleaned.text.splitlines()) == len(kept)
    assert all(line.reason for line in cleaned.removed)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.lists(LINES, max_size=10), min_size=1, max_size=4))
def test_random_corpus_cleans_one_article_per_input(texts):
    articles = [
        Article(id=str(k), source=str(k), format="text", text="\n".join(lines), outlet="Example Post")
        for k, lines in enumerate(texts)
    ]
    cleaned = clean_articles(articles)
    assert [article.id for article in cleaned] == [article.id for article in articles]
