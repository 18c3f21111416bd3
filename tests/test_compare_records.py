"""Tiny hand-built stories: each compare stage on records written here, no model needed
(claim alignment uses the TF-IDF fallback so these run without the ONNX embedder)."""

from __future__ import annotations

import dataclasses
import re

from crosscheck.compare.assertions import ClaimUnit, amount_of, find_conflict, sentence_polarity
from crosscheck.compare.names import resolve_entities
from crosscheck.compare.quotes import match_quotes, normalise_words
from crosscheck.compare.records import AGREED, CONFLICT, SINGLE, Evidence
from crosscheck.compare.sources import independent_sources, sentence_credits
from crosscheck.records import (
    Analysis, Article, Attribution, Entity, Mention, Quantity, Quote, Sentence, Span,
)
from crosscheck.settings import DEFAULT

SETTINGS = DEFAULT.compare


def span_of(text: str, words: str, nth: int = 0) -> Span:
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    return Span(starts[nth], starts[nth] + len(words))


def sentences_of(text: str) -> tuple[Sentence, ...]:
    """Sentences split after . ! ? or a line break (good enough for hand-written text)."""
    result, paragraph = [], 0
    for line_start, line in _lines(text):
        for match in re.finditer(r"[^.!?]+[.!?]?[\"”]?", line):
            if match.group().strip():
                start = line_start + match.start() + len(match.group()) - len(match.group().lstrip())
                result.append(Sentence(Span(start, line_start + match.end()), len(result), paragraph))
        paragraph += 1
    return tuple(result)


def _lines(text: str):
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


def make(article_id: str, text: str, *, outlet: str, people: dict[str, list[str]] | None = None,
         quotes: list[tuple[str, str]] = (), credits: list[tuple[str, str, str]] = (),
         quantities: list[tuple[str, float, str, str | None]] = ()) -> tuple[Article, Analysis]:
    """An article and its analysis. people: entity name -> the forms it appears as;
    quotes: (quoted words, speaker name[, kind]); credits: (source, words naming it, kind);
    quantities: (words, value, counted, qualifier[, the word it hangs on])."""
    title = text.split("\n")[0]
    article = Article(id=article_id, source=article_id, format="text", text=text, title=title,
                      outlet=outlet, cleaned=True)
    sentences = sentences_of(text)
    mentions, entities = [], []
    for index, (name, forms) in enumerate((people or {}).items()):
        label = "ORG" if name.isupper() or "Times" in name else "PERSON"
        ids = []
        for form in forms:
            for match in re.finditer(re.escape(form), text):
                ids.append(len(mentions))
                mentions.append(Mention(Span(match.start(), match.end()), form, label, index))
        entities.append(Entity(index, name, label, tuple(ids)))
    names = {ent.name: ent.index for ent in entities}

    def sentence_index(span: Span) -> int:
        return next(s.index for s in sentences if s.span.contains(span) or s.span.overlaps(span))

    quote_records = tuple(
        Quote(span_of(text, words), kind[0] if kind else "direct", speaker, None,
              names.get(speaker), "say", None, None, sentence_index(span_of(text, words)))
        for words, speaker, *kind in quotes)
    attribution_records = tuple(
        Attribution(source, span_of(text, words), kind,
                    sentences[sentence_index(span_of(text, words))].span)
        for source, words, kind in credits)
    quantity_records = tuple(
        Quantity(span_of(text, words), value, counted=counted, qualifier=qualifier,
                 head=head[0] if head else None)
        for words, value, counted, qualifier, *head in quantities)
    analysis = Analysis(article_id, sentences, tuple(mentions), tuple(entities), quote_records,
                        attribution_records, quantity_records)
    return article, analysis


# --- names ----------------------------------------------------------------------------


def test_transliterations_and_short_forms_merge_across_articles():
    a = make("a", "Title A\nSviatlana Tsikhanouskaya met Vladimir Putin in Minsk.",
             outlet="A", people={"Sviatlana Tsikhanouskaya": ["Sviatlana Tsikhanouskaya"],
                                 "Vladimir Putin": ["Vladimir Putin"]})
    b = make("b", "Title B\nSvetlana Tikhanovskaya spoke. Putin did not.",
             outlet="B", people={"Svetlana Tikhanovskaya": ["Svetlana Tikhanovskaya"],
                                 "Putin": ["Putin"]})
    entities, index = resolve_entities([a[0], b[0]], [a[1], b[1]], settings=SETTINGS)
    assert index[("a", 0)] == index[("b", 0)]
    assert index[("a", 1)] == index[("b", 1)]
    putin = entities[index[("a", 1)]]
    assert putin.name == "Vladimir Putin"
    assert {v.article_id for v in putin.variants} == {"a", "b"}


def test_gendered_surnames_and_other_first_names_stay_apart():
    a = make("a", "Title A\nSiarhei Tsikhanouski was jailed.", outlet="A",
             people={"Siarhei Tsikhanouski": ["Siarhei Tsikhanouski"]})
    b = make("b", "Title B\nSviatlana Tsikhanouskaya spoke.", outlet="B",
             people={"Sviatlana Tsikhanouskaya": ["Sviatlana Tsikhanouskaya"]})
    c = make("c", "Title C\nKrystsina Tsimanouskaya ran.", outlet="C",
             people={"Krystsina Tsimanouskaya": ["Krystsina Tsimanouskaya"]})
    _, index = resolve_entities([a[0], b[0], c[0]], [a[1], b[1], c[1]], settings=SETTINGS)
    assert len({index[("a", 0)], index[("b", 0)], index[("c", 0)]}) == 3


