"""Cleaning plain text: the seeds (acceptance), the public API, the two signals together."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.clean import clean_article, clean_articles, kept_line_numbers, repeated_lines
from crosscheck.records import Article

SEED_WITH_BOILERPLATE = "002_6b34cf8f29c2706b.txt"
SEED_WITH_SECTION = "000_b339f873a31e3eba.txt"


def text_article(text: str, *, outlet: str | None = None, source: str = "test.txt") -> Article:
    return Article(id=source, source=source, format="text", text=text, outlet=outlet)


def read_seed(seeds: Path, name: str) -> tuple[Article, list[str]]:
    path = seeds / name
    if not path.is_file():
        pytest.skip(f"seed {name} not found")
    text = path.read_text(encoding="utf-8")
    return text_article(text, source=str(path)), text.splitlines()


@pytest.mark.data
def test_seed_002_keeps_headline_and_six_paragraphs_and_removes_everything_else(seeds):
    article, file_lines = read_seed(seeds, SEED_WITH_BOILERPLATE)
    cleaned = clean_article(article)
    body = [2, 3, 4, 10, 11, 12]  # three of them after the interleaved newsletter prompts
    assert kept_line_numbers(article, cleaned) == [1, *body]
    assert cleaned.text.splitlines() == [file_lines[n - 1].strip() for n in [1, *body]]
    assert cleaned.title == file_lines[0].strip()
    removed = {line.line_no for line in cleaned.removed}
    non_blank = {n for n, line in enumerate(file_lines, start=1) if line.strip()}
    assert removed == non_blank - {1, *body}


@pytest.mark.data
def test_seed_002_reasons_name_each_kind_of_boilerplate(seeds):
    article, file_lines = read_seed(seeds, SEED_WITH_BOILERPLATE)
    reasons = {line.line_no: line.reason for line in clean_article(article).removed}
    assert reasons[5] == "subscription-prompt"
    assert {reasons[n] for n in (13, 14)} == {"subscription-prompt"}
    assert reasons[15] == "author-bio"
    separators = [n for n, text in enumerate(file_lines, start=1) if text.strip() == "-"]
    assert separators and all(reasons[n] == "separator" for n in separators)
    published_lines = [n for n, text in enumerate(file_lines, start=1) if text.startswith("By ")]
    assert published_lines and all(reasons[n] == "related-list" for n in published_lines)
    after_bio = [n for n in range(16, len(file_lines) + 1) if n not in separators]
    assert all(reasons[n] == "related-list" for n in after_bio)


@pytest.mark.data
def test_seed_002_metadata_outlet_author_and_no_date_from_related_list(seeds):
    article, _ = read_seed(seeds, SEED_WITH_BOILERPLATE)
    cleaned = clean_article(article)
    assert cleaned.outlet == "The Week"
    assert cleaned.author == "Catherine Garcia"
    assert cleaned.published is None  # the related list prints other articles' dates
    assert dict(cleaned.provenance) == {"outlet": "self-reference", "author": "bio"}
    assert cleaned.cleaned is True


@pytest.mark.data
def test_seed_002_outlet_stated_by_user_wins(seeds):
    article, _ = read_seed(seeds, SEED_WITH_BOILERPLATE)
    stated = Article(**{**article.__dict__, "outlet": "Example Wire", "provenance": (("outlet", "user"),)})
    cleaned = clean_article(stated)
    assert cleaned.outlet == "Example Wire"
    assert dict(cleaned.provenance)["outlet"] == "user"


@pytest.mark.data
def test_seed_000_section_label_is_metadata_and_no_body_line_removed(seeds):
    article, file_lines = read_seed(seeds, SEED_WITH_SECTION)
    cleaned = clean_article(article)
    assert cleaned.section == file_lines[0].strip()
    assert [(line.line_no, line.reason) for line in cleaned.removed] == [(1, "section-label")]
    assert cleaned.title == file_lines[2].strip()
    assert cleaned.text.splitlines()[0] == cleaned.title
    body = [line.strip() for line in file_lines[3:] if line.strip()]
    assert cleaned.text.splitlines()[1:] == body


def test_cleaned_articles_are_returned_unchanged():
    article = Article(id="h", source="page.html", format="html", text="Menu\nBody.", cleaned=True)
    assert clean_article(article) is article


def test_removed_and_kept_lines_account_for_every_non_blank_line():
    text = "Headline here\n\nFirst paragraph of the story, with enough words to be prose.\n-\n\n"
    article = text_article(text)
    cleaned = clean_article(article)
    kept = kept_line_numbers(article, cleaned)
    assert sorted(kept + [line.line_no for line in cleaned.removed]) == [1, 3, 4]


STORY_PARAGRAPHS = [
    "The council voted on Tuesday to close the old bridge to lorries from next spring.",
    "Engineers found cracks in two of its piers during an inspection in the summer.",
    "The mayor said a replacement would be designed within the next two years.",
]
OTHER_STORY = [
    "A new library opened on Saturday in the north of the city after four years of work.",
    "Its shelves hold forty thousand books and a room for children's reading groups.",
]
# Written to look like body text on purpose: only its repetition marks it as boilerplate.
HOUSE_LINE = "Our newsroom checks every fact twice before a story is published here."


def test_lines_repeated_across_an_outlets_articles_are_removed_as_repeated():
    articles = [
        text_article("\n".join(["Bridge to close to lorries", *STORY_PARAGRAPHS, HOUSE_LINE]),
                     outlet="Example Daily", source="a.txt"),
        text_article("\n".join(["Library opens in the north", *OTHER_STORY, HOUSE_LINE]),
                     outlet="Example Daily", source="b.txt"),
    ]  # fmt: skip
    first, second = clean_articles(articles)
    for cleaned in (first, second):
        assert HOUSE_LINE not in cleaned.text
        assert [line.reason for line in cleaned.removed if line.text == HOUSE_LINE] == ["repeated"]
    assert all(paragraph in first.text for paragraph in STORY_PARAGRAPHS)
    assert all(paragraph in second.text for paragraph in OTHER_STORY)


def test_repetition_counts_only_within_one_outlet():
    articles = [
        text_article("\n".join(["Bridge", *STORY_PARAGRAPHS, HOUSE_LINE]), outlet="A", source="a"),
        text_article("\n".join(["Library", *OTHER_STORY, HOUSE_LINE]), outlet="B", source="b"),
    ]
    assert repeated_lines(articles) == frozenset()


def test_two_copies_of_one_article_do_not_make_its_paragraphs_repeated():
    text = "\n".join(["Bridge to close to lorries", *STORY_PARAGRAPHS])
    copies = [text_article(text, outlet="Example Daily", source=name) for name in ("a", "b")]
    cleaned = clean_articles(copies)
    for article in cleaned:
        assert all(paragraph in article.text for paragraph in STORY_PARAGRAPHS)
        assert not [line for line in article.removed if line.reason == "repeated"]


def test_articles_without_a_known_outlet_take_no_part_in_repetition():
    articles = [
        text_article("\n".join(["Bridge", *STORY_PARAGRAPHS, HOUSE_LINE]), source="a"),
        text_article("\n".join(["Library", *OTHER_STORY, HOUSE_LINE]), source="b"),
    ]
    assert repeated_lines(articles) == frozenset()
