"""The dossier on the team's example corpus (examples/, gold in examples/gold.json): the
numeric conflict is reported with both numbers and both spans, compatible numbers are not
conflicts, a syndicated copy never counts as a second independent source."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crosscheck.compare.files import compare_articles
from crosscheck.compare.records import CONFLICT
from crosscheck.records import Article

pytestmark = [pytest.mark.model]


@pytest.fixture(scope="module")
def gold(examples_dir: Path) -> dict:
    path = examples_dir / "gold.json"
    if not path.is_file():
        pytest.skip("examples/gold.json not written yet")
    return json.loads(path.read_text(encoding="utf-8"))


def _record_lines(examples_dir: Path) -> dict[str, int]:
    """JSONL record id -> 1-based line (the reader's source is 'feeds.jsonl:<line>')."""
    lines = (examples_dir / "feeds.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(line)["id"]: n for n, line in enumerate(lines, start=1) if line.strip()}


def _articles_by_ref(examples_dir: Path, refs: list[str]) -> dict[str, Article]:
    from crosscheck.readers import read_paths

    lines = _record_lines(examples_dir)
    wanted = {}
    for ref in refs:
        path, _, record = ref.partition("#")
        source = str(examples_dir / path) + (f":{lines[record]}" if record else "")
        wanted[source] = ref
    found = {}
    for item in read_paths(sorted({str(examples_dir / ref.partition("#")[0]) for ref in refs})):
        if isinstance(item, Article) and item.source in wanted:
            found[wanted[item.source]] = item
    missing = set(refs) - set(found)
    assert not missing, f"not read: {missing}"
    return found


@pytest.fixture(scope="module")
def stories(gold: dict, examples_dir: Path) -> dict:
    """Story id -> (comparison, article ref -> article id) for every gold story."""
    result = {}
    for story in gold["stories"]:
        by_ref = _articles_by_ref(examples_dir, story["articles"])
        comparison = compare_articles(list(by_ref.values()), clean=True)
        ids = {a.source: a.id for a in comparison.articles}
        refs = {ref: ids[article.source] for ref, article in by_ref.items()}
        result[story["id"]] = (comparison, refs)
    return result


def _sentence_with(comparison, article_id: str, text: str):
    article = next(a for a in comparison.articles if a.id == article_id)
    start = " ".join(article.text.split()).find(" ".join(text.split()))
    assert start >= 0, f"gold text {text!r} not in the cleaned article"
    return article


def test_numeric_conflict_reported_with_both_numbers_and_spans(gold, stories):
    for case in gold["conflicts"]:
        comparison, refs = stories[case["story"]]
        want = {refs[c["article"]]: c["text"] for c in case["claims"]}
        texts = {a.id: a.text for a in comparison.articles}
        found = [
            claim for claim in comparison.dossier.claims
            if claim.status == CONFLICT and claim.conflict.reason == case["kind"]
            and set(want) <= {side.article_id for side in claim.conflict.sides}
        ]
        assert found, f"no {case['kind']} conflict between {sorted(want)}"
        conflict = found[0].conflict
        for side in conflict.sides:
            assert side.span.of(texts[side.article_id]) == side.text
        for article_id, text in want.items():  # both numbers, each with its span
            assert any(side.text in text or text in side.text
                       for side in conflict.sides if side.article_id == article_id)
        supporting = {s.article_id: s.evidence.text for s in found[0].support}
        for article_id, text in want.items():
            assert " ".join(text.split()) in " ".join(supporting[article_id].split())


def test_compatible_numbers_are_not_number_conflicts(gold, stories):
    for case in gold["compatible_numbers"]:
        comparison, refs = stories[case["story"]]
        spans = {(refs[c["article"]], c["text"]) for c in case["claims"]}
        for claim in comparison.dossier.claims:
            if claim.status != CONFLICT or claim.conflict.reason != "number":
                continue
            sides = [(s.article_id, s.text) for s in claim.conflict.sides]
            involved = [any(a == aid and t in text for aid, text in spans) for a, t in sides]
            assert not all(involved), f"compatible numbers reported as a conflict: {sides}"


def test_a_syndicated_copy_never_counts_twice(gold, stories):
    for duplicate in gold["duplicates"]:
        story = next(s["id"] for s in gold["stories"] if duplicate["copy"] in s["articles"])
        comparison, refs = stories[story]
        copy, original = refs[duplicate["copy"]], refs[duplicate["original"]]
        both = [c for c in comparison.dossier.claims
                if {copy, original} <= set(c.article_ids)]
        assert both, "the copy shares no claim with its original"
        for claim in both:
            others = {a for a in claim.article_ids if a not in (copy, original)}
            assert len(claim.independent_sources) <= 1 + len(others) + len(claim.sources)
            assert claim.status != "agreed" or others


def test_name_variants_are_one_entity(gold, stories):
    for case in gold["name_variants"]:
        story = next(s["id"] for s in gold["stories"]
                     if set(case["variants"]) <= set(s["articles"]))
        comparison, refs = stories[story]
        holders = [e for e in comparison.dossier.entities
                   if all(any(name in form for v in e.variants if v.article_id == refs[ref]
                              for form in (v.name, *v.forms))
                          for ref, name in case["variants"].items())]
        assert holders, f"{case['person']}: {sorted(set(case['variants'].values()))} not merged"


def _shown_texts(dossier):
    for claim in dossier.claims:
        yield claim.text
        yield from (support.evidence.text for support in claim.support)
    yield from (sentence.text for sentence in dossier.summary)


def test_no_claim_or_summary_text_has_unbalanced_quote_marks(stories):
    from test_compare_sentences import balanced

    for story, (comparison, _) in stories.items():
        unbalanced = [text for text in _shown_texts(comparison.dossier) if not balanced(text)]
        assert unbalanced == [], story


def test_every_conflict_is_a_gold_conflict(gold, stories):
    """Compatible statements are never conflicts: each conflict found is one that gold lists
    (a speaker "told reporters" vs "X reported ..., a figure the speaker confirmed" is not)."""
    for story, (comparison, refs) in stories.items():
        known = [{(refs[c["article"]], c["text"]) for c in case["claims"]}
                 for case in gold["conflicts"] if case["story"] == story]
        for claim in comparison.dossier.claims:
            if claim.status != CONFLICT:
                continue
            sides = {(s.article_id, s.text) for s in claim.conflict.sides}
            assert any(all(any(a == aid and t in text for a, t in sides) for aid, text in case)
                       for case in known), f"{story}: unexpected conflict {sorted(sides)}"


def test_conflict_versions_group_the_outlets_and_count_a_copy_once(gold, stories):
    (duplicate,) = gold["duplicates"]
    for case in gold["conflicts"]:
        comparison, refs = stories[case["story"]]
        (claim,) = [c for c in comparison.dossier.claims if c.status == CONFLICT
                    and {refs[x["article"]] for x in case["claims"]}
                    <= {s.article_id for s in c.conflict.sides}]
        versions = claim.conflict.versions
        assert len(versions) == len(case["claims"])  # one version per disputed figure
        for want in case["claims"]:
            (version,) = [v for v in versions if refs[want["article"]] in v.articles]
            assert version.text in want["text"]
        copy, original = refs.get(duplicate["copy"]), refs.get(duplicate["original"])
        outlets = {a.id: a.outlet for a in comparison.articles}
        for version in versions:
            assert len(set(version.articles)) == len(version.articles)
            if copy in version.articles:  # a copy gives its original's version, adds nobody
                assert original in version.articles
                assert outlets[copy] not in version.independent_sources
                # the wire, its copy and an outlet citing the wire: one source (the wire,
                # or the official body the wire and the outlet citing it both rest on)
                assert len(version.independent_sources) == 1
                (source,) = version.independent_sources
                cited = {a.source for an in comparison.analyses for a in an.attributions}
                assert source == duplicate["upstream"] or source in cited


def test_summary_sentences_name_who_speaks(stories):
    """No summary sentence leans on an earlier one for its speaker ("Asked whether ..., he
    said: ...")."""
    from crosscheck.compare.build import dependent_sentences

    for story, (comparison, _) in stories.items():
        dependent = dependent_sentences(comparison.analyses)
        claims = {claim.id: claim for claim in comparison.dossier.claims}
        for sentence in comparison.dossier.summary:
            if sentence.status == CONFLICT:
                continue
            shown = {(s.article_id, s.sentence) for s in claims[sentence.claim].support
                     if s.evidence.text.strip() == sentence.text}
            assert shown and not shown & dependent, f"{story}: {sentence.text}"


def _figures(text: str) -> set[str]:
    from crosscheck.compare.quotes import normalise_words

    words = re.findall(r"[\w,.]+", text.lower())
    return {w.rstrip(".,").replace(",", "") for w in normalise_words(words)
            if any(ch.isdigit() for ch in w)}


def test_summary_cites_only_articles_whose_sentence_gives_its_figures(gold, stories):
    """A summary sentence that gives one of gold's compatible figures cites, of the articles
    gold lists for that figure, only those whose cited sentence gives its compatible figure
    or some of the same figures (the council's "31 votes to 12" is not supported by "Eleven of them voted for the
    motion")."""
    for case in gold["compatible_numbers"]:
        comparison, refs = stories[case["story"]]
        wording = {refs[c["article"]]: " ".join(c["text"].split()) for c in case["claims"]}
        for sentence in comparison.dossier.summary:
            text = " ".join(sentence.text.split())
            if sentence.status == CONFLICT or not any(w in text for w in wording.values()):
                continue
            for evidence in sentence.evidence:
                if evidence.article_id in wording:
                    cited = " ".join(evidence.text.split())
                    assert wording[evidence.article_id] in cited \
                        or _figures(text) & _figures(cited), \
                        f"{text!r} cites {evidence.text!r}"


def test_upstream_sources_are_typed_news_official_or_anonymous(stories):
    types = {source.name: source.type for comparison, _ in stories.values()
             for source in comparison.dossier.sources}
    assert set(types.values()) == {"news", "official", "anonymous"}
    assert types.get("Meridian Press") == "news"
    # unnamed officials ("emergency officials said") are grouped as unnamed sources
    assert types.get("emergency officials") == "anonymous"
