"""Single-source details inside shared sentences.

Claims are aligned sentence by sentence, so a sentence that several outlets share in
substance ("the warship foiled a piracy attempt") makes a claim of several articles even
when one outlet's version adds something no other outlet reports ("... in the Straits of
Korran between Velmark and Ostland"). That addition is a single-source fact, and a reader who is told
that every outlet reports the sentence is not told that only one of them gives it.

The additions found here are the surest kind: a named thing (a place, an organisation, a
person) that one outlet, with its copies, names in such a sentence and no other outlet names
anywhere in the story. Each becomes a claim of status single whose evidence is the stretch of
the sentence around the name (between the punctuation that bounds it, at most
DETAIL_CONTEXT_WORDS words either side) and whose ``detail_of`` is the shared claim.
Names the article credits as sources ("according to Reuters") are who said it, not what
happened, and are left to the sources section.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from crosscheck.analyze.channels import AGENCY
from crosscheck.compare.names import abbreviated_forms, name_tokens
from crosscheck.compare.records import AGREED, PARTIAL, Claim, ClaimSupport, Evidence
from crosscheck.records import Analysis, Span

if TYPE_CHECKING:
    from crosscheck.compare.claims import StoryContext

# Kinds of names whose mention is a fact of its own; nationality words ("Ostlandic smugglers")
# and numbers are left out (they are descriptions and figures, compared elsewhere).
DETAIL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT"})
# Punctuation that ends the stretch of a sentence a detail is shown in.
BOUNDARY = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
DETAIL_CONTEXT_WORDS = 6
WORD = re.compile(r"\S+")
DATELINE_END = re.compile(r"\s*(?:[:\u2014\u2013(]|-\s)")
# A stretch with fewer words than this beside its names is widened past the punctuation.
MIN_CONTEXT_WORDS = 3
# What a page leaves in a sentence that is not the story's: a photo credit ("Kim Lee /
# Reuters A man walks past", "EPA Preparations for ..."), an update stamp with its agency
# ("Updated: 2016-07-15 06:50 (Xinhua)", "By Agencies"), a button's label ("CLOSE").
PAGE_REMNANT = re.compile(
    rf"\bUpdated:?\s*\d|\((?:{AGENCY})\)|\bBy Agencies\b|\s/\s*(?:{AGENCY})\b|"
    rf"^(?:{AGENCY})\s+[A-Z][a-z]|^(?:CLOSE|SHARE|MENU|ADVERTISEMENT|SUBSCRIBE|EXPAND|WATCH)\b")
# Shorter names ("UN", "Li") are too often part of other words or other names to test.
MIN_NAME_LETTERS = 3


def single_details(claims: Sequence[Claim], context: StoryContext
                   ) -> list[tuple[int, tuple[ClaimSupport, ...], tuple[int, ...]]]:
    """(shared claim id, the detail's support in each copy of the outlet's report, its cross
    entities) per detail, in claim order."""
    family = context.source_families
    texts = {article.id: article.text for article in context.articles}
    outlets = {article.id: article.outlet or "" for article in context.articles}
    by_article = {analysis.article_id: analysis for analysis in context.analyses}
    named_by = _outlets_naming(context.analyses, context.entity_index, family)
    sources = _source_words(context.analyses, texts)
    found: dict[tuple[int, str, str], tuple[list[ClaimSupport], set[int]]] = {}
    for claim in claims:
        if claim.status not in (AGREED, PARTIAL):
            continue
        for support in claim.support:
            analysis = by_article[support.article_id]
            own = family.get(support.article_id, support.article_id)
            text = texts[support.article_id]
            mentions = [m for m in analysis.mentions
                        if support.evidence.span.contains(m.span) and m.entity is not None
                        and m.label != "PRON"
                        and analysis.entities[m.entity].label in DETAIL_LABELS
                        and named_by.get(context.entity_index.get(
                            (support.article_id, m.entity), -1)) == {own}]
            told_by = _who_tells(analysis, support.evidence.span)
            mentions = [m for m in mentions
                        if not any(m.span.overlaps(span) for span in told_by)
                        and not _outlet_itself(m.text, outlets[support.article_id])
                        and " ".join(m.text.lower().split()) not in sources
                        and not _written_elsewhere(m.text, own, texts, family)]
            for stretch, names in _stretches(text, support.evidence.span,
                                             [m.span for m in mentions]):
                if _dateline(text, support.evidence.span, stretch) or \
                        PAGE_REMNANT.search(stretch.of(text)):
                    continue
                key = (claim.id, own, re.sub(r"\W+", " ", stretch.of(text)).strip().lower())
                supports, entities = found.setdefault(key, ([], set()))
                supports.append(replace(support, evidence=Evidence(
                    support.article_id, stretch, stretch.of(text))))
                entities.update(context.entity_index[(support.article_id, m.entity)]
                                for m in mentions if m.span in names and m.entity is not None
                                and (support.article_id, m.entity) in context.entity_index)
    return [(claim_id, tuple(supports), tuple(sorted(entities)))
            for (claim_id, _, _), (supports, entities) in found.items()]


def _who_tells(analysis: Analysis, sentence: Span) -> list[Span]:
    """Spans naming who says or reports something in the sentence (speakers, addressees,
    credited sources): who said it is the quotes' and sources' business, not a detail of
    what happened."""
    spans = [q.speaker_span for q in analysis.quotes if q.speaker_span is not None]
    spans += [q.addressee_span for q in analysis.quotes if q.addressee_span is not None]
    spans += [a.source_span for a in analysis.attributions]
    return [span for span in spans if sentence.overlaps(span)]


def _source_words(analyses: Sequence[Analysis], texts: Mapping[str, str]) -> frozenset[str]:
    """Every name the story's articles credit as a source anywhere (agencies, outlets,
    photo agencies): in a caption or a credit line left in the text it is no detail."""
    return frozenset(" ".join(a.source_span.of(texts[an.article_id]).lower().split())
                     for an in analyses for a in an.attributions) | frozenset(
        a.source.lower() for an in analyses for a in an.attributions)


def _outlet_itself(name: str, outlet: str) -> bool:
    """"CNN" in a CNN report, "the Times" in The Times: the outlet naming itself."""
    letters = re.sub(r"[^a-z]", "", name.lower())
    return len(letters) >= 2 and letters in re.sub(r"[^a-z]", "", outlet.lower())


def _dateline(text: str, sentence: Span, stretch: Span) -> bool:
    """"NEW DELHI / MUMBAI: The navy ...", "PARIS (AFP) -": where the report was filed,
    not what happened."""
    return stretch.start == sentence.start and bool(DATELINE_END.match(text[stretch.end:]))


def _written_elsewhere(name: str, own: str, texts: Mapping[str, str],
                       family: Mapping[str, str]) -> bool:
    """Another outlet writes the name, or its last word, whatever the parse made of it (a
    name split from its entity, a place inside another name): then it is no addition."""
    words = name.split()
    probes = {name, words[-1]} if words else {name}
    patterns = [re.compile(r"(?<!\w)" + re.escape(p) + r"(?!\w)", re.IGNORECASE)
                for p in probes if len(p) >= MIN_NAME_LETTERS]
    patterns += [_initials_pattern(form[0]) for form in abbreviated_forms(name_tokens(name))
                 if len(form) == 1]  # "United States" written "U.S." or "US"
    return any(family.get(article, article) != own and any(p.search(text) for p in patterns)
               for article, text in texts.items())


def _initials_pattern(initials: str) -> re.Pattern[str]:
    """"us" -> U.S., U.S or US as a word, in capitals (never the pronoun "us")."""
    dotted = r"\.?".join(re.escape(letter.upper()) for letter in initials)
    return re.compile(r"(?<![\w.])" + dotted + r"\.?(?!\w)")


def _outlets_naming(analyses: Sequence[Analysis], index: Mapping[tuple[str, int], int],
                    family: Mapping[str, str]) -> dict[int, set[str]]:
    """Cross entity -> the outlets (copy families) that name it anywhere in the story."""
    named: dict[int, set[str]] = {}
    for analysis in analyses:
        own = family.get(analysis.article_id, analysis.article_id)
        for mention in analysis.mentions:
            if mention.entity is not None and mention.label != "PRON":
                cross = index.get((analysis.article_id, mention.entity))
                if cross is not None:
                    named.setdefault(cross, set()).add(own)
    return named


def _stretches(text: str, sentence: Span, names: Sequence[Span]
               ) -> list[tuple[Span, list[Span]]]:
    """The stretch of the sentence each name sits in, names of one stretch together."""
    stretches: list[tuple[Span, list[Span]]] = []
    for name in sorted(names, key=lambda s: s.start):
        stretch = _stretch_around(text, sentence, name)
        if stretches and stretches[-1][0].overlaps(stretch):
            previous, members = stretches[-1]
            stretches[-1] = (Span(min(previous.start, stretch.start),
                                  max(previous.end, stretch.end)), members + [name])
        else:
            stretches.append((stretch, [name]))
    return stretches


def _words_around(text: str, sentence: Span, name: Span) -> tuple[int, int]:
    before = list(WORD.finditer(text[sentence.start: name.start]))
    after = list(WORD.finditer(text[name.end: sentence.end]))
    start = sentence.start + (before[-DETAIL_CONTEXT_WORDS].start()
                              if len(before) >= DETAIL_CONTEXT_WORDS else 0)
    end = name.end + (after[DETAIL_CONTEXT_WORDS - 1].end()
                      if len(after) >= DETAIL_CONTEXT_WORDS else len(text[name.end: sentence.end]))
    return start, end


def _stretch_around(text: str, sentence: Span, name: Span) -> Span:
    before = text[sentence.start: name.start]
    after = text[name.end: sentence.end]
    marks = list(BOUNDARY.finditer(before))
    start = sentence.start + (marks[-1].end() if marks else 0)
    mark = BOUNDARY.search(after)
    end = name.end + (mark.start() if mark else len(after))
    words_before = list(WORD.finditer(text[start: name.start]))
    if len(words_before) > DETAIL_CONTEXT_WORDS:
        start += words_before[-DETAIL_CONTEXT_WORDS].start()
    words_after = list(WORD.finditer(text[name.end: end]))
    if len(words_after) > DETAIL_CONTEXT_WORDS:
        end = name.end + words_after[DETAIL_CONTEXT_WORDS - 1].end()
    if len(WORD.findall(text[start:end])) - len(WORD.findall(name.of(text))) < MIN_CONTEXT_WORDS:
        # a name standing alone between commas ("..., Marilou Danley, ..."): shown with the
        # words around it, or a reader sees a bare name
        start, end = _words_around(text, sentence, name)
    stretch = text[start:end]
    start += len(stretch) - len(stretch.lstrip())
    end -= len(stretch) - len(stretch.rstrip(" .!?\"”’'"))
    return Span(start, max(end, name.end))
