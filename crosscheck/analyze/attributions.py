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
  covering the whole text);
- people and papers that speak for a body or stay unnamed (``source_roles``): "her
  spokesman said" ("statement"), "a police source said", "two officials said", "people
  familiar with the matter" ("anonymous"), "the statement said" ("statement"); a pronoun
  subject ("he said") continues the unnamed or speaking-for-a-body source just before it;
- channels named in the wording (``channels``): social media, broadcast, statements and
  briefings, "reportedly" and "it has been claimed", photo and video credits,
  syndication lines.

Each attribution covers the quote introduced by the same cue when there is one, else the
sentence it sits in. Source names are canonical: "the Times" is the Times outlet the article
names in full, else the known-sources table's default.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from crosscheck.analyze import source_roles, sources
from crosscheck.analyze.channel_credits import channel_credits
from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.quotes.speakers import phrase_span
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
    {"publish", "broadcast", "quote", "cite", "find", "show", "learn", "air", "obtain", "review",
     "run", "carry", "put", "register", "record", "explain", "speak"}
)
# Verbs by which an official body states something an article rests on ("the ministry
# said", "police confirmed"); narrower than the cue verbs ("the union called a strike").
OFFICIAL_VERBS = frozenset(
    {"say", "report", "announce", "confirm", "state", "estimate", "tell", "publish", "cite",
     "disclose", "reveal", "add", "note", "explain", "put", "register", "record", "suggest",
     "claim", "warn", "insist", "indicate", "tweet", "post", "write", "release", "issue"}
)
# Journalists: "a reporter of the news agency Meridian Press said", "our correspondent says".
JOURNALIST_NOUNS = frozenset({"reporter", "correspondent", "journalist", "editor", "writer",
                              "columnist", "reporters", "correspondents"})
# A source the sentence names by a generic noun stands for the last one the article named
# ("the agency reported", "according to the same agency").
GENERIC_SOURCE_NAMES = frozenset({"agency", "news agency", "newspaper", "paper", "television",
                                  "broadcaster", "channel", "network", "wire", "outlet",
                                  "tv", "radio", "report", "daily", "website"})
PRONOUN_REACH_SENTENCES = 2  # "he said" continues a source named this many sentences before
PERSON_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
# Unnamed-sounding heads that are institutions, not people: "police said" is the force.
INSTITUTION_WORDS = frozenset({"police", "authority", "authorities"})
SPOKESPERSON_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "representative",
                                "publicist"})
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
    context.outlet = article.outlet
    context.spokespeople = spokesperson_names(text, context.names)
    context.pronoun_entities = {m.span.start: entities[m.entity].name for m in mentions
                                if m.label == "PRON" and m.entity is not None}
    found = context.found
    for i, token in enumerate(index.tokens):
        if index.lower[i] == "according":
            found.extend(_according(token, context))
        elif index.pos[i] in ("VERB", "AUX"):
            found.extend(_at_verb(token, context))
    found.extend(_wire_credits(text))
    found.extend(channel_credits(context))
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
    outlet: str | None = None  # the article's own outlet ("our correspondent")
    spokespeople: frozenset[str] = frozenset()  # named people the article gives a spokesperson role
    pronoun_entities: dict[int, str] = field(default_factory=dict)  # pronoun start -> entity name
    found: list[Attribution] = field(default_factory=list)  # in reading order, as found
    last_speaker: Attribution | None = None  # the source of the last speech cue with a subject

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
    if lemma not in context.cue_lemmas or lemma == "put" and not _has_prep(verb, "at"):
        return []  # "put" credits only an estimate: "the survey put the magnitude at 6.1"
    found = []
    for head, role in _source_targets(verb, lemma):
        attribution = _verb_source(verb, lemma, head, role, context)
        if role == "subject":  # who spoke last, for a following "he said"
            context.last_speaker = attribution
        if attribution is not None:
            found.append(attribution)
    return found


def _verb_source(verb, lemma: str, head, role: str,  # type: ignore[no-untyped-def]
                 context: _Context) -> Attribution | None:
    """The attribution a verb's subject, agent, listener or cited object makes, if any:
    someone speaking for a body first ("Press Secretary Jane Doe said"), then a news source,
    then an official body, an unnamed source or a paper."""
    official_verb = lemma in OFFICIAL_VERBS
    found = _spokesperson_source(head, context) if role == "subject" and official_verb else None
    person = None
    if found is None:
        found, person = _news_source(verb, lemma, head, role, context)
    if found is None and role in ("subject", "cited") and official_verb and not _inside_quote(
            verb, context):  # not "X said the union would announce"
        found = _body_source(head, context)
    if found is None:
        return None
    name, span, kind = found
    covers, quote = _covered(verb, context)
    if role == "cited":  # the sentence the citing outlet's report is in
        covers, quote = _trim(context.sentence_at(verb.idx), context.text), None
    kind = kind or {"listener": "told", "cited": "according-to"}.get(role) or KIND_BY_VERB.get(
        lemma, "reported")
    if name.endswith("state media"):
        kind = "state-media"
    return Attribution(name, span, kind, covers, quote, person)


