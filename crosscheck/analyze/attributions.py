"""Attributions to upstream sources: the outlets, agencies and state media an article credits.

Found from the parse, around speech verbs and "according to":

- "Belta reported", "the Times says", "X writes": a news source as the subject of a speech
  verb ("reported", "says", "writes");
- "The New York Times' Andrew Higgins writes", "Higgins of The New York Times wrote": a
  journalist's outlet ("writes", with ``person``);
- "told the Times": a news source as the listener ("told");
- "according to X", "according to an article from X" ("according-to");
- "reported by the state news agency Belta" ("reported");
- "Belarusian state media reported" ("state-media", source "Belarusian state media");
- wire credits: "(Reuters) -", "(AP) —", "The Associated Press contributed" ("wire",
  covering the whole text).

Each attribution covers the quote introduced by the same cue when there is one, else the
sentence it sits in. Source names are canonical: "the Times" is the Times outlet the article
names in full, else the known-sources table's default.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from crosscheck.analyze import sources
from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.speakers import _strip_possessive, phrase_span
from crosscheck.records import Article, Attribution, Entity, Mention, Quote, Span
from crosscheck.settings import QuoteSettings

# Nouns that make a phrase a news organisation even when it has no name ("the newspaper").
SOURCE_NOUNS = frozenset(
    {
        "agency",
        "newspaper",
        "paper",
        "outlet",
        "broadcaster",
        "media",
        "network",
        "magazine",
        "wire",
        "daily",
        "tabloid",
        "website",
        "channel",
        "television",
        "tv",
        "radio",
        "newswire",
    }
)
# Nouns for a piece of reporting that stands for its publisher ("an article from Belta").
REPORT_NOUNS = frozenset(
    {"article", "report", "story", "dispatch", "piece", "interview", "broadcast"}
)
# What outlets do besides speaking: "a Journal article found", "CNN published".
REPORTING_VERBS = frozenset(
    {"publish", "broadcast", "quote", "cite", "find", "show", "learn", "air", "obtain", "review"}
)
# Verbs by which an official body states something an article rests on ("the ministry
# said", "police confirmed"); narrower than the cue verbs ("the union called a strike").
OFFICIAL_VERBS = frozenset(
    {"say", "report", "announce", "confirm", "state", "estimate", "tell", "publish", "cite",
     "disclose", "reveal", "add", "note"}
)
SPOKESPERSON_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative"})
# A body's documents stand for the body ("according to the council's published record").
RECORD_NOUNS = frozenset({"record", "records", "statement", "figure", "data", "report",
                          "filing", "release"})
PLACE_OR_PERSON = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC"})
DEFAULT_SETTINGS = QuoteSettings()
KIND_BY_VERB = {"report": "reported", "write": "writes", "say": "says", "tell": "told"}
WIRE_CREDITS = (
    re.compile(r"\((AP|Reuters|AFP|UPI|dpa|Xinhua|TASS|Bloomberg)\)\s*[-—–]"),
    re.compile(
        r"\b(?:The )?(Associated Press|Reuters|AFP|Agence France-Presse|Bloomberg)\s+"
        r"(?:contributed|reporters? contributed|writers? contributed)"
    ),
    re.compile(r"\b(?:Reporting|Additional reporting) by [^;\n]*?\b(Reuters)\b"),
    re.compile(r"^\s*(?:—|--|-)?\s*(AP|Associated Press|Reuters|AFP)\s*$", re.MULTILINE),
)


def find_attributions(
    doc,
    article: Article,
    quotes: tuple[Quote, ...],  # type: ignore[no-untyped-def]
    mentions: tuple[Mention, ...],
    entities: tuple[Entity, ...],
    *,
    settings: QuoteSettings = DEFAULT_SETTINGS,
    index: DocIndex | None = None,
) -> tuple[Attribution, ...]:
    """Every upstream source the article credits, each with what it covers; ``index`` is
    the Doc's ``DocIndex`` if built."""
    index = index if index is not None else DocIndex.of(doc)
    text = index.text
    if not text.strip():
        return ()
    named = named_outlets(doc)
    by_cue = {quote.cue_span: index for index, quote in enumerate(quotes) if quote.cue_span}
    context = _Context(
        quotes,
        by_cue,
        named,
        tuple(Span(s.start_char, s.end_char) for s in index.sents),
        text,
        frozenset(settings.speech_verbs) | REPORTING_VERBS,
        _Names(mentions, entities),
    )
    found: list[Attribution] = []
    for i, token in enumerate(index.tokens):
        if index.lower[i] == "according":
            found.extend(_according(token, context))
        elif index.pos[i] in ("VERB", "AUX"):
            found.extend(_at_verb(token, context))
    found.extend(_wire_credits(text))
    return _unique(_full_official_names(found))


