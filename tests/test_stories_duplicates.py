"""Near-duplicates beyond whole-text similarity: rewritten leads, shortened copies, updates
that reprint their first story, boilerplate-only pages, merges of two wires."""

from __future__ import annotations

from crosscheck.records import Article, RemovedLine, content_id
from crosscheck.stories import find_duplicates

WIRE = [
    "Flooding closed the main highway between Rivertown and Lakeside on Tuesday after two "
    "days of heavy rain, the regional transport office said.",
    "Crews expect to reopen one lane by Thursday, the office added in a short statement.",
    "Mayor Elena Brandt urged drivers to use the northern route and said emergency shelters "
    "at the Rivertown sports hall would stay open overnight for families whose homes were "
    "damaged by the water.",
    "The weather service warned that more rain could fall over the weekend and asked "
    "residents near the Corran river to move cars and valuables to higher ground.",
    "Schools in the lower valley will stay closed until Friday, the education board said, "
    "and bus services across the district have been suspended until further notice.",
]
OTHER_WIRE = [
    "The Lakeside rowing club said its boathouse had been flooded to the rafters and that "
    "the spring regatta, planned for April, would move to the reservoir upstream.",
    "Club secretary Hana Ruiz said volunteers had carried forty boats to the car park on "
    "Monday night before the river burst its banks near the old mill.",
    "Insurers said claims from the valley had already passed two million euros and that "
    "assessors would start visiting damaged properties on Wednesday.",
]
BOILERPLATE = [
    "Sign up for our morning newsletter and get the best of our journalism delivered to "
    "your inbox every day of the week, free of charge.",
    "We use cookies to improve your experience on our site and to show you relevant "
    "advertising; by continuing to browse you agree to our use of cookies.",
    "Read our privacy policy and terms of service to find out how we handle your data and "
    "how you can change your settings at any time.",
]


def article(lines: list[str], *, title: str, outlet: str, published: str | None = None,
            removed: tuple[RemovedLine, ...] = ()) -> Article:
    text = "\n".join([title, *lines])
    return Article(id=content_id(outlet, title, text), source=f"{outlet}.txt", format="text",
                   text=text, title=title, outlet=outlet, published=published, cleaned=True,
                   removed=removed)


def test_a_copy_with_a_rewritten_lead_and_a_cut_is_found() -> None:
    original = article(WIRE, title="Floods close Rivertown highway", outlet="wire",
                       published="2024-03-05")
    lead = ("Drivers faced long detours on Tuesday as flood water shut the main road "
            "between Rivertown and Lakeside.")
    copy = article([lead, *WIRE[1:4]], title="Highway shut as floods hit Rivertown",
                   outlet="paper", published="2024-03-06")
    assert find_duplicates([copy, original]) == {copy.id: original.id}


def test_pages_sharing_only_site_boilerplate_are_not_copies() -> None:
    first = article(BOILERPLATE, title="Council approves library budget", outlet="site")
    second = article(BOILERPLATE, title="Storm warning for the weekend", outlet="site")
    assert find_duplicates([first, second]) == {}


def test_an_update_reprinting_its_first_story_is_linked_to_it() -> None:
    """The cleaner removes the reprinted lines from both as repeated across the outlet; the
    first story's lines are compared all the same."""
    reprinted = tuple(RemovedLine(n, line, "repeated") for n, line in enumerate(WIRE[1:], 2))
    first = article(WIRE[:1], title="Floods close Rivertown highway", outlet="ledger",
                    published="2024-03-05", removed=reprinted)
    update = article(["A second night of rain kept the Rivertown highway closed on Wednesday, "
                      "and the transport office said the damage to the road was worse than "
                      "first feared."], title="Rivertown highway stays closed",
                     outlet="ledger", published="2024-03-06", removed=reprinted)
    assert find_duplicates([update, first]) == {update.id: first.id}


def test_a_merge_of_two_wires_is_a_copy_of_the_one_whose_lead_it_opens_with() -> None:
    flood = article(WIRE[:3], title="Floods close Rivertown highway", outlet="wire-a",
                    published="2024-03-05")
    club = article(OTHER_WIRE, title="Rowing club flooded in Lakeside", outlet="wire-b",
                   published="2024-03-04")
    merged = article([*WIRE[:3], *OTHER_WIRE], title="Rivertown floods close highway",
                     outlet="paper", published="2024-03-06")
    found = find_duplicates([club, flood, merged])
    assert found == {merged.id: flood.id}


def test_the_incremental_index_links_no_boilerplate_only_page() -> None:
    from crosscheck.stories.duplicates import DuplicateIndex

    index = DuplicateIndex()
    first = article(BOILERPLATE, title="Council approves library budget", outlet="site")
    second = article(BOILERPLATE, title="Storm warning for the weekend", outlet="site")
    assert index.match(first) is None
    assert index.match(second) is None
    original = article(WIRE, title="Floods close Rivertown highway", outlet="wire")
    copy = article(WIRE, title="Rivertown highway closed by floods", outlet="paper")
    assert index.match(original) is None
    assert index.match(copy) == original.id
