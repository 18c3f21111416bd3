"""Sources that are people or papers rather than outlets: spokespeople, unnamed officials,
documents and unnamed reports.

A reader counts these as upstream sources because the outlet did not witness what they
say: "a police source said", "two federal law enforcement officials said", "her spokesman
said", "the statement said", "according to local media reports". A person the outlet
names and quotes itself ("Mayor Jane Doe said") is not upstream unless a channel is named
(see ``channels``) or the person speaks for a body (a spokesperson, a press secretary).

General lexicons only: role nouns of people who speak for an institution or stay unnamed,
and nouns of papers that speak for their authors.
"""

from __future__ import annotations

import re

from crosscheck.records import Span

# People who speak for a body: what they say is the body's statement.
SPOKESPERSON_PATTERN = re.compile(
    r"\b(?:spokes(?:man|woman|person|people|men|women)|publicist|press secretary|"
    r"press officer|press office|public relations officer|public information officer|"
    r"(?-i:PRO)|press attach[eé]|communications director|mouthpiece)\b",
    re.IGNORECASE,
)
# Heads of phrases naming someone who stays unnamed but speaks from a position: "a naval
# officer", "two federal law enforcement officials", "a police source", "fire crews".
ANONYMOUS_HEADS = frozenset(
    {
        "official", "officer", "source", "aide", "analyst", "expert", "diplomat",
        "investigator", "insider", "crew", "manager", "staffer", "adviser", "advisor",
        "negotiator", "agent", "detective", "observer", "representative", "rescuer",
        "responder", "authority", "authorities", "police", "spokesman", "spokeswoman",
        "spokesperson", "publicist",
    }
)
# Heads of phrases naming people who speak for no one but themselves and stay unnamed:
# "one woman in the village", "two residents", "witnesses", "campaigners", "others".
PEOPLE_HEADS = frozenset(
    {
        "woman", "man", "resident", "witness", "eyewitness", "worker", "reporter",
        "campaigner", "critic", "politician", "figure", "academic", "student", "villager",
        "survivor", "neighbour", "neighbor", "employee", "member", "lawmaker", "legislator",
        "activist", "protester", "protestor", "someone", "other",
        "others", "voter", "parent", "relative", "onlooker", "bystander", "passenger",
    }
)
# Speaking for a body by office, not unnamed people: "police said", "the authorities said".
INSTITUTION_HEADS = frozenset({"police", "authority", "authorities"})
# "people familiar with the matter", "a person briefed on the talks".
UNNAMED_PEOPLE_HEADS = frozenset({"person", "people", "individual", "individuals"})
UNNAMED_PEOPLE_TAIL = re.compile(
    r"^(?:familiar|close|briefed|knowledgeable|with (?:direct )?knowledge|who (?:spoke|asked|"
    r"requested|declined))", re.IGNORECASE,
)
# Papers that speak for their authors: "the statement said", "a letter seen by".
DOCUMENT_HEADS = frozenset(
    {
        "statement", "release", "letter", "document", "documents", "filing", "memo",
        "memorandum", "transcript", "communique", "communiqué", "bulletin", "complaint",
        "indictment", "affidavit", "sheet", "notice", "email", "e-mail", "report", "reports",
    }
)
# Words dropped from the front of an unnamed source's name: "two senior officials" and
# "the senior officials" are both "senior officials".
LEADING_WORDS = frozenset(
    {
        "a", "an", "the", "one", "two", "three", "four", "five", "several", "some", "many",
        "other", "another", "his", "her", "their", "its", "our", "this", "that", "these",
        "those", "same", "various", "multiple", "both", "numerous", "few", "a few",
    }
)


def is_spokesperson(text: str) -> bool:
    """The phrase names someone who speaks for a body ("spokesman Harlan Boll")."""
    return bool(SPOKESPERSON_PATTERN.search(text))


def unnamed_name(text: str) -> str:
    """The name of an unnamed source as a reader would group it: without leading
    determiners and numbers, case kept ("two Israeli officials" -> "Israeli officials")."""
    kept = text.split()
    while kept and (kept[0].lower() in LEADING_WORDS or kept[0].isdigit()):
        kept.pop(0)
    return " ".join(kept).strip(" ,.;:'\"“”‘’")


def is_anonymous_head(lemma: str, lower: str) -> bool:
    """Officials or people without a name ("a police source", "two residents")."""
    return (lemma in ANONYMOUS_HEADS or lower in ANONYMOUS_HEADS or lemma in PEOPLE_HEADS
            or lower in PEOPLE_HEADS)


def is_unnamed_speaker_head(lemma: str, lower: str) -> bool:
    """The head of a speaker phrase that names no one: an official without a name, or
    people ("a naval officer", "two residents", "others"); an institution is not."""
    if lemma in INSTITUTION_HEADS or lower in INSTITUTION_HEADS:
        return False
    return is_anonymous_head(lemma, lower) or lemma in UNNAMED_PEOPLE_HEADS


def is_unnamed_people(lemma: str, following: str) -> bool:
    """ "people familiar with the matter": a person noun followed by how they know."""
    return lemma in UNNAMED_PEOPLE_HEADS and bool(UNNAMED_PEOPLE_TAIL.match(following.strip()))


def is_document_head(lemma: str, lower: str) -> bool:
    return lemma in DOCUMENT_HEADS or lower in DOCUMENT_HEADS


def trimmed(span: Span, text: str) -> Span:
    """The span without the whitespace at its ends."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def clean_phrase(text: str) -> str:
    """A phrase as a name: one space between words, no quotes, brackets or possessive."""
    return strip_possessive(" ".join(text.split()).strip(' ,.;:"“”()')).strip()


def strip_possessive(text: str) -> str:
    """A name without its possessive ending ("Belta's" -> "Belta")."""
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text