def test_a_surname_shared_by_two_people_is_not_attached_to_either():
    a = make("a", "Title A\nBoris Johnson met Dwayne Johnson. Johnson smiled.", outlet="A",
             people={"Boris Johnson": ["Boris Johnson"], "Dwayne Johnson": ["Dwayne Johnson"]})
    b = make("b", "Title B\nJohnson smiled.", outlet="B", people={"Johnson": ["Johnson"]})
    entities, index = resolve_entities([a[0], b[0]], [a[1], b[1]], settings=SETTINGS)
    assert len({index[("a", 0)], index[("a", 1)], index[("b", 0)]}) == 3


# --- assertions -----------------------------------------------------------------------


def unit(article_id: str, text: str, quantities=(), negated=None, speaker=None,
         quotes=frozenset()) -> ClaimUnit:
    amounts = tuple(amount_of(Quantity(span_of(text, w), v, counted=c, qualifier=q), text=text,
                              article_id=article_id, settings=SETTINGS)
                    for w, v, c, q in quantities)
    return ClaimUnit(article_id, 0, Evidence(article_id, Span(0, len(text)), text), amounts,
                     negated=sentence_polarity(text) if negated is None else negated,
                     speaker=speaker, quotes=frozenset(quotes))


def test_negation_and_speaker_conflicts():
    said = unit("a", "The minister confirmed the talks took place.")
    denied = unit("b", "The minister said the talks did not take place.")
    assert find_conflict(said, denied, similarity=0.85, settings=SETTINGS).reason == "negation"
    # the same statement reworded, with a negation more on one side, is no denial
    deep = unit("a", '"Because the Gulf is not very deep, a tsunami is not expected," he said.')
    enough = unit("b", "The Gulf is not deep enough that we can expect tsunamis, he said.")
    assert find_conflict(deep, enough, similarity=0.9, settings=SETTINGS) is None
    cant = unit("a", "\"I can't speak for the first death,\" Ambler said.")
    cant_typo = unit("b", "'I cant speak for the first death,' Ambler said.")
    assert find_conflict(cant, cant_typo, similarity=0.95, settings=SETTINGS) is None
    one = unit("a", "We will win.", speaker=1, quotes={0})
    other = unit("b", "We will win.", speaker=2, quotes={0})
    assert find_conflict(one, other, similarity=1.0, settings=SETTINGS).reason == "speaker"
    assert find_conflict(one, other, similarity=0.6, settings=SETTINGS) is None


def test_a_speaker_conflict_names_both_people_and_their_articles():
    one = dataclasses.replace(unit("a", "We will win, Ines Varga said.", speaker=1, quotes={0}),
                              credited_as=("Ines Varga",))
    other = dataclasses.replace(unit("b", "We will win, Tomas Brel said.", speaker=2,
                                     quotes={0}), credited_as=("Tomas Brel",))
    conflict = find_conflict(one, other, similarity=1.0, settings=SETTINGS)
    assert conflict.reason == "speaker"
    assert conflict.detail == "attributed to different people: Ines Varga (a) vs Tomas Brel (b)"
    unquoted = unit("b", "We will win.", speaker=2)
    assert find_conflict(one, unquoted, similarity=1.0, settings=SETTINGS) is None
    assert sentence_polarity("This won't be just 1,000 troops.") is False


# --- quotes ---------------------------------------------------------------------------


def test_number_words_normalise():
    assert normalise_words("This won’t be just a thousand troops".split()) == \
        normalise_words("This won't be just 1,000 troops".split())
    assert normalise_words(["a", "dozen", "eggs"]) == ["12", "eggs"]
    assert normalise_words(["twenty", "five", "people"]) == ["25", "people"]


def test_quotes_match_across_outlets_with_word_differences():
    a = make("a", "Title A\n“This won’t be just a thousand troops,” he said. “We are ready.”",
             outlet="A", people={"Alexander Lukashenko": ["he"]},
             quotes=[("This won’t be just a thousand troops", "Alexander Lukashenko"),
                     ("We are ready.", "Alexander Lukashenko")])
    b = make("b", "Title B\n\"This won't be just 1,000 troops,\" Lukashenko said.",
             outlet="B", people={"Lukashenko": ["Lukashenko"]},
             quotes=[("This won't be just 1,000 troops", "Lukashenko")])
    entities, index = resolve_entities([a[0], b[0]], [a[1], b[1]], settings=SETTINGS)
    groups = match_quotes([a[0], b[0]], [a[1], b[1]], entity_index=index, entities=entities,
                          duplicates={}, settings=SETTINGS)
    matched = [g for g in groups if len(g.variants) == 2]
    assert len(matched) == 1
    (difference,) = matched[0].differences
    assert (difference.words_a, difference.words_b) == ("a thousand", "1,000")
    assert difference.equivalent
    lonely = [g for g in groups if len(g.variants) == 1]
    assert lonely[0].missing_from == ("b",)


