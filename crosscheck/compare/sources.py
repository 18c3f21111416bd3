"""Upstream sources: who each article credits, for which sentences, and how many
independent sources stand behind a claim.

A credit (an ``Attribution``) covers the sentences its ``covers`` span overlaps and the
sentence that names the source. Two patterns of news writing carry a credit further:

- the lead (the first body paragraph's first sentence) with no credit of its own, followed
  by "X reported that ..." (the credit of the next sentence, when it is in the same or the
  next paragraph); a later paragraph's opener is the outlet's own writing;
- an anaphoric credit: "His comments, reported by X, ..." reaches back to the sentences
  that reported those comments, up to ``credit_lookback`` sentences and never past
  another credit.

Credits the cleaner removed with their line ("Copyright 2018 The Associated Press",
"(Jane Doe/AP)") are read back from ``Article.removed`` (``clean.credits``): a wire credit
covers every sentence; every such credit is listed among the sources, its evidence being
the credit's words as read, with an empty span at 0 (they are not in the cleaned text).

Independence: the upstream sources behind a claim count once each however many outlets
cite them; an article with no upstream for the claim counts as its own outlet's reporting;
a near-duplicate counts as the copy it duplicates; and a relay chain counts once: an outlet
credited for a claim whose own article in the story credits another source for it stands
for that source ("B reported what A reported" is A's report, not a second confirmation).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from crosscheck.analyze.sources import source_type
from crosscheck.clean.credits import LineCredit, removed_credits
from crosscheck.compare.names import same_source
from crosscheck.compare.records import Evidence, SourceUse
from crosscheck.records import Analysis, Article, Attribution, Span
from crosscheck.settings import CompareSettings

SPEECH_ANAPHOR = re.compile(
    r"\b(?:his|her|their|the|these|those|such)\s+(?:comments?|remarks?|statements?|words|"
    r"announcement|claims?|reports?|assertions?)\b", re.IGNORECASE,
)
POSSESSIVES = frozenset({"his", "her", "their"})
ANAPHOR_REACH_CHARS = 80  # the credit must follow the anaphor closely ("His comments, reported by X")
FORWARD_KINDS = frozenset({"reported", "according-to", "state-media", "wire", "says", "writes"})
# Unnamed sources are grouped by their words only: "a senior Israeli official" and "a former
# Israeli official" are two sources, however alike the names.
ANONYMOUS_KINDS = frozenset({"anonymous"})
# An outlet citing itself ("told Fox News" in a Fox News article, "our correspondent") is
# listed apart: its own reporting, never an upstream source behind a claim.
OWN_REPORTING = "(own reporting)"
RELAY_DEPTH = 4  # links followed in a relay chain (A relays B relays C ...)
NOWHERE = Span(0, 0)  # the span of a credit read from a removed line


def removed_line_attributions(article: Article) -> list[Attribution]:
    """The wire credits of the lines cleaning removed, as attributions covering the text."""
    whole = Span(0, len(article.text))
    return [Attribution(credit.source, NOWHERE, credit.kind, whole)
            for credit in removed_credits(article) if credit.kind == "wire"]


def _sentence_index(analysis: Analysis, offset: int) -> int:
    starts = [sentence.span.start for sentence in analysis.sentences]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _own_credits(article: Article, analysis: Analysis) -> dict[int, list[Attribution]]:
    own: dict[int, list[Attribution]] = defaultdict(list)
    for attribution in (*analysis.attributions, *removed_line_attributions(article)):
        if article.outlet and same_source(attribution.source, article.outlet,
                                          settings=CompareSettings()):
            continue  # an outlet naming itself is not an upstream source
        indices = {_sentence_index(analysis, attribution.source_span.start)}
        for sentence in analysis.sentences:
            if sentence.span.overlaps(attribution.covers):
                indices.add(sentence.index)
        for index in indices:
            if attribution not in own[index]:
                own[index].append(attribution)
    return own


def sentence_credits(article: Article, analysis: Analysis, *,
                     settings: CompareSettings) -> dict[int, tuple[Attribution, ...]]:
    """Sentence index -> the attributions that credit an upstream source for it."""
    own = _own_credits(article, analysis)
    credits = {index: list(items) for index, items in own.items()}
    sentences = analysis.sentences
    speakers = _quoted_speakers(analysis)
    for position, sentence in enumerate(sentences):
        for attribution in own.get(sentence.index, ()):
            anaphor = _anaphor(article.text, sentence.span.start, attribution)
            if anaphor is not None:
                # "His comments, reported by X": his quotes before are X's report; "the
                # announcement" made at a briefing is not the words of whoever came before
                possessive = anaphor.split()[0].lower() in POSSESSIVES
                _reach_back(credits, own, sentences, position, attribution, settings,
                            {} if possessive else speakers)
    lead = next((s.paragraph for s in sentences
                 if s.span.of(article.text).strip() != article.title.strip()), None)
    for position, sentence in enumerate(sentences):
        if (own.get(sentence.index) or sentence.paragraph != lead
                or not _opens_paragraph(sentences, position)):
            continue  # only the lead: a later paragraph's opener is the outlet's own text
        for step in range(1, settings.credit_lookahead + 1):
            if position + step >= len(sentences):
                break
            following = sentences[position + step]
            if following.paragraph - sentence.paragraph > 1:
                break
            forward = [a for a in own.get(following.index, ()) if a.kind in FORWARD_KINDS]
            if forward:
                credits.setdefault(sentence.index, []).extend(forward)
                break
    return {index: tuple(dict.fromkeys(items)) for index, items in credits.items()}


def _opens_paragraph(sentences: Sequence, position: int) -> bool:  # type: ignore[type-arg]
    return position == 0 or sentences[position - 1].paragraph != sentences[position].paragraph


def _anaphor(text: str, sentence_start: int, attribution: Attribution) -> str | None:
    """The words ("His comments", "the announcement") by which the credit's sentence points
    back at what it credits, when they come just before the credit."""
    window = text[sentence_start: attribution.source_span.start]
    match = None
    for match in SPEECH_ANAPHOR.finditer(window):
        pass
    if match is None or len(window) - match.end() > ANAPHOR_REACH_CHARS:
        return None
    return match.group(0)


def _quoted_speakers(analysis: Analysis) -> dict[int, set[str]]:
    """Sentence index -> the named speakers of the quotes it holds."""
    found: dict[int, set[str]] = defaultdict(set)
    for quote in analysis.quotes:
        if quote.speaker:
            found[quote.sentence].add(quote.speaker)
    return found


def _reach_back(credits: dict[int, list[Attribution]], own: Mapping[int, list[Attribution]],
                sentences: Sequence, position: int, attribution: Attribution,  # type: ignore[type-arg]
                settings: CompareSettings, speakers: Mapping[int, set[str]]) -> None:
    """Credit the sentences before an anaphoric credit ("His remarks, reported by X") to
    it, up to one with a credit of its own or one quoting someone else: "“Asking for a
    friend,” Lammy added" is Lammy's, whatever a briefing two sentences on announced."""
    for step in range(1, settings.credit_lookback + 1):
        if position - step < 1:  # sentence 0 is the headline
            return
        earlier = sentences[position - step]
        if own.get(earlier.index):
            return
        others = speakers.get(earlier.index, set()) - {attribution.source, attribution.person}
        if others:
            return
        credits.setdefault(earlier.index, []).append(attribution)


