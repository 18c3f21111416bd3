"""Each line rule on small hand-written texts, and the metadata read from boilerplate."""

from __future__ import annotations

from crosscheck.clean import clean_article
from crosscheck.clean.metadata import (
    author_from_bio,
    author_from_byline,
    outlet_from_self_references,
    parse_date,
)
from crosscheck.clean.text_lines import Line, is_separator
from crosscheck.records import Article

P1 = "The city council approved the new budget on Thursday after a debate that lasted six hours."
P2 = "Council members said the money would pay for road repairs and two new primary schools."
P3 = "Opposition councillors voted against it, saying that the tax rise was larger than promised."
P4 = "The budget takes effect in April, and the first repairs are planned for the summer months."


def clean(*lines: str, **fields) -> Article:
    return clean_article(Article(id="t", source="t.txt", format="text", text="\n".join(lines), **fields))


def reasons(article: Article) -> dict[str, str]:
    return {line.text: line.reason for line in article.removed}


def test_newsletter_prompts_are_removed_and_following_paragraphs_stay():
    article = clean(
        "Council passes budget", P1, P2,
        "Sign up for the Evening Briefing",
        "Get the day's top stories delivered to your inbox every evening.",
        P3, P4,
    )  # fmt: skip
    assert article.text.splitlines() == ["Council passes budget", P1, P2, P3, P4]
    assert set(reasons(article).values()) == {"subscription-prompt"}


def test_a_blurb_between_two_prompts_is_a_prompt_teaser():
    article = clean(
        "Council passes budget", P1,
        "Subscribe to Example Gazette",
        "Trusted reporting for you, every single morning.",
        "Join our free newsletters",
        P2,
    )  # fmt: skip
    assert reasons(article)["Trusted reporting for you, every single morning."] == "prompt-teaser"
    assert article.text.splitlines() == ["Council passes budget", P1, P2]
    assert article.outlet == "Example Gazette"


def test_byline_under_the_headline_gives_the_author():
    article = clean("Council passes budget", "By Maria Lopez, City Reporter", P1, P2)
    assert reasons(article) == {"By Maria Lopez, City Reporter": "byline"}
    assert article.author == "Maria Lopez"
    assert dict(article.provenance)["author"] == "byline"


def test_dateline_in_the_header_gives_the_publication_date():
    article = clean("Council passes budget", "Published March 3, 2023", P1, P2)
    assert reasons(article) == {"Published March 3, 2023": "dateline"}
    assert article.published == "2023-03-03"


def test_separators_are_removed_wherever_they_are():
    article = clean("Council passes budget", P1, "* * *", P2, "———", P3)
    assert reasons(article) == {"* * *": "separator", "———": "separator"}
    assert article.text.splitlines() == ["Council passes budget", P1, P2, P3]


def test_separated_related_list_with_teasers_bylines_and_dates_is_removed():
    related = [
        "-", "Harbour ferry returns after repairs", "Travel The crossing is quicker than before",
        "By Ada Lovelace, Example Gazette Published", "-", "Weekly market moves - June 2, 2023",
        "Markets A calm week for traders", "By Example Gazette Published",
    ]  # fmt: skip
    article = clean("Council passes budget", P1, P2, *related)
    assert article.text.splitlines() == ["Council passes budget", P1, P2]
    assert {reasons(article)[line] for line in related if line != "-"} == {"related-list"}
    assert article.published is None  # a date in a related list belongs to another article
    assert article.author is None  # and so does a byline


def test_related_list_without_separators_is_found_by_its_bylines():
    related = [
        "Harbour ferry returns after repairs", "By Ada Lovelace Published",
        "Weekly market moves", "By Grace Hopper Published",
        "School year starts early", "By Alan Turing Published",
    ]  # fmt: skip
    article = clean("Council passes budget", P1, P2, P3, *related)
    assert article.text.splitlines() == ["Council passes budget", P1, P2, P3]
    assert set(reasons(article).values()) == {"related-list"}


def test_headed_list_of_related_headlines_is_removed():
    article = clean(
        "Council passes budget", P1, P2, "Most read",
        "Harbour ferry returns after repairs", "School year starts early", "Weekly market moves",
    )  # fmt: skip
    assert reasons(article)["Most read"] == "related-heading"
    assert article.text.splitlines() == ["Council passes budget", P1, P2]


def test_author_bio_after_the_article_becomes_metadata():
    bio = "Jamal Reed is a staff writer at Example Gazette, where he covers city hall."
    article = clean("Council passes budget", P1, P2, bio)
    assert reasons(article) == {bio: "author-bio"}
    assert article.author == "Jamal Reed"
    assert article.outlet == "Example Gazette"


