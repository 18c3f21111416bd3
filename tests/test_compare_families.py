"""Copy families (compare/families.py): outlets running one story's wording count once."""

from __future__ import annotations

from dataclasses import replace

from test_compare_records import make

from crosscheck.compare.families import copy_families

NARRATION = [
    "The harbour board of Kellby voted on Tuesday to close the northern pier for repairs.",
    "Engineers found cracks in three of the pier's supports during an inspection last month.",
    "Fishing boats that use the northern pier will be moved to the southern harbour until May.",
]
QUOTES = [
    '"We had no choice but to close it before the winter storms arrive," the harbour master said.',
    '"The cracks are serious and they are getting worse with every single tide," she said.',
    '"Nobody will be allowed onto the pier until the repairs are finished," she told reporters.',
]


def article(article_id: str, body: list[str], published: str):  # type: ignore[no-untyped-def]
    record, analysis = make(article_id, "\n".join([f"Title {article_id}", *body]),
                            outlet=f"{article_id}.example")
    return replace(record, published=published), analysis


def families(*pairs) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return copy_families([a for a, _ in pairs], [an for _, an in pairs], {})


def test_three_shared_sentences_of_narration_make_one_family_rooted_at_the_first():
    wire = article("wire", NARRATION, "2024-03-05")
    pickup = article("pickup", ["An editor's own opening line on the pier story runs here today.",
                                *NARRATION], "2024-03-06")
    own = article("own", ["Kellby's harbour board shut the northern pier after finding damage "
                          "in its supports, moving the fishing fleet south."], "2024-03-05")
    assert families(pickup, wire, own) == {"pickup": "wire"}


def test_shared_quotes_and_too_few_shared_sentences_make_no_family():
    one = article("one", [NARRATION[0], NARRATION[1], *QUOTES], "2024-03-05")
    other = article("other", [NARRATION[0], NARRATION[1], *QUOTES], "2024-03-05")
    assert families(one, other) == {}


def test_a_claim_both_members_of_a_family_support_rests_on_one_source():
    from crosscheck.compare import build_dossier

    wire = article("wire", NARRATION, "2024-03-05")
    pickup = article("pickup", NARRATION, "2024-03-06")
    own = article("own", [NARRATION[0]], "2024-03-06")
    dossier = build_dossier([wire[0], pickup[0], own[0]], [wire[1], pickup[1], own[1]],
                            use_embeddings=False)
    (vote,) = [c for c in dossier.claims if "voted on Tuesday" in c.text]
    assert set(vote.article_ids) == {"wire", "pickup", "own"}
    assert vote.independent_sources == ("wire.example", "own.example")