def _quote_groups(*made, duplicates=None):
    articles, analyses = [m[0] for m in made], [m[1] for m in made]
    entities, index = resolve_entities(articles, analyses, settings=SETTINGS)
    return match_quotes(articles, analyses, entity_index=index, entities=entities,
                        duplicates=duplicates or {}, settings=SETTINGS)


def test_a_paraphrase_matches_only_a_quote_of_the_same_speaker():
    fact = "at least 12 people were killed in the blast"
    officials = make("a", f"Title A\nThey said {fact}, emergency officials said.", outlet="A",
                     quotes=[(fact, "emergency officials", "indirect")])
    ministry = make("b", f"Title B\nIt said {fact}, the health ministry said.", outlet="B",
                    quotes=[(fact, "the health ministry", "indirect")])
    same = make("c", f"Title C\nThey said {fact}, officials said.", outlet="C",
                quotes=[(fact, "officials", "indirect")])
    nobody = make("d", f"Title D\nIt was said {fact}.", outlet="D", quotes=[(fact, "", "indirect")])
    groups = _quote_groups(officials, ministry, same, nobody)
    together = [{v.article_id for v in g.variants} for g in groups if len(g.variants) > 1]
    assert together == [{"a", "c"}]  # "officials" are among "emergency officials"


def test_a_negated_or_unanswered_version_is_never_grouped_with_a_positive_one():
    """ "The council confirmed the closure" and "the council has not confirmed the closure"
    are two statements, never variants of one quote (issue 14)."""
    import dataclasses

    words = "the closure of the harbour bridge until further notice"
    said = make("a", f"Title A\nThe council confirmed {words}.", outlet="A",
                quotes=[(words, "the council", "indirect")])
    denied = make("b", f"Title B\nThe council has not confirmed {words}.", outlet="B",
                  quotes=[(words, "the council", "indirect")])
    unanswered = make("c", f"Title C\nThe council did not respond about {words}.", outlet="C",
                      quotes=[(words, "the council", "indirect")])
    again = make("d", f"Title D\nThe council confirmed {words}.", outlet="D",
                 quotes=[(words, "the council", "indirect")])

    def with_polarity(made, value):
        article, analysis = made
        quotes = tuple(dataclasses.replace(q, polarity=value) for q in analysis.quotes)
        return article, dataclasses.replace(analysis, quotes=quotes)

    groups = _quote_groups(said, with_polarity(denied, "negated"),
                           with_polarity(unanswered, "no-response"), again)
    together = [{v.article_id for v in g.variants} for g in groups]
    assert {"a", "d"} in together and {"b"} in together and {"c"} in together
    polarity = {v.article_id: v.polarity for g in groups for v in g.variants}
    assert polarity == {"a": "positive", "b": "negated", "c": "no-response", "d": "positive"}


def test_a_variant_keeps_who_relayed_the_words_and_the_notes_say_it():
    from crosscheck.compare.render_markdown import variant_notes

    text = "Title\n“We are still searching the rubble,” Irina Volkova said, according to the Courier."
    people = {"Irina Volkova": ["Irina Volkova"]}
    quote = [("We are still searching the rubble", "Irina Volkova")]
    article, analysis = make("a", text, outlet="A", people=people, quotes=quote)
    relayed = tuple(dataclasses.replace(q, relay="the Courier") for q in analysis.quotes)
    relayed_made = (article, dataclasses.replace(analysis, quotes=relayed))
    plain = make("b", text.replace(", according to the Courier", ""), outlet="B",
                 people=people, quotes=quote)
    (group,) = _quote_groups(relayed_made, plain)
    relays = {v.article_id: v.relay for v in group.variants}
    assert relays == {"a": "the Courier", "b": None}
    notes = {v.article_id: variant_notes(v) for v in group.variants}
    assert "as reported by the Courier" in notes["a"] and not notes["b"]


def test_a_copys_quotes_are_grouped_from_its_original_and_listed_as_a_copy():
    text = "Title\n“We are still searching the rubble,” said Irina Volkova."
    people = {"Irina Volkova": ["Irina Volkova"]}
    quote = [("We are still searching the rubble", "Irina Volkova")]
    original = make("a", text, outlet="Wire", people=people, quotes=quote)
    copy = make("b", text, outlet="Reprint", people=people, quotes=quote)
    other = make("c", text.replace("Title", "Other title"), outlet="Other", people=people,
                 quotes=quote)
    groups = _quote_groups(original, copy, other, duplicates={"b": "a"})
    # grouped from the original; the copy's version is listed after, marked, so a reader
    # sees every article that carries the words and which of them adds no second witness
    assert [[(v.article_id, v.copy_of) for v in g.variants] for g in groups] == [
        [("a", None), ("c", None), ("b", "a")]]
    assert all(d.article_b != "b" for d in groups[0].differences)
    from crosscheck.compare.build import quote_sentences

    analyses = [original[1], copy[1], other[1]]
    assert {article for article, _ in quote_sentences(groups, analyses)} == {"a", "c"}


# --- sources --------------------------------------------------------------------------


