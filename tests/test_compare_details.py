"""Single-source details inside shared sentences (compare/details.py): a name one outlet adds
to a sentence the others share becomes a single-source claim of its own, pointing back at the
shared claim; speakers, credited sources and names other outlets write are never details."""

from __future__ import annotations

from test_compare_records import make

from crosscheck.compare import build_dossier, dossier_to_markdown
from crosscheck.compare.records import SINGLE

SHARED = "The patrol boat foiled a smuggling run in the Straits of Korran on Thursday."
ADDED = ("The patrol boat foiled a smuggling run in the Straits of Korran between Velmark and Ostland "
         "on Thursday.")


def story(*made):
    return build_dossier([a for a, _ in made], [an for _, an in made], use_embeddings=False)


def details(dossier):
    return [c for c in dossier.claims if c.detail_of is not None]


def test_a_name_only_one_outlet_adds_is_a_single_source_detail_of_the_shared_claim():
    straits = ["Straits of Korran"]
    a = make("a", f"Title A\n{SHARED}\nThe smugglers fled.", outlet="A", people={"Straits of Korran": straits})
    b = make("b", f"Title B\n{SHARED}\nNobody was hurt.", outlet="B", people={"Straits of Korran": straits})
    c = make("c", f"Title C\n{ADDED}\nThe crew cheered.", outlet="C",
             people={"Straits of Korran": straits, "Velmark": ["Velmark"], "Ostland": ["Ostland"]})
    dossier = story(a, b, c)
    (detail,) = details(dossier)
    shared = next(claim for claim in dossier.claims if claim.id == detail.detail_of)
    assert len(shared.article_ids) == 3
    assert detail.status == SINGLE and detail.article_ids == ("c",)
    assert "between Velmark and Ostland" in detail.text
    evidence = detail.support[0].evidence
    assert c[0].text[evidence.span.start:evidence.span.end] == detail.text
    assert detail.id not in {s.claim for s in dossier.summary}
    assert f"claim {shared.id}" in dossier_to_markdown(dossier)


def test_names_other_outlets_write_and_who_said_it_are_no_details():
    straits = ["Straits of Korran"]
    # b writes "Velmark" elsewhere in its report: a's mention of it adds nothing
    a = make("a", f"Title A\n{ADDED}", outlet="A",
             people={"Straits of Korran": straits, "Velmark": ["Velmark"], "Ostland": ["Ostland"]})
    b = make("b", f"Title B\n{SHARED}\nSmugglers from Velmark and Ostland roam the area.",
             outlet="B", people={"Straits of Korran": straits})
    assert details(story(a, b)) == []
    # the outlet c credits is who told it, not what happened
    credited = f"{SHARED[:-1]}, according to the Vantor Gazette."
    c = make("c", f"Title C\n{credited}", outlet="C",
             people={"Straits of Korran": straits, "Vantor Gazette": ["Vantor Gazette"]},
             credits=[("Vantor Gazette", "Vantor Gazette", "according-to")])
    d = make("d", f"Title D\n{SHARED}", outlet="D", people={"Straits of Korran": straits})
    assert details(story(c, d)) == []


def test_copies_of_one_report_give_one_detail():
    straits = ["Straits of Korran"]
    people = {"Straits of Korran": straits, "Velmark": ["Velmark"], "Ostland": ["Ostland"]}
    a = make("a", f"Title A\n{ADDED}", outlet="A", people=people)
    copy = make("copy", f"Title A\n{ADDED}", outlet="Copier", people=people)
    b = make("b", f"Title B\n{SHARED}", outlet="B", people={"Straits of Korran": straits})
    dossier = build_dossier([a[0], copy[0], b[0]], [a[1], copy[1], b[1]],
                            duplicates={"copy": "a"}, use_embeddings=False)
    (detail,) = details(dossier)
    assert set(detail.article_ids) == {"a", "copy"}


def test_the_web_page_shows_a_detail_with_its_shared_claim():
    from crosscheck.compare import dossier_to_json
    from crosscheck.web.app import _templates

    straits = ["Straits of Korran"]
    a = make("a", f"Title A\n{SHARED}", outlet="A", people={"Straits of Korran": straits})
    c = make("c", f"Title C\n{ADDED}", outlet="C",
             people={"Straits of Korran": straits, "Velmark": ["Velmark"], "Ostland": ["Ostland"]})
    data = dossier_to_json(story(a, c))
    (detail,) = [claim for claim in data["claims"] if claim["detail_of"] is not None]
    page = _templates().env.get_template("_claim.html").render(
        claim=detail, labels={"a": "A", "c": "C"})
    assert f'href="#claim-{detail["detail_of"]}"' in page
    assert "Only this outlet adds" in page and "Velmark and Ostland" in page


def test_a_name_another_outlet_writes_by_its_initials_is_no_detail():
    straits = ["Straits of Korran"]
    a = make("a", f"Title A\n{SHARED[:-1]} near the United Provinces.", outlet="A",
             people={"Straits of Korran": straits, "United Provinces": ["United Provinces"]})
    b = make("b", f"Title B\n{SHARED}\nThe U.P. navy watched.", outlet="B",
             people={"Straits of Korran": straits})
    assert details(story(a, b)) == []


def test_what_a_page_leaves_in_a_sentence_is_no_detail():
    from crosscheck.compare.details import PAGE_REMNANT

    for remnant in ("Kim Lee / Reuters A man walks past", "EPA Preparations for the night are",
                    "dead: reports Updated: 2016-07-15 06:50 (Xinhua)", "CLOSE CEO of Vantor",
                    "in Ostland Updated: 2016-07-15 13:14 By Agencies"):
        assert PAGE_REMNANT.search(remnant), remnant
    for detail in ("in the Straits of Korran between Velmark and Ostland",
                   "NATO forces reached Velmark", "a subsidiary of Vantor Group"):
        assert not PAGE_REMNANT.search(detail), detail
