"""Cleaning never loses the article: one-paragraph bodies, clean text, sentence-shaped lines
that open like a byline or hold a date, outlets named only by a copyright line, and the AEB
page renderer the plain-text dev set is built with."""

from __future__ import annotations

from crosscheck.clean import clean_article, kept_line_numbers
from crosscheck.clean.aeb_lines import label_lines, render_lines
from crosscheck.clean.metadata import author_from_bio, outlet_from_self_references
from crosscheck.clean.page_shape import looks_like_page
from crosscheck.clean.rules import is_byline, is_dateline
from crosscheck.clean.sentences import split_sentences
from crosscheck.clean.text_lines import Line, split_lines
from crosscheck.records import Article
from crosscheck.settings import DEFAULT

BODY = [
    "The council voted on Tuesday to close the old bridge to lorries from next spring.",
    "Engineers found cracks in two of its piers during an inspection in the summer, Mr. Hale said.",
    "“It can’t work this way,” she said.",
    "By Monday morning, the lorries had already found another road into the town centre.",
    "Shares of the builder fell 3.2% to $41.50 in New York; the index rose 0.4%.",
] * 6  # about 400 words: one line this long is cut into sentences


def article(text: str) -> Article:
    return Article(id="t", source="t.txt", format="text", text=text)


def test_sentences_are_split_at_full_stops_but_not_after_abbreviations():
    text = "Mr. Hale spoke on Jan. 5 in the U.S. capital. Prices rose 3.2%. “Why?” she asked."
    assert split_sentences(text) == [
        "Mr. Hale spoke on Jan. 5 in the U.S. capital.", "Prices rose 3.2%.", "“Why?” she asked.",
    ]  # fmt: skip


def test_a_body_given_as_one_paragraph_keeps_every_sentence():
    text = "Bridge to close to lorries\n" + " ".join(BODY)
    cleaned = clean_article(article(text))
    assert cleaned.text == text
    assert cleaned.removed == ()


def test_a_prompt_glued_to_a_one_paragraph_body_goes_and_the_body_stays():
    prompt = "Sign up for our free daily newsletter to get the news in your inbox."
    text = " ".join(BODY[:15] + [prompt] + BODY[15:])
    cleaned = clean_article(article(text))
    assert cleaned.text == " ".join(BODY)
    assert [(line.line_no, line.reason) for line in cleaned.removed] == [(1, "subscription-prompt")]
    assert kept_line_numbers(article(text), cleaned) == [1]  # the line is kept, in part


def test_clean_text_with_line_breaks_passes_through_unchanged():
    text = "Bridge to close to lorries\n" + "\n".join(BODY[:5])
    assert clean_article(article(text)).text == text


def test_page_text_is_told_from_an_article_by_its_furniture():
    menu = ["Home", "News", "Sport", "Weather", "Business", "Contact us", "Log in"]
    page = split_lines("\n".join(menu + BODY[:5]))
    listicle = split_lines("\n".join(f"{n}\n{line}" for n, line in enumerate(BODY[:5], start=1)))
    assert looks_like_page(page, DEFAULT.clean)
    assert not looks_like_page(listicle, DEFAULT.clean)
    assert not looks_like_page(split_lines("\n".join(BODY)), DEFAULT.clean)


def test_bylines_need_a_name_and_datelines_are_not_sentences():
    settings = DEFAULT.clean
    assert is_byline("By Harriet Marsden, The Week UK Published", settings)
    assert is_byline("BY REUTERS", settings)
    assert not is_byline("By Monday morning, the grim ritual had begun.", settings)
    assert not is_byline("By 58%-33%, those surveyed said no.", settings)
    assert is_dateline("Published: July 29, 2004", settings)
    assert not is_dateline("Correction: October 2, 2016, Sunday.", settings)


def test_a_bio_needs_a_role_not_news_about_someone():
    assert author_from_bio("Gabriel Arana is senior media editor at The Huffington Post.")
    assert author_from_bio("NBC News is reporting that the senator will resign.") is None
    assert author_from_bio("The Daily Star is facing blowback after its editor resigned.") is None


def test_a_copyright_line_alone_names_no_outlet():
    def lines(*texts: str) -> list[Line]:
        return [Line(number, text) for number, text in enumerate(texts, start=1)]

    assert outlet_from_self_references(lines("Copyright Gannett 2019")) is None
    assert outlet_from_self_references(lines("© 2022 The Associated Press")) is None
    confirmed = lines("Subscribe to Example Daily", "© 2024 Example Daily", "© 2024 Gannett")
    assert outlet_from_self_references(confirmed) == "Example Daily"


def test_pages_render_block_by_block_without_hidden_text():
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><nav><a>Home</a> "
        "<a>News</a></nav><h1>Bridge closes</h1><p>First <b>bold</b> paragraph.</p>"
        "<div style='display: none'>hidden</div><ul><li>One item</li><li>Two</li></ul>"
        "<script>var x;</script><table><tr><td>a</td><td>b</td></tr></table></body></html>"
    )
    assert render_lines(html) == [
        "Home News", "Bridge closes", "First bold paragraph.", "One item", "Two", "a b",
    ]  # fmt: skip


def test_rendered_lines_are_labelled_by_alignment_with_the_gold_body():
    lines = ["Home", "The council voted to close the bridge.", "Share", "Engineers found cracks."]
    gold = "The council voted to close the bridge. Engineers found cracks. Share"
    assert label_lines(lines, gold) == [False, True, True, True]