def test_lead_inherits_the_next_sentences_credit_and_wires_count_once():
    text_a = ("Title A\nThe president announced a joint force on Monday.\n"
              "The agency Belta reported that the leaders agreed to it.")
    a = make("a", text_a, outlet="A", credits=[("Belta", "Belta", "reported")])
    credits = sentence_credits(a[0], a[1], settings=SETTINGS)
    assert [c.source for c in credits[1]] == ["Belta"]
    independent = independent_sources({"a": ["Belta"], "b": ["Belta"], "c": []},
                                      duplicates={"c": "a"}, outlet_of={"a": "A", "b": "B"})
    assert independent == ("Belta",)
    independent = independent_sources({"a": [], "b": []}, duplicates={}, outlet_of={"a": "A", "b": "B"})
    assert independent == ("A", "B")
    independent = independent_sources({"a": [], "b": ["Meridian Press"]}, duplicates={},
                                      outlet_of={"a": "Meridian Press", "b": "B"})
    assert independent == ("Meridian Press",)


def test_anaphoric_credit_reaches_back():
    text = ("Title\nThe president said he is forming a joint force.\n"
            "\"It will be big,\" he said. His comments, reported by the agency Belta, drew notice.")
    a = make("a", text, outlet="A", credits=[("Belta", "Belta", "reported")])
    credits = sentence_credits(a[0], a[1], settings=SETTINGS)
    assert {index for index, items in credits.items() if items} == {1, 2, 3}
    # "the announcement" reaches back over the outlet's own text, not over someone else's
    # words: the quote is Halden's, not the briefing's
    text = ("Title\nThe visit was set for July.\n"
            "\"Asking for a friend,\" Halden added.\n"
            "Press secretary Ina Voss made the announcement at a briefing.")
    b = make("b", text, outlet="B", quotes=[("Asking for a friend", "Halden")],
             credits=[("briefing", "at a briefing", "statement")])
    credits = sentence_credits(b[0], b[1], settings=SETTINGS)
    assert {index for index, items in credits.items() if items} == {3}


# --- claims through build_dossier -----------------------------------------------------


def test_build_dossier_statuses_and_numeric_conflict():
    from crosscheck.compare import build_dossier

    a = make("a", "Flood hits town\nA flood hit the river town of Ashby on Monday.\n"
                  "The flood killed 12 people in Ashby, officials said.\n"
                  "The mayor praised volunteers who filled sandbags all night.",
             outlet="Daily A", quantities=[("12", 12, "person", None, "kill")])
    b = make("b", "Ashby flood toll rises\nA flood hit the river town of Ashby on Monday.\n"
                  "The flood killed 30 people in Ashby, officials said.\n"
                  "Insurance claims are expected to reach record levels this year.",
             outlet="Daily B", quantities=[("30", 30, "person", None, "kill")])
    dossier = build_dossier([a[0], b[0]], [a[1], b[1]], use_embeddings=False)
    by_text = {claim.text: claim for claim in dossier.claims}
    assert by_text["A flood hit the river town of Ashby on Monday."].status == AGREED
    toll = by_text["The flood killed 12 people in Ashby, officials said."]
    assert toll.status == CONFLICT and toll.conflict.reason == "number"
    assert {side.text for side in toll.conflict.sides} == {"12", "30"}
    assert by_text["The mayor praised volunteers who filled sandbags all night."].status == SINGLE
    assert 3 <= len(dossier.summary) <= 7
    assert dossier.summary[0].status == AGREED
    for sentence in dossier.summary:
        assert sentence.articles
        assert any(e.text.strip() in sentence.text for e in sentence.evidence)


def test_schema_is_valid_and_a_hand_built_dossier_matches_it():
    import json
    from pathlib import Path

    import pytest

    from crosscheck.compare import build_dossier, dossier_to_json

    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).resolve().parents[1] / "docs" / "dossier.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    a = make("a", "Title A\nThe bridge reopened on Friday after repairs.\nTraffic was light.",
             outlet="A", credits=[("Reuters", "repairs", "wire")])
    b = make("b", "Title B\nThe bridge reopened on Friday after repairs.", outlet="B")
    data = dossier_to_json(build_dossier([a[0], b[0]], [a[1], b[1]], use_embeddings=False))
    jsonschema.Draft202012Validator(schema).validate(data)
    (agreed,) = [c for c in data["claims"] if c["status"] == "agreed"]
    assert agreed["independent_sources"] == ["Reuters", "B"]
    assert agreed["independent_source_count"] == 2
    assert data["sources"][0]["name"] == "Reuters"


def test_a_dateline_or_update_stamp_is_no_claim():
    from crosscheck.compare import build_dossier
    from crosscheck.compare.claims import is_timestamp

    a = make("a", "Flood hits town\nLast updated 13:26 14/09/2013\n"
                  "A flood hit the river town of Ashby on Monday.",
             outlet="Daily A")
    dossier = build_dossier([a[0]], [a[1]], use_embeddings=False)
    assert [claim.text for claim in dossier.claims] == [
        "A flood hit the river town of Ashby on Monday."]
    assert is_timestamp("11:39am UK, Monday 09 September 2013")
    assert is_timestamp("Posted: Sunday, September 15, 2013 at 2:01 p.m.")
    assert not is_timestamp("The flood struck on Monday at 10:30 am.")