class _Names:
    """The entity stage's name mentions by character offset: which entity a word names."""

    def __init__(self, mentions: tuple[Mention, ...], entities: tuple[Entity, ...]) -> None:
        self.named = sorted((m.span.start, m.span.end, m.label, m.entity) for m in mentions
                            if m.label not in ("PRON", "NOMINAL"))
        self.starts = [start for start, _, _, _ in self.named]
        self.entities = entities

    def at(self, char: int) -> tuple[Span, str, str | None] | None:
        """(span, label, entity name) of the name mention holding ``char``."""
        index = bisect.bisect_right(self.starts, char) - 1
        if index < 0 or char >= self.named[index][1]:
            return None
        start, end, label, entity = self.named[index]
        name = self.entities[entity].name if entity is not None else None
        return Span(start, end), label, name


@dataclass
class _Context:
    """What every cue in one article is looked up against."""

    quotes: tuple[Quote, ...]
    by_cue: dict[Span, int]  # cue span -> index of the quote it introduces
    named: tuple[str, ...]  # full names of the outlets the article names
    sentences: tuple[Span, ...]
    text: str
    cue_lemmas: frozenset[str]  # verbs whose subject or agent may be a news source
    names: _Names  # the entity stage's name mentions, for official sources
    sentence_starts: list[int] = field(init=False)
    quote_starts: list[int] = field(init=False)  # quotes come sorted by start
    longest_quote: int = field(init=False)

    def __post_init__(self) -> None:
        self.sentence_starts = [sentence.start for sentence in self.sentences]
        self.quote_starts = [quote.span.start for quote in self.quotes]
        self.longest_quote = max((len(quote.span) for quote in self.quotes), default=0)

    def sentence_at(self, char: int) -> Span:
        index = bisect.bisect_right(self.sentence_starts, char) - 1
        return self.sentences[max(index, 0)]

    def quotes_over(self, span: Span) -> list[int]:
        """Indices of the quotes overlapping ``span`` (quotes are in reading order)."""
        last = bisect.bisect_left(self.quote_starts, span.end)
        first = bisect.bisect_left(self.quote_starts, span.start - self.longest_quote)
        return [i for i in range(first, last) if self.quotes[i].span.overlaps(span)]


def named_outlets(doc) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """Full names (two words or more) of the news organisations an article names."""
    names = []
    for ent in doc.ents:
        text = _clean(ent.text)
        if (
            ent.label_ in ("ORG", "WORK_OF_ART")
            and len(text.split()) > 1
            and sources.is_news_source(text)
        ):
            names.append(text)
    return tuple(dict.fromkeys(names))


def source_name(head, named: tuple[str, ...]) -> tuple[str, Span] | None:  # type: ignore[no-untyped-def]
    """(canonical name, span as written) when the phrase headed by ``head`` is a news source.

    Follows "an article from X" / "a report by X" to X.
    """
    if head.lemma_.lower() in REPORT_NOUNS:
        for child in head.children:  # "a Wall Street Journal article", "the Post's report"
            if child.dep_ in ("compound", "poss", "nmod") and child.pos_ == "PROPN":
                found = source_name(child, named)
                if found is not None:
                    return found
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "in", "on"):
                objects = [child for child in prep.children if child.dep_ == "pobj"]
                if objects:
                    return source_name(objects[0], named)
        return None
    phrase = phrase_span(head)
    text = _clean(phrase.text)
    state = _state_media(phrase)
    if state is not None:
        return state, Span(phrase.start_char, phrase.end_char)
    if not text or not _looks_like_source(phrase):
        return None
    name = sources.canonical_source(text, named_in_article=named)
    return name, Span(phrase.start_char, phrase.end_char)