def test_a_paragraph_about_a_writer_inside_the_article_is_not_a_bio():
    about = "Jamal Reed is a staff writer who first reported the budget gap in a January column."
    article = clean("Council passes budget", P1, about, P2)
    assert about in article.text.splitlines()
    assert article.author is None


def test_section_label_is_metadata_only_before_a_headline():
    labelled = clean("Politics", "Council passes budget", P1, P2)
    assert labelled.section == "Politics"
    assert labelled.title == "Council passes budget"
    unlabelled = clean("Council passes budget", P1, P2)
    assert unlabelled.section is None
    assert unlabelled.title == "Council passes budget"
    assert unlabelled.removed == ()


def test_text_without_a_headline_has_an_empty_title_and_keeps_its_paragraphs():
    article = clean(P1, P2, P3)
    assert article.title == ""
    assert article.text.splitlines() == [P1, P2, P3]


def test_user_stated_outlet_wins_over_self_references():
    article = clean("Council passes budget", P1, "Subscribe to Example Gazette", P2, outlet="Wire X")
    assert article.outlet == "Wire X"


def test_outlet_votes_join_spellings_and_ignore_non_names():
    lines = [
        Line(1, "Subscribe to Example Gazette"),
        Line(2, "Sign up for Today's Best Articles in your inbox"),
        Line(3, "The best features from ExampleGazette.com"),
    ]
    assert outlet_from_self_references(lines) == "Example Gazette"
    assert outlet_from_self_references([Line(1, "Sign up for Today's Best Articles")]) is None


def test_metadata_helpers():
    assert author_from_bio("Ana Silva has worked as a reporter at Example Gazette since 2019.") == "Ana Silva"
    assert author_from_bio("Ana Silva has lived in the city since 2019.") is None
    assert author_from_byline("By Ana Silva | Example Gazette") == "Ana Silva"
    assert author_from_byline("By Example Gazette staff writers and editors today") is None
    assert parse_date("Updated 4 July 2021, 10:02") == "2021-07-04"
    assert parse_date("2020-02-30") is None
    assert is_separator("-") and is_separator("• • •") and not is_separator(".")


def test_a_date_line_between_body_paragraphs_is_not_the_publication_date():
    article = clean(P1, "Published March 3, 2023", P2)
    assert article.title == ""
    assert article.published is None


def test_reader_revenue_appeals_are_prompts_and_possessive_bios_name_the_outlet():
    bio = "Lena Ortiz is the Example Gazette's transport reporter. She joined in 2018."
    article = clean(
        "Council passes budget", P1, "Don't miss a story", P2,
        "Support independent journalism",
        "Example Gazette is funded by its readers. Become a member today.", bio,
    )  # fmt: skip
    assert article.text.splitlines() == ["Council passes budget", P1, P2]
    assert reasons(article)["Don't miss a story"] == "subscription-prompt"
    assert reasons(article)["Support independent journalism"] == "subscription-prompt"
    assert article.author == "Lena Ortiz"
    assert article.outlet == "Example Gazette"


def test_captions_and_gallery_lines_are_removed_and_dated_prose_stays():
    captioned = clean(
        "Image copyright Lumen Pictures Image caption The pier before the storm", P1,
        "Media playback is unsupported on your device Media caption Crowds gather by the pier",
        P2, "Photos: Storm in Kellby Waves break over the sea wall. Hide Caption 3 of 12", P3,
        "Lumen 5/8 The pier at dawn Tom Reed 6/8 A crowd on the promenade Tom Reed 7/8", P4)
    assert captioned.text.split("\n") == [P1, P2, P3, P4]
    assert set(reasons(captioned).values()) == {"caption"}
    dated = clean(P1, "Sales on 12/24 and 12/26 were the best of the year, the shop said.", P2)
    assert "12/26" in dated.text


def test_a_gallery_of_captions_alone_keeps_its_captions():
    gallery = [f"Photos: Storm in Kellby Waves break over the sea wall of the town. "
               f"Hide Caption {n} of 3" for n in (1, 2, 3)]
    kept = clean(*gallery, title="Storm in Kellby").text.split("\n")
    assert kept[-3:] == gallery


def test_a_gallery_run_into_one_paragraph_loses_its_captions_not_the_paragraph_before():
    gallery = ("Photos: Storm in Kellby Waves break over the sea wall. Hide Caption 1 of 3 "
               "Photos: Storm in Kellby A crowd gathers on the promenade. Hide Caption 2 of 3 "
               "Photos: Storm in Kellby The pier at dawn. Hide Caption 3 of 3")
    kept = clean("Storm hits Kellby", P1, P2, gallery, P3).text
    assert "Hide Caption" not in kept and "Photos:" not in kept
    assert all(paragraph in kept for paragraph in (P1, P2, P3))