class SourceNames:
    """Canonical names for upstream sources across a story ("the Times" -> the full name).

    ``exact``: names of unnamed sources ("police source", "senior Israeli official"), which
    join only a name written the same way (case aside), never a longer one they end."""

    def __init__(self, names: Sequence[str], *, settings: CompareSettings,
                 exact: Iterable[str] = ()) -> None:
        self.canonical: dict[str, str] = {}
        exact = frozenset(exact)
        ordered = sorted(set(names), key=lambda n: (-len(n), n))
        for name in ordered:
            if name in exact:
                match = next((c for c in dict.fromkeys(self.canonical.values())
                              if c.lower() == name.lower()), None)
            else:
                match = next((c for c in dict.fromkeys(self.canonical.values())
                              if c not in exact and same_source(name, c, settings=settings)),
                             None)
            self.canonical[name] = match or name

    def __call__(self, name: str) -> str:
        return self.canonical.get(name, name)


def unnamed_source_names(analyses: Sequence[Analysis]) -> frozenset[str]:
    """Names the analyses give only to unnamed sources ("police source", "officials")."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for analysis in analyses:
        for attribution in analysis.attributions:
            kinds[attribution.source].add(attribution.kind)
    return frozenset(name for name, found in kinds.items() if found <= ANONYMOUS_KINDS)


def collect_sources(articles: Sequence[Article], analyses: Sequence[Analysis],
                    names: SourceNames) -> tuple[SourceUse, ...]:
    """Every upstream source of the story with the articles that cite it and where."""
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    kinds: dict[str, set[str]] = defaultdict(set)
    people: dict[str, set[str]] = defaultdict(set)
    for article, analysis in zip(articles, analyses):
        for attribution in analysis.attributions:
            name = names(attribution.source)
            if _own_outlet(article, attribution.source):  # "told Fox News" in Fox's article
                name = f"{attribution.source} {OWN_REPORTING}"
            span = attribution.source_span
            evidence[name].append(Evidence(article.id, span, span.of(article.text)))
            kinds[name].add(attribution.kind)
            if attribution.person:
                people[name].add(attribution.person)
        for credit in removed_credits(article):
            if not _own_outlet(article, credit.source):
                name = names(credit.source)
                evidence[name].append(_removed_evidence(article, credit))
                kinds[name].add(credit.kind)
    uses = [
        SourceUse(name=name, articles=tuple(dict.fromkeys(e.article_id for e in items)),
                  evidence=tuple(items), kinds=tuple(sorted(kinds[name])),
                  people=tuple(sorted(people[name])), type=_use_type(name, kinds[name]))
        for name, items in evidence.items()
    ]
    return tuple(sorted(uses, key=lambda use: (-len(use.articles), use.name)))


def _own_outlet(article: Article, source: str) -> bool:
    """An outlet naming itself is not an upstream source."""
    return bool(article.outlet) and same_source(source, article.outlet or "",
                                                settings=CompareSettings())


def _removed_evidence(article: Article, credit: LineCredit) -> Evidence:
    """A removed line's credit: its words as read, at an empty span (not in the cleaned text)."""
    return Evidence(article.id, NOWHERE, credit.text)