def official_name(head, names: _Names) -> tuple[str, Span] | None:  # type: ignore[no-untyped-def]
    """(name, span) when the phrase headed by ``head`` is an official or institutional body:
    a ministry, council, trust, police, an agency, a company ("the regional health ministry",
    "police", "Veldhaven Rail"); a spokesman for one stands for it ("a spokesman for the
    office"); a body's record or statement too ("the council's published record").

    Not people: a named person or a person noun ("the mayor") is a speaker, not a source.
    """
    if head.lemma_.lower() in SPOKESPERSON_NOUNS or head.lemma_.lower() in RECORD_NOUNS:
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is None:
            owner = next((g for c in head.children if c.dep_ == "prep"
                          and c.lower_ in ("for", "of", "from", "at") for g in c.children
                          if g.dep_ == "pobj"), None)
        return official_name(owner, names) if owner is not None else None
    if head.pos_ == "PRON":
        return None
    named = names.at(head.idx)
    if named is not None:  # a name: an organisation's, never a person's or a place's
        span, label, name = named
        if label != "ORG":
            return None
        return sources.official_source(name or span.of(head.doc.text)), span
    if head.ent_type_ in PLACE_OR_PERSON or head.lemma_.lower() not in sources.OFFICIAL_NOUNS and (
            head.lower_ not in sources.OFFICIAL_NOUNS):
        return None
    phrase = phrase_span(head)
    text = _clean(_fuller_mention(head, phrase).text)
    if not text:
        return None
    return sources.official_source(text), Span(phrase.start_char, phrase.end_char)


def _fuller_mention(head, phrase):  # type: ignore[no-untyped-def]
    """For "the office", the fuller phrase the article used before for the same noun ("the
    regional prosecutor's office"); else the phrase itself."""
    if len(phrase) > 2 or not any(t.lower_ == "the" for t in phrase):
        return phrase
    for earlier in reversed(head.doc[max(head.i - 300, 0) : phrase.start]):
        if earlier.lower_ == head.lower_ and earlier.pos_ == head.pos_:
            fuller = phrase_span(earlier)
            if len(fuller) > len(phrase):
                return fuller
    return phrase


def _looks_like_source(phrase) -> bool:  # type: ignore[no-untyped-def]
    if sources.lookup(phrase.text) is not None:
        return True
    head = phrase.root
    if head.lemma_.lower() in SOURCE_NOUNS:
        return True
    proper = [t for t in phrase if t.pos_ == "PROPN" or t.ent_type_ == "ORG"]
    if not proper:
        return False
    return any(t.lower_ in sources.SOURCE_WORDS for t in proper)


def _state_media(phrase) -> str | None:  # type: ignore[no-untyped-def]
    """ "Belarusian state media" -> "Belarusian state media"; None for other phrases."""
    words = [t.lower_ for t in phrase]
    if "state" not in words or phrase.root.lemma_.lower() not in (
        "medium",
        "media",
        "television",
        "tv",
        "broadcaster",
        "outlet",
        "radio",
    ):
        return None
    country = [
        t.text
        for t in phrase
        if t.ent_type_ in ("NORP", "GPE") or t.pos_ == "ADJ" and t.text[:1].isupper()
    ]
    return " ".join([*country, "state media"]) if country else "state media"


def _at_verb(verb, context: _Context) -> list[Attribution]:  # type: ignore[no-untyped-def]
    lemma = verb.lemma_.lower()
    if lemma not in context.cue_lemmas:
        return []
    found = []
    kind = KIND_BY_VERB.get(lemma, "reported")
    for child in verb.children:
        target = _source_child(child, lemma)
        if target is None:
            continue
        head, role = target
        source = source_name(head, context.named)
        person = None
        if source is None and role == "subject" and head.pos_ == "PROPN":
            source, person = _journalist_outlet(head, context.named)
        if source is None and role in ("subject", "cited") and lemma in OFFICIAL_VERBS:
            if not _inside_quote(verb, context):  # not "X said the union would announce"
                source = official_name(head, context.names)  # "the trust said", "citing X"
        if source is None:
            continue
        name, span = source
        covers, quote = _covered(verb, context)
        if role == "cited":  # the sentence the citing outlet's report is in
            covers, quote = _trim(context.sentence_at(verb.idx), context.text), None
        attribution_kind = {"listener": "told", "cited": "according-to"}.get(role, kind)
        if name.endswith("state media"):
            attribution_kind = "state-media"
        found.append(Attribution(name, span, attribution_kind, covers, quote, person))
    return found


