"""The records that flow through the pipeline.

Every record is a frozen dataclass. Spans are character offsets into an article's cleaned
text (``Article.text``), never copies of it, so every statement can point back to the exact
sentence it came from. Records hold plain values (str, int, float, tuples) so that they
round-trip through JSON and the store without custom encoders; ``to_dict`` gives that form.

    readers -> Article | Rejection
    clean   -> Article (text cleaned, removed lines kept with their reasons)
    analyze -> Analysis (sentences, mentions, entities, quotes, attributions, quantities,
               dates, hedges, name descriptors) for one article
    stories -> Story (articles grouped; near-duplicates linked to their earliest copy)
    compare -> Dossier (built in crosscheck.compare; its records are at the end of this module)
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

UNKNOWN_OUTLET = None  # an outlet nobody stated is recorded as unknown, never guessed


def to_dict(record: Any) -> Any:
    """Plain JSON-ready form of a record (dataclasses become dicts, tuples become lists)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {key: to_dict(value) for key, value in record.items()}
    return record


def content_id(*parts: str | None, length: int = 16) -> str:
    """A stable content hash: the same parts always give the same id."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8"))
        digest.update(b"\x1f")  # unit separator, so ("ab", "c") != ("a", "bc")
    return digest.hexdigest()[:length]


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range [start, end) in an article's cleaned text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


# --- reading and cleaning ---------------------------------------------------------------


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner took out of the text, with the rule or signal that removed it."""

    line_no: int  # 1-based line number in the text as read
    text: str
    reason: str  # a short code, e.g. "newsletter-prompt", "related-headline", "repeated"


@dataclass(frozen=True)
class Article:
    """One news article.

    ``text`` is the article text: as read until cleaning has run, cleaned afterwards
    (``cleaned`` says which). The cleaned text starts with the headline line when one is
    known, then the body paragraphs, one per line. All spans point into the cleaned text.
    """

    id: str  # content hash of outlet, title and text as read (see readers.article_id)
    source: str  # where it came from: a path, "path:line" for JSONL, "path#record" for WARC
    format: str  # "text" | "html" | "jsonl" | "warc"
    text: str
    title: str = ""
    outlet: str | None = UNKNOWN_OUTLET
    author: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None
    section: str | None = None  # a section label such as "International"
    language: str | None = None
    removed: tuple[RemovedLine, ...] = ()
    cleaned: bool = False
    # Where each metadata value came from, e.g. {"outlet": "self-reference", "author": "bio"}.
    provenance: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rejection:
    """An input that did not become an article, and why. Nothing is dropped silently."""

    source: str
    stage: str  # "read" | "clean" | "analyze" | "store"
    reason: str  # a code: "empty", "binary", "encoding", "too-large", "truncated-gzip",
    #              "no-body", "bad-json", "missing-field", "unsupported-format", ...
    detail: str = ""


# --- per-article analysis ---------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    span: Span
    index: int  # position in the article, 0-based
    paragraph: int = 0  # 0-based line/paragraph of the cleaned text it sits in


@dataclass(frozen=True)
class Mention:
    """A name or reference to an entity, as written."""

    span: Span
    text: str
    label: str  # spaCy label (PERSON, ORG, GPE, NORP, ...) or "PRON" / "NOMINAL"
    entity: int | None = None  # index into Analysis.entities once resolved


@dataclass(frozen=True)
class Entity:
    """One real-world entity as one article names it (its mentions resolved together)."""

    index: int
    name: str  # the fullest name the article uses, e.g. "Alexander Lukashenko"
    label: str
    mentions: tuple[int, ...] = ()  # indices into Analysis.mentions


