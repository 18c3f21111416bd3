"""The dossier's records: what compare builds for one story.

Every statement carries ``Evidence``: the article id, the character span in that article's
cleaned text, and the text of the span (a convenience copy for readers of the JSON; the span
is the reference). ``crosscheck.records`` re-exports these names.

    Dossier
     +-- StoryInfo (id, title, StoryArticle per article)
     +-- CrossEntity (canonical name; EntityVariant per article)
     +-- Claim (status agreed|partial|single|conflict; ClaimSupport per article;
     |          Conflict with its ConflictVersion groups)
     +-- FigureChange (a figure given differently on different days)
     +-- QuoteGroup (QuoteVariant per article; WordDifference between variants)
     +-- SourceUse (an upstream source and the articles that cite it)
     +-- Framing (Descriptor per entity per outlet)
     +-- TimelineEvent, SummarySentence
"""

from __future__ import annotations

from dataclasses import dataclass

from crosscheck.records import Span

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
    reason: str  # "number" | "negation" | "speaker" | "date"
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