def test_degenerate_stories_still_give_a_valid_dossier():
    from crosscheck.compare import build_dossier

    lone = make("a", "Only a headline", outlet="A")
    empty = Article(id="e", source="e", format="text", text="", outlet="B", cleaned=True)
    dossier = build_dossier([lone[0], empty], [lone[1], Analysis("e")], use_embeddings=False)
    assert dossier.claims == () and dossier.summary == ()
    assert [a.id for a in dossier.story.articles] == ["a", "e"]
    single = make("s", "Title\nThe mill closed on Friday after a fire.\nNobody was hurt.", outlet="S")
    dossier = build_dossier([single[0]], [single[1]], use_embeddings=False)
    assert {claim.status for claim in dossier.claims} == {SINGLE}
    assert all(s.articles == ("s",) for s in dossier.summary)


def test_date_conflict_and_timeline():
    from crosscheck.compare import build_dossier
    from crosscheck.records import DateRef

    a = make("a", "Dam opens\nThe new dam opened on Monday in Kelso.", outlet="A")
    b = make("b", "Kelso dam\nThe new dam opened on Tuesday in Kelso.", outlet="B")
    dated = []
    for (article, analysis), day, phrase in ((a, "2024-05-06", "on Monday"), (b, "2024-05-07", "on Tuesday")):
        span = span_of(article.text, phrase)
        dated.append(Analysis(analysis.article_id, analysis.sentences,
                              dates=(DateRef(span, phrase, day, "relative", 1),)))
    dossier = build_dossier([a[0], b[0]], dated, use_embeddings=False)
    # the opening is agreed; its day is disputed, as a claim of its own
    statement, claim = [c for c in dossier.claims if len(c.support) == 2]
    assert statement.status == AGREED and statement.conflict is None
    assert claim.status == CONFLICT and claim.conflict.reason == "date"
    assert [side.text for side in claim.conflict.sides] == ["on Monday", "on Tuesday"]
    assert claim.article_ids == statement.article_ids
    assert [event.date for event in dossier.timeline] == ["2024-05-06", "2024-05-07"]
    assert {event.claim for event in dossier.timeline} <= {statement.id, claim.id}


def test_source_short_forms_resolve_to_the_full_name():
    from crosscheck.compare.names import same_source
    from crosscheck.compare.sources import SourceNames

    names = SourceNames(["the Times", "The New York Times", "Belta", "state news agency Belta"],
                        settings=SETTINGS)
    assert names("the Times") == "The New York Times"
    assert names("Belta") == names("state news agency Belta")
    assert not same_source("The Times", "The Sunday Telegraph", settings=SETTINGS)


# --- compatible attributions and grouped conflict sides ------------------------------


def test_reported_and_confirmed_is_no_speaker_conflict():
    """"X reported that ..., a figure Y confirmed" credits Y too: compatible with "Y said";
    a speaker conflict needs each side to credit someone the other does not name."""
    said = unit("a", "The director told reporters the depot held 800 tonnes.", speaker=1,
                quotes={0})
    said = ClaimUnit(**{**said.__dict__, "entities": frozenset({1})})
    confirmed = unit("b", "Wire reported the depot held 800 tonnes, a figure the director "
                          "confirmed.", speaker=2, quotes={0})
    confirmed = ClaimUnit(**{**confirmed.__dict__, "entities": frozenset({1, 2})})
    assert find_conflict(said, confirmed, similarity=1.0, settings=SETTINGS) is None
    assert find_conflict(confirmed, said, similarity=1.0, settings=SETTINGS) is None
    # each side naming only its own speaker is still a conflict
    other = ClaimUnit(**{**confirmed.__dict__, "entities": frozenset({2})})
    assert find_conflict(said, other, similarity=1.0, settings=SETTINGS).reason == "speaker"
    # one sentence quoting both people shares a speaker with either side
    both = ClaimUnit(**{**other.__dict__, "speakers": frozenset({1, 2})})
    assert find_conflict(said, both, similarity=1.0, settings=SETTINGS) is None


def test_conflict_sides_are_grouped_by_version_and_a_copy_counts_once():
    """12 (wire), 12 (its syndicated copy), 12 (an outlet citing the wire) against 8: two
    versions; the 12 side rests on one independent source, not three."""
    from crosscheck.compare import build_dossier, dossier_to_markdown

    head = "A flood hit the river town of Ashby on Monday."
    wire = make("w", f"Ashby flood\n{head}\nAt least 12 people were killed in Ashby, "
                     "officials said.", outlet="Wire", quantities=[("12", 12, "person", None, "kill")])
    copy = make("c", f"Ashby flood toll\n{head}\nAt least 12 people were killed in Ashby, "
                     "officials said.", outlet="Copy", quantities=[("12", 12, "person", None, "kill")])
    citing = make("s", f"Ashby mourns\n{head}\nAt least 12 people were killed in Ashby, "
                       "Wire reported.", outlet="Sentinel",
                  quantities=[("12", 12, "person", None, "kill")], credits=[("Wire", "Wire", "reported")])
    other = make("h", f"Deaths in Ashby\n{head}\nEight people were killed in Ashby, "
                      "officials said.", outlet="Herald", quantities=[("Eight", 8, "person", None, "kill")])
    pairs = [wire, copy, citing, other]
    dossier = build_dossier([p[0] for p in pairs], [p[1] for p in pairs],
                            duplicates={"c": "w"}, use_embeddings=False)
    (claim,) = [c for c in dossier.claims if c.status == CONFLICT]
    versions = claim.conflict.versions
    assert [v.articles for v in versions] == [("w", "c", "s"), ("h",)]
    assert [len(v.sides) for v in versions] == [3, 1]
    assert [v.independent_sources for v in versions] == [("Wire",), ("Herald",)]
    assert [s.article_id for s in claim.conflict.sides] == ["w", "c", "s", "h"]
    markdown = dossier_to_markdown(dossier)
    assert ('conflict (number) over people (kill): "12" [A1 ' in markdown
            and '(independent sources (1): Wire) vs "Eight" [A4 ' in markdown)
    (summary,) = [s for s in dossier.summary if s.status == CONFLICT]
    assert summary.text.count("Ashby") == 2  # one sentence per version, not one per outlet