@dataclass(frozen=True)
class Quote:
    """Something a speaker said, directly or as reported speech."""

    span: Span  # the quoted or reported content, without the quote marks
    kind: str  # "direct" | "partial" | "indirect"
    speaker: str | None  # resolved speaker name, e.g. "Alexander Lukashenko"
    speaker_span: Span | None  # the mention as written at the cue ("he", "the president")
    speaker_entity: int | None = None  # index into Analysis.entities
    cue: str | None = None  # cue verb lemma: "say", "tweet", "write", "tell", "claim"
    cue_span: Span | None = None
    channel: str | None = None  # "tweeted", "told The New York Times", "according to Belta"
    sentence: int = 0  # index of the sentence where the quote starts
    # "positive" (said it) | "negated" ("did not confirm", "denied that") | "declined"
    # ("declined to comment on", "would not say") | "no-response" ("did not respond to a
    # request for comment": the span is the request, nothing was said)
    polarity: str = "positive"
    addressee: str | None = None  # who it was said to: "told [reporters]", "urged [X] to"
    addressee_span: Span | None = None
    # The speaker is unnamed people ("two officials", "a police source", or a pronoun for
    # them): the quote rests on an anonymous source.
    anonymous: bool = False
    # Who reports the speaker's words to the article: "“...,” X said, according to [CNN]"
    # (X speaks, CNN relays it). Corpora that give each word one role credit the words to
    # the relay and count "X said" as part of what it reports.
    relay: str | None = None
    relay_span: Span | None = None


@dataclass(frozen=True)
class Attribution:
    """A statement credited to an upstream source (an agency, outlet, or official body)."""

    source: str  # canonical source name: "Belta", "The New York Times", "Reuters"
    source_span: Span  # the words naming the source ("the Times", "state news agency Belta")
    # "according-to" | "reported" | "told" | "writes" | "says" | "wire" | "state-media" |
    # "statement" | "document" | "social-media" | "broadcast" | "anonymous" | "credit" |
    # "photo-credit" | "video-credit" | "syndication"
    kind: str
    covers: Span  # the sentence or quote the source stands behind
    quote: int | None = None  # index into Analysis.quotes when it covers a quote
    person: str | None = None  # a named journalist, e.g. "Andrew Higgins"


@dataclass(frozen=True)
class Quantity:
    span: Span
    value: float | None  # the number as normalised: "a thousand" -> 1000, "a dozen" -> 12
    low: float | None = None  # for ranges and vague amounts ("tens of thousands": 20000..99999)
    high: float | None = None
    counted: str | None = None  # what is counted, as a lemma: "troop", "civilian"
    qualifier: str | None = None  # "at least", "more than", "about", "up to", ...
    counted_span: Span | None = None  # for an age, the person whose age it is
    # The lemma of the word the figure hangs on in the parse: "kill" in "killing 10 people",
    # "home" in "home to 120,000 people"; it tells what a figure of a common noun measures.
    head: str | None = None
    # The proper name the parse gives as the subject of that word's clause ("Halloran" in
    # "Halloran fell 700 metres"): whose figure it is, when the sentence says.
    subject_span: Span | None = None


@dataclass(frozen=True)
class DateRef:
    span: Span
    phrase: str
    resolved: str | None  # ISO date or "YYYY-MM" / "YYYY" when only that is known
    kind: str  # "absolute" | "relative" | "period"
    sentence: int = 0


@dataclass(frozen=True)
class Hedge:
    span: Span
    kind: str  # "no-evidence" | "claim-verb" | "allegedly" | "modal" | "speculation"
    covers: Span  # the sentence or quote it qualifies
    quote: int | None = None


@dataclass(frozen=True)
class NameDescriptor:
    """Words describing a name where the article writes it, from the parse: an apposition
    ("Lukashenko, a close ally of Putin's"), the premodifiers before the name ("Belarusian
    President", "Belarus's") and the title among them ("President"). Framing reads the
    appositions and premodifiers; names read the titles."""

    mention: int  # index into Analysis.mentions (a name, never a pronoun)
    kind: str  # "apposition" | "premodifier" | "title"
    span: Span


@dataclass(frozen=True)
class Analysis:
    article_id: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateRef, ...] = ()
    hedges: tuple[Hedge, ...] = ()
    # An analysis stored before descriptors were kept reads back with none: its dossier is
    # built all the same, without that article's appositions and titles.
    descriptors: tuple[NameDescriptor, ...] = ()