def _news_source(verb, lemma: str, head, role: str,  # type: ignore[no-untyped-def]
                 context: _Context) -> tuple[tuple[str, Span, str | None] | None, str | None]:
    """((name, span, kind or None), journalist) when the dependent is a news source: named
    ("Belta reported"), a journalist's outlet, the outlet's own correspondent, or an
    organisation a person spoke to ("told France Info")."""
    source = source_name(head, context.named)
    if source is not None:
        source = _named_generic(source, context)
    if source is not None:
        return (*source, None), None
    journalist = role == "subject" and (head.pos_ == "PROPN"
                                        or head.lemma_.lower() in JOURNALIST_NOUNS)
    if journalist:
        source, person = _journalist_outlet(head, context.named)
        if source is not None:
            return (*source, None), person
        own = _own_correspondent(head, context)
        if own is not None:
            return (*own, "credit"), None
    if role == "listener" and head.i > verb.i:  # "told France Info"
        listener = _named_listener(head, context)
        if listener is not None:
            return (*listener, None), None
    return None, None


def _body_source(head, context: _Context) -> tuple[str, Span, str | None] | None:  # type: ignore[no-untyped-def]
    """(name, span, kind or None) for an official body ("the trust said", "citing X"), an
    unnamed person or group, or a paper; a spokesperson when not a subject ("citing a
    spokesman for X")."""
    found = _spokesperson_source(head, context) or _unnamed_person(head, context)
    if found is None:
        official = official_name(head, context.names)
        found = (*official, _paper_kind(head)) if official is not None else None
    return found or _unnamed_source(head, context)


def _has_prep(verb, word: str) -> bool:  # type: ignore[no-untyped-def]
    return any(child.dep_ == "prep" and child.lower_ == word for child in verb.children)