def _use_type(name: str, kinds: set[str]) -> str:
    """ "anonymous" for a source cited only as unnamed ("a police source"), else by name."""
    if kinds and kinds <= ANONYMOUS_KINDS:
        return "anonymous"
    if name.endswith(OWN_REPORTING):
        return "news"
    if name.endswith(")"):  # a speaker's channel: "Jane Doe (Twitter)", "Acme (statement)"
        return "official"
    return source_type(name)


def independent_sources(supporting: Mapping[str, Sequence[str]], *,
                        duplicates: Mapping[str, str],
                        outlet_of: Mapping[str, str]) -> tuple[str, ...]:
    """Independent sources behind a claim: upstream names once each, plus each group of
    near-duplicates that credits nobody, counted once as its outlet; an outlet cited by
    another and reporting itself counts once ("Meridian Press" and Meridian's own story),
    and so does a copy of it under another outlet's name, whichever of the two the
    near-duplicate links take for the original. Relay chains count once: an outlet
    credited by one article whose own article credits another source stands for that
    source (B reporting what A reported is one chain)."""
    groups: dict[str, list[str]] = {}
    for article_id in supporting:
        groups.setdefault(duplicates.get(article_id, article_id), []).append(article_id)
    credited = [name for sources in supporting.values() for name in sources]
    independent: list[str] = []
    for original, members in groups.items():
        names = _group_credits(original, members, supporting)
        if not names:
            outlets = [outlet_of.get(a, a) for a in dict.fromkeys([original, *members])]
            cited = next((o for o in outlets if any(_same(o, c) for c in credited)), None)
            names = [cited or outlets[0]]
        names = _follow_relays(names, supporting, outlet_of)
        for name in names:
            if not any(_same(name, known) for known in independent):
                independent.append(name)
    return tuple(independent)


def _follow_relays(names: Sequence[str], supporting: Mapping[str, Sequence[str]],
                   outlet_of: Mapping[str, str]) -> list[str]:
    """Each credited outlet replaced by what its own article in the story credits for the
    claim, link after link (up to RELAY_DEPTH); an outlet crediting nobody stays itself."""
    resolved: list[str] = []
    pending = [(name, 0) for name in names]
    seen: list[str] = []
    while pending:
        name, depth = pending.pop(0)
        if any(_same(name, done) for done in seen):
            continue
        seen.append(name)
        relayed = _relayed_by(name, supporting, outlet_of) if depth < RELAY_DEPTH else []
        if relayed:
            pending.extend((upstream, depth + 1) for upstream in relayed)
        else:
            resolved.append(name)
    return resolved


def _relayed_by(outlet: str, supporting: Mapping[str, Sequence[str]],
                outlet_of: Mapping[str, str]) -> list[str]:
    """What the articles of ``outlet`` credit for the claim (besides the outlet itself)."""
    found: list[str] = []
    for article_id, names in supporting.items():
        if article_id in outlet_of and _same(outlet_of[article_id], outlet):
            found += [n for n in _deepest(names) if not _same(n, outlet)]
    return list(dict.fromkeys(found))


def _group_credits(original: str, members: Sequence[str],
                   supporting: Mapping[str, Sequence[str]]) -> list[str]:
    """What a group of near-duplicates rests on: the credits of one member, since a copy
    rewords its original's credits ("the regional emergency service said" becomes
    "emergency officials said") and adds none. Which member is the original is a guess
    when dates tie, so the member whose credits other articles also give is taken, then
    the original."""
    elsewhere = [name for article_id, names in supporting.items() if article_id not in members
                 for name in _deepest(names)]

    def echoed(member: str) -> int:
        return sum(any(_same(name, other) for other in elsewhere)
                   for name in _deepest(supporting.get(member, ())))

    ordered = sorted(dict.fromkeys([original, *members]),
                     key=lambda member: (-echoed(member), member != original))
    return next((_deepest(supporting[m]) for m in ordered if supporting.get(m)), [])


def _same(name: str, other: str) -> bool:
    return same_source(name, other, settings=CompareSettings())


def _deepest(names: Sequence[str]) -> list[str]:
    """An article crediting an outlet and the official body that outlet cites ("according to
    Meridian Press, which cited the emergency service") rests on the body: the outlet relays."""
    official = [name for name in names if source_type(name) == "official"]
    return official or list(names)