def test_a_copy_taken_for_the_original_still_counts_once():
    """The near-duplicate links may take the copy for the original; the wire, its copy
    under another outlet's name and an outlet citing the wire are still one source."""
    outlets = {"wire": "Wire", "copy": "Ledger", "cite": "Sentinel"}
    for duplicates in ({"copy": "wire"}, {"wire": "copy"}):
        independent = independent_sources({"wire": [], "copy": [], "cite": ["Wire"]},
                                          duplicates=duplicates, outlet_of=outlets)
        assert independent == ("Wire",)
    assert independent_sources({"copy": [], "wire": []}, duplicates={"wire": "copy"},
                               outlet_of=outlets) == ("Ledger",)


# --- summary wording ------------------------------------------------------------------


def test_a_pronoun_with_no_name_before_it_makes_a_sentence_dependent():
    from crosscheck.compare.build import dependent_sentences

    text = ("Title\nAsked about the delay, he said the buyer was late.\n"
            "Mayor Anna Berg said she would stay.\nShe left.")
    article, analysis = make("a", text, outlet="A", people={"Anna Berg": ["Anna Berg"]})
    pronouns = [Mention(span_of(text, "he said"), "he", "PRON", 1),
                Mention(span_of(text, "she would"), "she", "PRON", 0),
                Mention(span_of(text, "She left"), "She", "PRON", 0)]
    entities = analysis.entities + (Entity(1, "Tom Hale", "PERSON", ()),)
    analysis = Analysis("a", analysis.sentences, analysis.mentions + tuple(
        Mention(Span(m.span.start, m.span.start + len(m.text)), m.text, m.label, m.entity)
        for m in pronouns), entities)
    assert dependent_sentences([analysis]) == {("a", 1), ("a", 3)}


def test_summary_shows_the_standalone_wording_and_ranks_dependent_sentences_down():
    from crosscheck.compare.records import Claim, ClaimSupport
    from crosscheck.compare.summary import build_summary

    def claim(claim_id, status, *sentences):
        support = tuple(ClaimSupport(article, index, Evidence(article, Span(0, len(text)), text))
                        for article, index, text in sentences)
        return Claim(claim_id, support[0].evidence.text, status, support, (), ())

    leaning = claim(0, SINGLE, ("b", 1, "Asked about the delay, he said the buyer was late."))
    standing = claim(1, SINGLE, ("a", 2, "The ship left the port of Kelso two weeks late."))
    both = claim(2, AGREED, ("b", 2, "Asked again, he insisted the cargo was stored safely."),
                 ("a", 3, "Port director Tom Hale insisted the cargo was stored safely."))
    summary = build_summary([leaning, standing, both], outlets={}, use_embeddings=False,
                            sentence_positions={("b", 1): 1, ("a", 2): 2, ("b", 2): 2,
                                                ("a", 3): 3},
                            settings=SETTINGS, dependent={("b", 1), ("b", 2)})
    texts = [s.text for s in summary]
    assert texts[0] == "Port director Tom Hale insisted the cargo was stored safely."
    assert standing.text in texts
    assert leaning.text not in texts or texts.index(standing.text) < texts.index(leaning.text)
    assert all(s.articles for s in summary)


def test_summary_wording_is_the_one_closest_to_the_other_articles():
    """Three outlets on one fact, one adding a detail the others lack: the summary shows the
    shared wording, since it cites all three (not merely the shortest)."""
    from crosscheck.compare.records import Claim, ClaimSupport
    from crosscheck.compare.summary import build_summary

    texts = {"a": "The five men killed in the blast were named on Friday.",
             "b": "Five workers were killed when the depot blast tore through the shed.",
             "c": "The depot blast killed five workers in the shed on Thursday afternoon."}
    support = tuple(ClaimSupport(a, 1, Evidence(a, Span(0, len(t)), t)) for a, t in texts.items())
    claim = Claim(0, texts["a"], AGREED, support, (), ())
    (sentence,) = build_summary([claim], outlets={}, sentence_positions={},
                                settings=SETTINGS, use_embeddings=False)
    assert len(texts["a"]) < min(len(texts["b"]), len(texts["c"]))
    assert sentence.text != texts["a"]
    assert sentence.articles == ("a", "b", "c")