def _source_targets(verb, lemma: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    """(head, role) of every dependent that could be a source; a verb joined to another
    ("Police are at the scene and say ...") shares that verb's subject."""
    targets = [t for t in (_source_child(child, lemma) for child in verb.children) if t]
    if verb.dep_ == "conj" and not any(role == "subject" for _, role in targets):
        targets += [(child, "subject") for child in verb.head.children if child.dep_ == "nsubj"]
    return targets


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
    if lemma in ("speak", "talk") and child.dep_ == "prep" and child.lower_ == "to":
        objects = [grand for grand in child.children if grand.dep_ == "pobj"]
        return (objects[0], "listener") if objects else None  # "Speaking to Meridian Press, they said"
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
    head = objects[0]
    source = source_name(head, context.named)
    if source is not None:
        source = _named_generic(source, context)
    kind = None
    if source is None:
        found = _body_source(head, context)
        if found is None:
            return []
        name, span, kind = found
        source = (name, span)
    name, span = source
    covers, quote = _covered(token, context)
    kind = "state-media" if name.endswith("state media") else kind or "according-to"
    return [Attribution(name, span, kind, covers, quote)]


def _named_generic(source: tuple[str, Span], context: _Context) -> tuple[str, Span] | None:
    """ "the agency" / "the same agency" stands for the last news source the article named."""
    name, span = source
    key = " ".join(w for w in name.lower().split() if w not in ("the", "same", "also"))
    if key not in GENERIC_SOURCE_NAMES:
        return source
    for earlier in reversed(context.found):
        words = " ".join(w for w in earlier.source.lower().split() if w not in ("the", "same"))
        if words not in GENERIC_SOURCE_NAMES and sources.source_type(earlier.source) == "news":
            return earlier.source, span
    return None  # "the website" with no named website before it names nobody


def _own_correspondent(head, context: _Context) -> tuple[str, Span] | None:  # type: ignore[no-untyped-def]
    """ "our correspondent says": the outlet's own reporter, credited as the outlet."""
    if not any(child.dep_ == "poss" and child.lower_ == "our" for child in head.children):
        return None
    phrase = phrase_span(head)
    return context.outlet or "own correspondent", Span(phrase.start_char, phrase.end_char)


def _named_listener(head, context: _Context) -> tuple[str, Span] | None:  # type: ignore[no-untyped-def]
    """ "told France Info": an organisation a person spoke to is the channel of the words."""
    named = context.names.at(head.idx)
    if named is None or named[1] != "ORG":
        return None
    span, _, entity = named
    return _clean(entity or span.of(context.text)), span


def spokesperson_names(text: str, names: _Names) -> frozenset[str]:
    """Named people the article gives a speaking-for-a-body role: "spokesman Harlan Boll",
    "Captain Jane Doe, Chief Public Relations Officer", "the press secretary, Jane Doe"."""
    people = [(start, end, entity) for start, end, label, entity in names.named
              if label == "PERSON"]
    found = set()
    for match in source_roles.SPOKESPERSON_PATTERN.finditer(text):
        for start, end, entity in people:
            before = text[end:match.start()] if end <= match.start() else None
            after = text[match.end():start] if start >= match.end() else None
            if (after is not None and len(after) <= 25 and _ROLE_THEN_NAME.match(after)
                    or before is not None and len(before) <= 45 and _NAME_THEN_ROLE.match(before)):
                found.add(names.entities[entity].name if entity is not None else text[start:end])
    return frozenset(found)


# What may stand between a role and a name in one noun phrase: "spokesman Harlan Boll",
# "press secretary, Jane Doe"; "Jane Doe, chief PRO", "Jane Doe, the company's spokeswoman".
_ROLE_THEN_NAME = re.compile(r"^[\s,]*(?:(?:Mr|Mrs|Ms|Dr|Captain|Capt|Col|Major|Cmdr)\.?\s+)?$")
_NAME_THEN_ROLE = re.compile(r"^\s*,\s*(?:[\w.'’()-]+\s+){0,4}$")


def _spokesperson_source(head, context: _Context) -> tuple[str, Span, str] | None:  # type: ignore[no-untyped-def]
    """(name, span, "statement") when the phrase names someone speaking for a body: a named
    spokesperson by name, else the body ("a spokesman for Fairmart"), else the role."""
    if head.pos_ == "PRON":
        return None
    phrase = phrase_span(head)
    span = Span(phrase.start_char, phrase.end_char)
    named = context.names.at(head.idx)
    if named is not None and named[1] == "PERSON" and named[2] in context.spokespeople:
        return named[2], span, "statement"
    role = _with_appositions(head)
    if not source_roles.is_spokesperson(role.text):
        return None
    people = [context.names.at(t.idx) for t in role if not _possessive(t)]
    person = next((p[2] for p in reversed(people) if p is not None and p[1] == "PERSON"
                   and p[2]), None)  # the role's holder, not "Williams' publicist"
    if person is not None:
        return person, Span(role.start_char, role.end_char), "statement"
    if head.lemma_.lower() in SPOKESPERSON_NOUNS:
        owner = official_name(head, context.names)
        if owner is not None:
            return owner[0], span, "statement"
        pronoun = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        whose = context.pronoun_entities.get(pronoun.idx) if pronoun is not None else None
        if whose is not None:  # "her spokesman": the spokesman of the person she is
            return f"{whose}'s {head.lower_}", span, "statement"
    return source_roles.unnamed_name(phrase.text) or head.text, span, "statement"


def _possessive(token) -> bool:  # type: ignore[no-untyped-def]
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.dep_ == "poss" or following is not None and following.lower_ in ("'s", "'", "’s", "’")


def _with_appositions(head):  # type: ignore[no-untyped-def]
    """The phrase with its appositions ("Jane Doe, chief PRO (Defence)"), no relative clause."""
    phrase = phrase_span(head)
    end = phrase.end
    for child in head.rights:
        if child.dep_ == "appos":
            end = max(end, child.right_edge.i + 1)
    start = phrase.start
    if head.dep_ == "appos" and head.head.i < head.i:  # "the press secretary, Jane Doe"
        start = min(start, phrase_span(head.head).start)
    return head.doc[start:end]


def _unnamed_source(head, context: _Context) -> tuple[str, Span, str] | None:  # type: ignore[no-untyped-def]
    """An unnamed person or group ("a police source", "people familiar with the matter"), a
    paper ("the statement"), unnamed reports, or a pronoun continuing one of these."""
    if head.pos_ == "PRON":
        return _pronoun_source(head, context)
    named = context.names.at(head.idx)
    if named is not None and named[1] == "PERSON":
        return None  # a named person quoted by the outlet itself
    lemma, lower = head.lemma_.lower(), head.lower_
    phrase = phrase_span(head)
    span = Span(phrase.start_char, phrase.end_char)
    following = context.text[phrase.end_char: phrase.end_char + 40]
    if source_roles.is_unnamed_people(lemma, following):
        whole = head.doc[phrase.start: min(head.right_edge.i + 1, phrase.start + 8)]
        name = source_roles.unnamed_name(whole.text)
        return name, Span(whole.start_char, whole.end_char), "anonymous"
    if source_roles.is_anonymous_head(lemma, lower):
        if _names_a_person(head, context):
            return None  # "the company's adviser, Jane Doe": named after all
        return source_roles.unnamed_name(phrase.text), span, "anonymous"
    if source_roles.is_document_head(lemma, lower):
        return _document_source(head, phrase, context)
    return None


def _unnamed_person(head, context: _Context) -> tuple[str, Span, str] | None:  # type: ignore[no-untyped-def]
    """ "two federal law enforcement officials", "a police source": people who speak from a
    position and stay unnamed (an institution, "police", is an official source instead)."""
    lemma = head.lemma_.lower()
    if lemma in INSTITUTION_WORDS or head.pos_ == "PRON":
        return None
    if not source_roles.is_anonymous_head(lemma, head.lower_) or _names_a_person(head, context):
        return None
    named = context.names.at(head.idx)
    if named is not None and named[1] == "ORG":
        return None  # "the Officers' Union": an organisation's name
    phrase = phrase_span(head)
    return (source_roles.unnamed_name(phrase.text), Span(phrase.start_char, phrase.end_char),
            "anonymous")


def _paper_kind(head) -> str | None:  # type: ignore[no-untyped-def]
    """ "A statement from the water board said": the board's statement, not its words."""
    return "statement" if source_roles.is_document_head(head.lemma_.lower(), head.lower_) else None


def _names_a_person(head, context: _Context) -> bool:  # type: ignore[no-untyped-def]
    found = (context.names.at(t.idx) for t in _with_appositions(head))
    return any(named is not None and named[1] == "PERSON" for named in found)


def _pronoun_source(head, context: _Context) -> tuple[str, Span, str] | None:  # type: ignore[no-untyped-def]
    """ "he said" after "a naval officer said" or "spokesman Jane Doe said": the same source,
    when the pronoun is not resolved to another named person."""
    if head.lower_ not in PERSON_PRONOUNS:
        return None
    span = Span(head.idx, head.idx + len(head.text))
    entity = context.pronoun_entities.get(head.idx)
    if entity is not None and entity in context.spokespeople:
        return entity, span, "statement"
    last = context.last_speaker
    if last is None or last.kind not in ("anonymous", "statement"):
        return None
    here = bisect.bisect_right(context.sentence_starts, head.idx)
    there = bisect.bisect_right(context.sentence_starts, last.source_span.start)
    if here - there > PRONOUN_REACH_SENTENCES:
        return None
    if entity is not None and entity != last.source and entity in _people_named(context):
        return None
    return last.source, span, last.kind


def _people_named(context: _Context) -> set[str]:
    return {context.names.entities[e].name for _, _, label, e in context.names.named
            if label == "PERSON" and e is not None}


def _document_source(head, phrase, context: _Context) -> tuple[str, Span, str]:  # type: ignore[no-untyped-def]
    """ "the statement said": the statement's author when the article named it before ("a
    statement from the Defence PRO"); "the report said": the news source last named;
    "reports suggest": unnamed reports."""
    span = Span(phrase.start_char, phrase.end_char)
    lemma = head.lemma_.lower()
    words = phrase.text.split()
    owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    if owner is not None:  # "the auditor's report", "the council's statement"
        name = source_roles.unnamed_name(_clean(phrase_span(owner).text))
        return name, span, "document" if lemma == "report" else "statement"
    if lemma == "report":
        if head.lower_ == "report" and any(t.lower_ == "the" for t in phrase):
            news = [a for a in context.found if sources.source_type(a.source) == "news"]
            if news:
                return news[-1].source, span, "reported"
        name = source_roles.unnamed_name(phrase.text)
        plain = name.lower() in ("report", "reports")
        return ("unnamed reports" if plain else name), span, "anonymous"
    fuller = _fuller_document(head)
    if fuller is not None:
        return fuller, span, "statement"
    earlier = [a for a in context.found if head.lower_ in a.source_span.of(context.text).lower()]
    if earlier and len(words) <= 2:  # "In a statement, the board said ... The statement added"
        return earlier[-1].source, span, "statement"
    return source_roles.unnamed_name(phrase.text) or head.text, span, "statement"


def _fuller_document(head) -> str | None:  # type: ignore[no-untyped-def]
    """The author of a paper as the article named it: "statement from the Defence PRO",
    "the council's statement" (this mention, or an earlier one of the same noun)."""
    for token in [head, *reversed(head.doc[max(head.i - 300, 0): head.i])]:
        if token.lower_ != head.lower_:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
        if owner is None:
            owner = next((g for c in token.children if c.dep_ == "prep"
                          and c.lower_ in ("from", "by", "of") for g in c.children
                          if g.dep_ == "pobj"), None)
        if owner is not None:
            return sources.official_source(_clean(phrase_span(owner).text))
    return None


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


_trim = source_roles.trimmed
_clean = source_roles.clean_phrase
