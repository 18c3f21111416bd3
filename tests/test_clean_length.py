"""Texts that are not articles (clean/length.py): a prompt or author box left alone on its
page is rejected as too-short with its reason; a short brief that tells its headline stays.
Invented texts only."""

from __future__ import annotations

from crosscheck.clean.length import body_words, not_an_article
from crosscheck.records import Article, content_id


def page(title: str, body: str) -> Article:
    text = f"{title}\n{body}" if body else ""
    return Article(id=content_id(title, body), source="page.html", format="html", text=text,
                   title=title, cleaned=True)


def test_a_prompt_alone_under_its_headline_is_too_short() -> None:
    prompt = page("Ferry runs aground off Calder Point",
                  "Talk to our newsroom on the Harbourline app. Tell us what you see, "
                  "wherever you are.")
    rejection = not_an_article(prompt)
    assert rejection is not None and rejection.reason == "too-short"
    assert rejection.stage == "clean" and "none of them the headline's" in rejection.detail


def test_a_short_brief_that_tells_its_headline_is_an_article() -> None:
    brief = page("Ferry runs aground off Calder Point",
                 "A ferry with 80 passengers ran aground off Calder Point on Friday; the "
                 "coastguard said no one was hurt.")
    assert body_words(brief) < 40
    assert not_an_article(brief) is None


def test_a_few_words_are_too_short_whatever_they_say() -> None:
    stub = page("Ferry aground", "Ferry aground at Calder Point. More soon.")
    rejection = not_an_article(stub)
    assert rejection is not None and rejection.reason == "too-short"
    assert rejection.detail.startswith("7 words")


def test_an_empty_page_has_no_body() -> None:
    rejection = not_an_article(page("Ferry aground", ""))
    assert rejection is not None and rejection.reason == "no-body"


def test_a_long_page_is_an_article_even_when_its_words_miss_the_headline() -> None:
    # only short texts are judged by the headline: a long report may say it otherwise
    long_text = " ".join(["The harbour master said the vessel was refloated at high tide."] * 6)
    assert not_an_article(page("Calder Point grounding", long_text)) is None


def test_a_page_left_with_only_its_legal_notice_has_no_body() -> None:
    footer = page("Ferry runs aground off Calder Point",
                  "Copyright 1998 - . All rights reserved. The content published on this site "
                  "belongs to Harbourline Media. Without written authorization from Harbourline "
                  "Media, such content shall not be republished or used in any form. Note: "
                  "browsers with 1024*768 or higher resolution are suggested for this site.\n"
                  "Registration Number: 554433")
    rejection = not_an_article(footer)
    assert rejection is not None and rejection.reason == "no-body"
    assert "legal notice" in rejection.detail
    # a report that ends on its agency's copyright line is an article
    report = page("Ferry runs aground off Calder Point",
                  "A ferry ran aground off Calder Point on Friday. The coastguard said all 80 "
                  "passengers were taken ashore. Copyright 2013 Harbourline News. All rights "
                  "reserved.")
    assert not_an_article(report) is None
