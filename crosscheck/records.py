"""The records that flow through the pipeline.

Every record is a frozen dataclass. Spans are character offsets into an article's cleaned
text (``Article.text``), never copies of it, so every statement can point back to the exact
sentence it came from. Records hold plain values (str, int, float, tuples) so that they
round-trip through JSON and the store without custom encoders; ``to_dict`` gives that form.

    readers -> Article | Rejection
    clean   -> Article (text cleaned, removed lines kept with their reasons)
    analyze -> Analysis (sentences, mentions, entities, quotes, attributions, quantities,
               dates, hedges) for one article
    stories -> Story (articles grouped; near-duplicates linked to their earliest copy)
    compare -> Dossier (built in crosscheck.compare; its records live there too)
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
    counted_span: Span | None = None


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


# --- stories ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    id: str  # stable: the id of the story's first article when it was created
    title: str
    article_ids: tuple[str, ...]
    # near-duplicate article id -> the earliest copy it duplicates
    duplicates: tuple[tuple[str, str], ...] = field(default=())


# --- dossier (compare) ------------------------------------------------------------------
# The dossier's records (Claim, Dossier, QuoteGroup, ...) live in crosscheck.compare.records
# beside the code that builds them; they are reachable from here too, loaded on first use
# so that importing this module stays cheap.
DOSSIER_RECORDS = (
    "Evidence", "StoryArticle", "StoryInfo", "EntityVariant", "CrossEntity", "ClaimSupport",
    "ConflictVersion", "Conflict", "Claim", "QuoteVariant", "WordDifference", "QuoteGroup", "SourceUse",
    "Descriptor", "Framing", "TimelineEvent", "SummarySentence", "Dossier",
)


def __getattr__(name: str) -> Any:
    if name in DOSSIER_RECORDS:
        from crosscheck.compare import records as dossier_records

        return getattr(dossier_records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
