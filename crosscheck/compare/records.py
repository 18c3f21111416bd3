"""The dossier's records: what compare builds for one story.

They are defined on the ground floor, in ``crosscheck.records`` (which imports nothing of the
pipeline), and given here under the names the compare code has always used.

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

from crosscheck.records import (
    AGREED,
    CONFLICT,
    PARTIAL,
    SINGLE,
    STATUSES,
    Claim,
    ClaimSupport,
    Conflict,
    ConflictVersion,
    CrossEntity,
    Descriptor,
    Dossier,
    EntityVariant,
    Evidence,
    FigureChange,
    Framing,
    QuoteGroup,
    QuoteVariant,
    SourceUse,
    StoryArticle,
    StoryInfo,
    SummarySentence,
    TimelineEvent,
    WordDifference,
)

__all__ = [
    "AGREED", "CONFLICT", "PARTIAL", "SINGLE", "STATUSES", "Claim", "ClaimSupport", "Conflict",
    "ConflictVersion", "CrossEntity", "Descriptor", "Dossier", "EntityVariant", "Evidence",
    "FigureChange", "Framing", "QuoteGroup", "QuoteVariant", "SourceUse", "StoryArticle",
    "StoryInfo", "SummarySentence", "TimelineEvent", "WordDifference",
]