# --- stories ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    id: str  # stable: the id of the story's first article when it was created
    title: str
    article_ids: tuple[str, ...]
    # near-duplicate article id -> the earliest copy it duplicates
    duplicates: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class Thread:
    """A developing story: the events (``Story`` records, each the reports of one happening,
    what a dossier compares) that follow one thread over days to months."""

    id: str  # stable: a hash of its first event's id (crosscheck.stories.threads)
    title: str
    event_ids: tuple[str, ...]


# --- dossier (compare) ------------------------------------------------------------------
# What compare builds for one story. Every statement carries ``Evidence``: the article id,
# the character span in that article's cleaned text, and the text of the span (a convenience
# copy for readers of the JSON; the span is the reference). They live here, on the ground
# floor, so that this module imports nothing of the pipeline; ``crosscheck.compare.records``
# gives the same names to the code that builds them.
#
#     Dossier
#      +-- StoryInfo (id, title, StoryArticle per article)
#      +-- CrossEntity (canonical name; EntityVariant per article)
#      +-- Claim (status agreed|partial|single|conflict; ClaimSupport per article;
#      |          Conflict with its ConflictVersion groups)
#      +-- FigureChange (a figure given differently on different days)
#      +-- QuoteGroup (QuoteVariant per article; WordDifference between variants)
#      +-- SourceUse (an upstream source and the articles that cite it)
#      +-- Framing (Descriptor per entity per outlet)
#      +-- TimelineEvent, SummarySentence
DOSSIER_RECORDS = (
    "Evidence", "StoryArticle", "StoryInfo", "EntityVariant", "CrossEntity", "ClaimSupport",
    "ConflictVersion", "Conflict", "FigureChange", "Claim", "QuoteVariant", "WordDifference",
    "QuoteGroup", "SourceUse", "Descriptor", "Framing", "TimelineEvent", "SummarySentence",
    "Dossier",
)

AGREED = "agreed"
PARTIAL = "partial"
SINGLE = "single"
CONFLICT = "conflict"
STATUSES = (AGREED, PARTIAL, SINGLE, CONFLICT)


@dataclass(frozen=True)
class Evidence:
    """A span of one article that a statement rests on."""

    article_id: str
    span: Span
    text: str


@dataclass(frozen=True)
class StoryArticle:
    id: str
    outlet: str | None
    title: str
    author: str | None = None
    published: str | None = None
    duplicate_of: str | None = None  # the earliest copy when this is a near-duplicate


@dataclass(frozen=True)
class StoryInfo:
    id: str
    title: str
    articles: tuple[StoryArticle, ...]


@dataclass(frozen=True)
class EntityVariant:
    article_id: str
    name: str  # the name as this article writes it (its fullest form)
    forms: tuple[str, ...]  # every distinct way the article writes it
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class CrossEntity:
    id: int
    name: str  # canonical: the fullest, most used form
    label: str  # PERSON, ORG, GPE, ...
    variants: tuple[EntityVariant, ...]
    mention_count: int = 0


@dataclass(frozen=True)
class ClaimSupport:
    article_id: str
    sentence: int  # sentence index in the article's analysis
    evidence: Evidence
    sources: tuple[str, ...] = ()  # upstream sources this article credits for the claim
    source_spans: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ConflictVersion:
    """One version of a disputed point ("At least 12") and the articles that give it."""

    text: str  # the version as its first article writes it
    sides: tuple[Evidence, ...]  # its span in each article that gives it
    articles: tuple[str, ...]
    independent_sources: tuple[str, ...]  # behind this version, a near-duplicate counted once


@dataclass(frozen=True)
class Conflict:
    reason: str  # "number" | "negation" | "speaker" | "date" | "judgement" | "expectation"
    detail: str  # e.g. "killed: 12 (A) vs 15 (B)"
    sides: tuple[Evidence, ...]  # the span of every side (numbers, negations or sentences)
    # the sides grouped: the articles that give one version, then those that give another
    versions: tuple[ConflictVersion, ...] = ()
    about: str = ""  # what is disputed, when known: "magnitude", "people (injure)", "age of X"