def test_the_same_figure_of_the_same_thing_aligns_before_a_topical_neighbour():
    from crosscheck.compare.claims import _share_a_figure

    vote = unit("a", "The council voted 31 to 12 for the motion.",
                [("31", 31, "vote", None), ("12", 12, "vote", None)])
    same = unit("b", "The motion passed by 31 votes to 12.",
                [("31", 31, "vote", None), ("12", 12, "vote", None)])
    eleven = unit("b", "Eleven of them voted for the motion.", [("Eleven", 11, "member", None)])
    other_thing = unit("c", "The 31 flats were sold.", [("31", 31, "flat", None)])
    assert _share_a_figure(vote, same)
    assert not _share_a_figure(vote, eleven) and not _share_a_figure(vote, other_thing)


def test_markdown_names_an_article_of_unknown_outlet_by_its_label():
    from crosscheck.compare import build_dossier, dossier_to_markdown

    a = make("f00dfeed", "Title A\nThe bridge reopened on Friday after repairs.", outlet=None)
    b = make("b", "Title B\nThe bridge reopened on Friday after repairs.", outlet="B")
    markdown = dossier_to_markdown(build_dossier([a[0], b[0]], [a[1], b[1]],
                                                 use_embeddings=False))
    (line,) = [x for x in markdown.splitlines() if "independent sources" in x]
    assert line.strip().endswith("independent sources (2): A1 (outlet unknown), B")


def test_only_the_lead_inherits_a_following_credit():
    """A later paragraph's opener ("The explosion sent an orange cloud ...") is the outlet's
    own text even when "Wire reported that ..." follows it."""
    text = ("Title A\nThe president announced a joint force on Monday.\n"
            "The agency Belta reported that the leaders agreed to it.\n"
            "Smoke rose over the harbour all day. Wire reported that the depot was full.")
    a = make("a", text, outlet="A", credits=[("Belta", "Belta", "reported"),
                                              ("Wire", "Wire", "reported")])
    credits = sentence_credits(a[0], a[1], settings=SETTINGS)
    assert [c.source for c in credits[1]] == ["Belta"]
    assert 3 not in credits  # "Smoke rose over the harbour all day."
    assert [c.source for c in credits[4]] == ["Wire"]


def test_a_summary_sentence_cites_only_articles_that_give_its_figures():
    from crosscheck.compare.records import Claim, ClaimSupport
    from crosscheck.compare.summary import _giving_its_figures

    texts = {"a": "The council voted 31 to 12 on Monday.",
             "b": "Eleven of them voted for the motion.",
             "c": "The motion passed by thirty-one votes to 12."}
    support = tuple(ClaimSupport(article, 0, Evidence(article, Span(0, len(text)), text))
                    for article, text in texts.items())
    kept = _giving_its_figures(support, texts["a"])
    assert [s.article_id for s in kept] == ["a", "c"]
    assert _giving_its_figures(support, "The council backed the motion.") == list(support)


def test_a_copy_that_rewords_its_credit_counts_once_whichever_is_taken_for_the_original():
    supporting = {"ledger": ["emergency officials"],
                  "wire": ["regional emergency service"],
                  "sentinel": ["regional emergency service"]}
    outlets = {"ledger": "Ledger", "wire": "Wire", "sentinel": "Sentinel"}
    for duplicates in ({"wire": "ledger"}, {"ledger": "wire"}):
        found = independent_sources(supporting, duplicates=duplicates, outlet_of=outlets)
        assert found == ("regional emergency service",)
    # without the copy link the two wordings are two credits
    assert len(independent_sources(supporting, duplicates={}, outlet_of=outlets)) == 2


def test_a_partial_quote_joins_the_full_one_when_the_speakers_share_a_surname():
    """Two entities of one surname ("Labour MP Owen Tresize" / "Owen Tresize", split by the
    names stage or not) are no speaker disagreement: the quoted words decide."""
    full = make("a", "Title A\n“Anybody any good at making placards?” Labour MP Owen Tresize wrote.",
                outlet="A", people={"Labour MP Owen Tresize": ["Labour MP Owen Tresize"]},
                quotes=[("Anybody any good at making placards?", "Labour MP Owen Tresize")])
    part = make("b", "Title B\nOwen Tresize asked who was “good at making placards”.", outlet="B",
                people={"Owen Tresize": ["Owen Tresize"]},
                quotes=[("good at making placards", "Owen Tresize", "partial")])
    groups = _quote_groups(full, part)
    assert [sorted(v.article_id for v in g.variants) for g in groups] == [["a", "b"]]


def test_a_spokesman_and_a_spokesperson_are_one_unnamed_speaker():
    words = "the store will reopen on Monday once the roof is repaired"
    one = make("a", f"Title A\nHe said {words}, a spokesman said.", outlet="A",
               quotes=[(words, "a spokesman", "indirect")])
    other = make("b", f"Title B\nA spokesperson said the store will reopen on Monday once the "
                      f"roof is repaired.", outlet="B",
                 quotes=[(words, "A spokesperson", "indirect")])
    groups = _quote_groups(one, other)
    assert [sorted(v.article_id for v in g.variants) for g in groups] == [["a", "b"]]
    # "a spokesman for the chain" and "a spokesperson from the chain": one role of one body
    served = make("c", f"Title C\nHe said {words}, a spokesman for Dunmart said.", outlet="C",
                  quotes=[(words, "a spokesman for Dunmart", "indirect")])
    serving = make("d", f"Title D\nA spokesperson from Dunmart said {words}.", outlet="D",
                   quotes=[(words, "A spokesperson from Dunmart", "indirect")])
    groups = _quote_groups(served, serving)
    assert [sorted(v.article_id for v in g.variants) for g in groups] == [["c", "d"]]


