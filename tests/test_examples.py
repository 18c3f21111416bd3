"""The example corpus in examples/ and its gold file: complete, consistent, every format.

examples/gold.json is what other tests and the demo rely on (which files form which story,
which article is a syndicated copy, where the numbers conflict), so it must describe the files
exactly: every file listed, every quoted snippet present in the article it names.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

FORMATS = {"text", "html", "jsonl"}
HELPER_FILES = {"README.md", "gold.json"}


@pytest.fixture(scope="module")
def gold(examples_dir: Path) -> dict:
    return json.loads((examples_dir / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(examples_dir: Path) -> dict[str, dict]:
    """JSONL records by reference ("feeds.jsonl#<id>"), from every .jsonl file."""
    found = {}
    for path in sorted(examples_dir.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found[f"{path.relative_to(examples_dir).as_posix()}#{record['id']}"] = record
    return found


def raw_content(examples_dir: Path, records: dict[str, dict], ref: str) -> str:
    """The article as written: the file's text (decompressed) or the record's text/html."""
    if "#" in ref:
        record = records[ref]
        return record.get("text") or record["html"]
    path = examples_dir / ref
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def example_files(examples_dir: Path) -> set[str]:
    return {
        path.relative_to(examples_dir).as_posix()
        for path in examples_dir.rglob("*")
        if path.is_file() and path.name not in HELPER_FILES
    }


def test_gold_lists_every_example_file_and_record(examples_dir, gold, records):
    refs = [article["ref"] for article in gold["articles"]]
    assert len(refs) == len(set(refs))
    listed_files = {ref.split("#")[0] for ref in refs}
    assert listed_files == example_files(examples_dir)
    listed_records = {ref for ref in refs if "#" in ref}
    assert listed_records == set(records)


def test_corpus_size_and_article_length(examples_dir, gold, records):
    assert 12 <= len(gold["articles"]) <= 16
    for article in gold["articles"]:
        text = raw_content(examples_dir, records, article["ref"])
        words = len(re.sub(r"<[^>]+>", " ", text).split())
        assert words >= 200, article["ref"]


def test_every_story_has_at_least_three_outlets_and_every_format(gold):
    assert len(gold["stories"]) >= 3
    by_story = defaultdict(list)
    for article in gold["articles"]:
        by_story[article["story"]].append(article)
    assert set(by_story) == {story["id"] for story in gold["stories"]}
    for story in gold["stories"]:
        articles = by_story[story["id"]]
        assert len({a["outlet"] for a in articles}) >= 3, story["id"]
        assert {a["format"] for a in articles} == FORMATS, story["id"]
        assert sorted(story["articles"]) == sorted(a["ref"] for a in articles)


def test_every_supported_format_is_present(examples_dir, gold):
    formats = {article["format"] for article in gold["articles"]}
    assert formats == FORMATS
    suffixes = {"".join(Path(name).suffixes) for name in example_files(examples_dir)}
    assert {".txt", ".html", ".jsonl", ".txt.gz"} <= suffixes
    fields = {key for line in (examples_dir / "feeds.jsonl").read_text().splitlines()
              for key in json.loads(line)}
    assert {"id", "url", "outlet", "title", "author", "published", "text", "html"} <= fields


def test_outlets_in_gold_match_what_the_files_state(examples_dir, gold, records):
    for article in gold["articles"]:
        content = raw_content(examples_dir, records, article["ref"])
        if "#" in article["ref"]:
            assert records[article["ref"]]["outlet"] == article["outlet"]
        elif article["format"] == "html":
            site = re.search(r'property="og:site_name" content="([^"]+)"', content)
            assert site and site.group(1) == article["outlet"], article["ref"]
        else:  # plain text names its outlet only in its boilerplate (bio, prompts, lists)
            assert article["outlet"] in content, article["ref"]


def test_html_pages_carry_metadata_and_boilerplate(examples_dir, gold):
    for article in gold["articles"]:
        if article["format"] != "html":
            continue
        page = (examples_dir / article["ref"]).read_text(encoding="utf-8")
        assert 'property="og:site_name"' in page
        assert 'name="author"' in page
        assert "article:published_time" in page or "<time datetime=" in page
        assert "<nav" in page and "<footer" in page
        assert article["published"] in page


def test_every_quoted_snippet_is_in_its_article(examples_dir, gold, records):
    snippets = [(f["article"], f["text"]) for f in gold["features"]]
    for group in gold["conflicts"] + gold["compatible_numbers"]:
        snippets += [(claim["article"], claim["text"]) for claim in group["claims"]]
    for variant in gold["name_variants"]:
        snippets += list(variant["variants"].items())
    for ref, snippet in snippets:
        assert snippet in raw_content(examples_dir, records, ref), (ref, snippet)


def test_features_cover_what_the_analysis_looks_for(gold):
    kinds = {feature["kind"] for feature in gold["features"]}
    assert {
        "quote-speaker-before", "quote-speaker-after", "quote-pronoun-speaker", "partial-quote",
        "indirect-speech", "attribution-according-to", "attribution-reported", "wire-credit",
        "quantity-qualifier", "relative-date", "hedge", "descriptor",
    } <= kinds
    spellings = [set(v["variants"].values()) for v in gold["name_variants"]]
    assert any(len(names) >= 2 for names in spellings)


def test_syndicated_copy_is_nearly_verbatim_from_another_outlet(examples_dir, gold, records):
    outlets = {article["ref"]: article["outlet"] for article in gold["articles"]}
    stories = {article["ref"]: article["story"] for article in gold["articles"]}
    assert gold["duplicates"]
    for duplicate in gold["duplicates"]:
        copy, original = duplicate["copy"], duplicate["original"]
        assert outlets[copy] != outlets[original]
        assert stories[copy] == stories[original]
        copy_words = re.sub(r"<[^>]+>", " ", raw_content(examples_dir, records, copy)).split()
        original_words = raw_content(examples_dir, records, original).split()
        matcher = difflib.SequenceMatcher(a=original_words, b=copy_words, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        assert matched / len(original_words) > 0.9  # nearly all the wire text is in the copy
        assert matched < len(original_words)  # but not a byte-identical copy


def test_look_alike_story_is_another_event_of_the_same_kind(gold):
    stories = {story["id"]: story for story in gold["stories"]}
    look_alikes = [story for story in stories.values() if story["look_alike_of"]]
    assert look_alikes
    for story in look_alikes:
        other = stories[story["look_alike_of"]]
        assert story["place"] != other["place"]
        assert story["event_date"][:7] != other["event_date"][:7]


def test_conflict_is_between_two_outlets_of_one_story(gold):
    outlets = {article["ref"]: article["outlet"] for article in gold["articles"]}
    assert gold["conflicts"]
    for conflict in gold["conflicts"]:
        claim_outlets = {outlets[claim["article"]] for claim in conflict["claims"]}
        assert len(claim_outlets) >= 2


def test_plain_text_gold_lines_point_at_headline_and_body(examples_dir, gold, records):
    for ref, expected in gold["boilerplate"]["text"].items():
        lines = raw_content(examples_dir, records, ref).splitlines()
        assert lines[0] == expected["section"]
        assert lines[expected["kept_lines"][0] - 1] == expected["headline"]
        assert max(expected["kept_lines"]) < len(lines)
        assert expected["author_from_bio"] in "\n".join(lines[max(expected["kept_lines"]):])


def test_readme_names_every_file_and_story(examples_dir, gold):
    readme = (examples_dir / "README.md").read_text(encoding="utf-8")
    for name in example_files(examples_dir):
        assert f"`{name}`" in readme, name
    for story in gold["stories"]:
        assert f"`{story['id']}`" in readme, story["id"]


def test_readers_turn_every_example_into_an_article(examples_dir, gold):
    from crosscheck.readers.paths import read_paths
    from crosscheck.records import Article

    results = list(read_paths([examples_dir]))
    assert all(isinstance(result, Article) for result in results), [
        result for result in results if not isinstance(result, Article)
    ]
    assert len(results) == len(gold["articles"])
    expected = {
        (article["outlet"], article["published"])
        for article in gold["articles"]
        if article["format"] != "text"
    }
    read = {(a.outlet, a.published) for a in results if a.format != "text"}
    assert expected <= read