@dataclass(frozen=True)
class FigureChange:
    """A figure that moved between reports published on different days (a toll that rose
    from one day's reports to the next): a change over time, not a conflict."""

    about: str  # what the figure measures: "people (kill)"
    earlier: Evidence
    earlier_published: str
    later: Evidence
    later_published: str


@dataclass(frozen=True)
class Claim:
    id: int
    text: str  # the representative sentence, verbatim from ``support[0]``
    status: str  # one of STATUSES
    support: tuple[ClaimSupport, ...]
    sources: tuple[str, ...]  # upstream sources behind the claim, across articles
    independent_sources: tuple[str, ...]  # after folding wires and near-duplicates
    entities: tuple[int, ...] = ()  # CrossEntity ids the claim mentions
    conflict: Conflict | None = None
    # a single-source detail inside the sentence of the shared claim with this id: a name
    # no other outlet gives (compare/details.py)
    detail_of: int | None = None

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.article_id for item in self.support))


@dataclass(frozen=True)
class QuoteVariant:
    article_id: str
    evidence: Evidence
    kind: str  # "direct" | "partial" | "indirect"
    cue: str | None
    channel: str | None
    speaker_as_written: str | None
    polarity: str = "positive"  # as Quote.polarity; a group never mixes two polarities
    addressee: str | None = None
    anonymous: bool = False  # the article credits it to unnamed people
    copy_of: str | None = None  # a copy's version: the id of the article it copies
    relay: str | None = None  # who reports the speaker's words: "according to [CNN]"


@dataclass(frozen=True)
class WordDifference:
    article_a: str
    article_b: str
    op: str  # "replace" | "insert" | "delete"
    words_a: str
    words_b: str
    equivalent: bool  # the same after normalisation ("a thousand" = "1,000")


@dataclass(frozen=True)
class QuoteGroup:
    id: int
    speaker: int | None  # CrossEntity id
    speaker_name: str | None
    variants: tuple[QuoteVariant, ...]
    differences: tuple[WordDifference, ...]
    missing_from: tuple[str, ...]  # articles of the story that do not carry this quote


@dataclass(frozen=True)
class SourceUse:
    name: str
    articles: tuple[str, ...]
    evidence: tuple[Evidence, ...]  # where each article names the source
    kinds: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # named journalists ("Andrew Higgins")
    type: str = "news"  # "news" (an outlet, a wire) or "official" (a ministry, police, a firm)


@dataclass(frozen=True)
class Descriptor:
    kind: str  # "apposition" | "premodifier" | "loaded" | "hedge"
    evidence: Evidence


@dataclass(frozen=True)
class Framing:
    entity: int
    entity_name: str
    outlet: str  # the outlet name, or the article id when the outlet is unknown
    article_id: str
    descriptors: tuple[Descriptor, ...]


@dataclass(frozen=True)
class TimelineEvent:
    date: str  # ISO date, or "YYYY-MM" / "YYYY"
    phrase: str
    text: str
    evidence: tuple[Evidence, ...]
    claim: int | None = None


@dataclass(frozen=True)
class SummarySentence:
    text: str
    articles: tuple[str, ...]  # the articles that support it
    evidence: tuple[Evidence, ...]
    claim: int | None = None
    status: str | None = None


@dataclass(frozen=True)
class Dossier:
    story: StoryInfo
    claims: tuple[Claim, ...]
    quotes: tuple[QuoteGroup, ...]
    entities: tuple[CrossEntity, ...]
    sources: tuple[SourceUse, ...]
    framing: tuple[Framing, ...]
    timeline: tuple[TimelineEvent, ...]
    summary: tuple[SummarySentence, ...]
    changes: tuple[FigureChange, ...] = ()  # figures that moved between days