def _source_child(child, lemma):  # type: ignore[no-untyped-def]
    """(head, role) when a verb's dependent could be the source: subject, agent or listener."""
    if child.dep_ in ("nsubj", "nsubjpass") and child.dep_ == "nsubj":
        return child, "subject"
    if child.dep_ == "agent":
        objects = [grand for grand in child.children if grand.dep_ == "pobj"]
        return (objects[0], "subject") if objects else None
    if lemma == "tell" and child.dep_ in ("dobj", "dative", "iobj"):
        return child, "listener"
    if lemma == "cite" and child.dep_ == "dobj":  # "Meridian Press, which cited the service"
        return child, "cited"
    return None


def _journalist_outlet(head, named):  # type: ignore[no-untyped-def]
    """A journalist named with an outlet: "The New York Times' Andrew Higgins", "X of the Post"."""
    candidates = [c for c in head.children if c.dep_ == "poss"]
    candidates += [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "at")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    for candidate in candidates:
        source = source_name(candidate, named)
        if source is not None:
            name, _ = source
            outlet_phrase = phrase_span(candidate)
            span = Span(outlet_phrase.start_char, outlet_phrase.end_char)
            return (name, span), _clean(phrase_span(head).text)
    return None, None


def _according(token, context: _Context) -> list[Attribution]:  # type: ignore[no-untyped-def]
    objects = [
        g for c in token.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"
    ]
    if not objects:
        return []
    source = source_name(objects[0], context.named) or official_name(objects[0], context.names)
    if source is None:
        return []
    name, span = source
    covers, quote = _covered(token, context)
    kind = "state-media" if name.endswith("state media") else "according-to"
    return [Attribution(name, span, kind, covers, quote)]


def _covered(cue, context: _Context) -> tuple[Span, int | None]:  # type: ignore[no-untyped-def]
    """The quote a cue introduces (or that sits in its sentence), else the cue's sentence."""
    quotes = context.quotes
    cue_span = Span(cue.idx, cue.idx + len(cue.text))
    sentence_span = context.sentence_at(cue.idx)
    index = context.by_cue.get(cue_span)
    if index is None:  # "according" of the cue "according to"
        index = next((i for span, i in context.by_cue.items()
                      if span.start <= cue_span.start < span.end), None)
    if index is None:
        # "according to" and a second verb in the quote's sentence: the quote next to it
        overlapping = context.quotes_over(sentence_span)
        in_sentence = [i for i in overlapping if quotes[i].kind != "indirect"] or overlapping
        if in_sentence:
            index = min(in_sentence, key=lambda i: abs(quotes[i].span.start - cue.idx))
    if index is None:
        return _trim(sentence_span, context.text), None
    return quotes[index].span, index


def _inside_quote(verb, context: _Context) -> bool:  # type: ignore[no-untyped-def]
    """The verb is inside what a quote reports (not the quote's own cue)."""
    here = Span(verb.idx, verb.idx + len(verb.text))
    return any(context.quotes[i].cue_span != here and context.quotes[i].span.start <= verb.idx
               for i in context.quotes_over(here))


def _full_official_names(found: list[Attribution]) -> list[Attribution]:
    """A short form of an official source takes the fuller name the article uses for it:
    "the office" after "the regional prosecutor's office"."""
    full = [a.source for a in found if sources.source_type(a.source) == "official"]
    renamed = []
    for attribution in found:
        words = attribution.source.lower().split()
        longer = [name for name in full if len(name.split()) > len(words)
                  and name.lower().split()[-len(words):] == words]
        if longer and sources.source_type(attribution.source) == "official":
            attribution = replace(attribution, source=max(longer, key=len))
        renamed.append(attribution)
    return renamed


def _wire_credits(text: str) -> list[Attribution]:
    found = []
    whole = _trim(Span(0, len(text)), text)
    for pattern in WIRE_CREDITS:
        for match in pattern.finditer(text):
            name = sources.canonical_source(match.group(1))
            span = Span(match.start(1), match.end(1))
            found.append(Attribution(name, span, "wire", whole))
    return found


def _unique(found: list[Attribution]) -> tuple[Attribution, ...]:
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for attribution in sorted(found, key=lambda a: (a.source_span.start, a.covers.start)):
        key = (attribution.source, attribution.source_span.start, attribution.covers.start)
        if key not in seen:
            seen.add(key)
            kept.append(attribution)
    return tuple(kept)


def _trim(span: Span, text: str) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _clean(text: str) -> str:
    return _strip_possessive(" ".join(text.split()).strip(' ,.;:"“”()')).strip()