def test_a_side_that_names_the_other_sides_speaker_is_no_speaker_conflict():
    """The parse credits a title on one side ("the force's deputy chief Rosa Penn") and the
    name on the other: the first side still names Penn, so one person said it."""
    titled = unit("a", "The force's deputy chief Rosa Penn said the driver fell asleep.",
                  speaker=1, quotes={0})
    named = unit("b", "Deputy Chief Penn said the driver may have fallen asleep.",
                 speaker=2, quotes={0})
    named = ClaimUnit(**{**named.__dict__, "speaker_surnames": frozenset({"penn"})})
    assert find_conflict(titled, named, similarity=1.0, settings=SETTINGS) is None
    other = ClaimUnit(**{**named.__dict__, "speaker_surnames": frozenset({"okafor"})})
    assert find_conflict(titled, other, similarity=1.0, settings=SETTINGS).reason == "speaker"


def test_the_day_a_statement_was_made_is_not_the_day_of_the_event():
    """"returned on Tuesday" and "the airline said Wednesday": two days of two things."""
    from crosscheck.compare.assertions import date_conflict
    from crosscheck.records import DateRef

    def dated(article_id: str, text: str, phrase: str, day: str) -> ClaimUnit:
        base = unit(article_id, text)
        return ClaimUnit(**{**base.__dict__, "dates": (
            DateRef(span_of(text, phrase), phrase, day, "relative", 0),)})

    told = dated("a", "A jet returned to Pellham after a mix-up, the airline said Wednesday.",
                 "Wednesday", "2024-03-06")
    returned = dated("b", "A jet returned to Pellham on Tuesday after a mix-up.", "Tuesday",
                     "2024-03-05")
    assert date_conflict(told, returned) is None
    other_day = dated("c", "A jet returned to Pellham on Wednesday after a mix-up.",
                      "Wednesday", "2024-03-06")
    assert date_conflict(other_day, returned).reason == "date"


def test_the_same_weekday_resolved_two_ways_is_no_conflict():
    from crosscheck.compare.assertions import date_conflict
    from crosscheck.records import DateRef

    def dated(article_id: str, text: str, day: str) -> ClaimUnit:
        base = unit(article_id, text)
        return ClaimUnit(**{**base.__dict__, "dates": (
            DateRef(span_of(text, "Saturday"), "Saturday", day, "relative", 0),)})

    one = dated("a", "Mourning will start on Saturday in Vellan.", "2024-03-02")  # "on Saturday"
    other = dated("b", "Mourning in Vellan begins on Saturday.", "2024-03-09")
    assert date_conflict(one, other) is None


def test_a_disputed_day_lists_every_outlet_that_gives_each_day():
    from crosscheck.compare import build_dossier
    from crosscheck.records import DateRef

    texts = {"a": ("The new dam opened on Monday in Kelso.", [("on Monday", "2024-05-06")]),
             "b": ("The new dam opened on Tuesday in Kelso.", [("on Tuesday", "2024-05-07")]),
             # a second, vaguer date beside the day: no ground for a conflict of its own, but
             # the outlet gives Tuesday all the same
             "c": ("The new dam opened on Tuesday in Kelso, the third since March.",
                   [("on Tuesday", "2024-05-07"), ("since March", "2024-03")])}
    articles, analyses = [], []
    for article_id, (sentence, dates) in texts.items():
        article, analysis = make(article_id, f"Kelso dam\n{sentence}", outlet=article_id.upper())
        refs = tuple(DateRef(span_of(article.text, phrase), phrase, day, "relative", 1)
                     for phrase, day in dates)
        articles.append(article)
        analyses.append(Analysis(analysis.article_id, analysis.sentences, dates=refs))
    dossier = build_dossier(articles, analyses, use_embeddings=False)
    (claim,) = [c for c in dossier.claims if c.conflict and c.conflict.reason == "date"]
    assert [(v.text, v.articles) for v in claim.conflict.versions] == [
        ("on Monday", ("a",)), ("on Tuesday", ("b", "c"))]


def test_page_remnants_do_not_stand_alone_in_a_summary():
    from crosscheck.compare.records import ClaimSupport, Evidence
    from crosscheck.compare.summary import _standalone

    def support(text: str) -> ClaimSupport:
        return ClaimSupport("a", 1, Evidence("a", Span(0, len(text)), text))

    assert not _standalone(support("Will have double thrust of the next largest rocket."), ())
    assert not _standalone(support("Port of Korran turns 300 Trading hub What started out "
                                   "as a small quay is now a port."), ())
    assert _standalone(support("Will the bridge reopen in June?"), ())  # a question asks
    assert _standalone(support("The port of Korran turned 300 on Monday."), ())
