"""Channels through which a source reached the outlet, found in the wording itself.

A channel makes a quoted person an upstream source ("wrote in a Twitter post", "said in an
interview with BBC Radio Kent", "said in a statement", "in a televised address") and names
sources that speak through no verb ("reportedly", "(Photo: Reuters)", "originally appeared
on ..."). Each finder returns ``ChannelHit``s over the cleaned text; attributions.py turns
them into ``Attribution``s named after the speaker of the sentence when there is one.

General lexicons only: platform names, broadcast and document words, credit labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosscheck.analyze import sources
from crosscheck.records import Span

# Platforms as a class; a platform is a channel when the text says "on", "via", "to" it or
# names a post on it ("Facebook said" alone is the company speaking).
PLATFORMS = (
    "Twitter", "Facebook", "Instagram", "YouTube", "TikTok", "Telegram", "Weibo", "WeChat",
    "LinkedIn", "Reddit", "Snapchat", "Truth Social", "Threads", "Bluesky", "Mastodon",
    "WhatsApp", "VKontakte", "Substack",
)
_PLATFORM = "|".join(re.escape(p) for p in PLATFORMS)
SOCIAL = (
    re.compile(rf"\b(?:on|via|to|onto|through)\s+(?:(?:his|her|their|its|the)\s+)?"
               rf"(?:official\s+)?(?P<name>{_PLATFORM})\b"),
    re.compile(rf"\b(?P<name>{_PLATFORM})\s+(?:post|posts|page|account|feed|message|video|"
               r"livestream|thread|statement|story)\b"),
    re.compile(r"\b(?P<name>(?:re)?tweet(?:ed|s|ing)?)\b", re.IGNORECASE),
)
BROADCAST = (
    re.compile(r"\b(?:nationally\s+|live\s+)?(?P<name>televised|broadcast|radio|television|"
               r"TV|videotaped|video|recorded)\s+(?:address|speech|interview|message|appearance|"
               r"remarks|statement|briefing)\b", re.IGNORECASE),
    re.compile(r"\b(?:address|speech|interview|remarks|message)\s+(?P<name>televised|"
               r"broadcast|aired|carried)\b", re.IGNORECASE),
    re.compile(r"\binterview\s+(?:with|on|to)\s+(?P<name>(?:the\s+)?[A-Z][\w'&.-]*"
               r"(?:[ ]+[A-Z][\w'&.-]*){0,4})"),
    re.compile(r"\b(?:told|said on|speaking on|speaking to|appearing on)\s+"
               r"(?P<name>(?:the\s+)?(?:radio|television|TV)\s+(?:host|presenter|station|"
               r"channel|show|programme|program)(?:[ ]+[A-Z][\w'.-]*){0,3})"),
)
STATEMENT = (
    re.compile(r"\b(?:in|via|through)\s+an?\s+(?:[\w-]+\s+){0,2}?(?P<name>statement|"
               r"press release|news release|communiqu[eé]|letter|memo|email|e-mail|"
               r"blog post|op-ed|filing|court filing|report)\b", re.IGNORECASE),
    re.compile(r"\b(?:at|during)\s+(?:an?|her|his|their|its|the)\s+(?:[\w-]+\s+){0,3}?"
               r"(?P<name>briefing|news conference|press conference|press briefing|"
               r"hearing|press event)\b", re.IGNORECASE),
    re.compile(r"\b(?P<name>press release|news release|charge sheet|court documents|"
               r"court papers|court filings?)\b", re.IGNORECASE),
)
# Unnamed sources carried by a word, not a speaker: "reportedly", "it has been claimed",
# "are said to have", "I'm told".
UNNAMED = (
    re.compile(r"\b(?P<name>reportedly)\b", re.IGNORECASE),
    re.compile(r"\b(?:it|this)\s+(?:has|had)?\s*(?:been|was|is)\s+(?P<name>reported|claimed|"
               r"alleged|said|understood)\b", re.IGNORECASE),
    re.compile(r"\b(?:is|are|was|were)\s+(?P<name>said|reported|understood)\s+to\b",
               re.IGNORECASE),
    re.compile(r"\bI(?:'m|’m| am| was| have been|'ve been)\s+(?P<name>told)\b"),
)
# Credits on images and video: "(Photo: Reuters)", "(Jane Doe/AP)", "AP Photo/Jane Doe",
# "Video: AFP", "has exclusive pictures".
AGENCY = (r"AP|Reuters|AFP|Getty(?: Images)?|EPA|PA|Xinhua|Bloomberg|ANSA|dpa|Shutterstock|"
          r"Alamy|Anadolu|TASS|Sputnik|EFE|Kyodo|Yonhap|UPI|Pool|AAP")
PHOTO = (
    re.compile(rf"\([A-Z][\w .'-]{{1,40}}/(?P<name>{AGENCY})(?:\s+(?:Photo|Images))?\)"),
    re.compile(rf"\b(?P<name>{AGENCY})\s+Photo(?:/[A-Z][\w .'-]+)?"),
    re.compile(r"\b(?:Photo|Photograph|Picture|Image|Photos|Pictures|Images)(?:\s+credit)?\s*"
               r"(?::|by|courtesy(?: of)?)\s*(?P<name>[A-Z][\w&.'-]*(?:[ ]+[A-Z][\w&.'-]*){0,3})"),
    re.compile(r"\b(?P<name>Courtesy of [A-Z][\w&.'-]*(?:[ ]+[A-Z][\w&.'-]*){0,3})"),
)
VIDEO = (
    re.compile(r"\b(?:Video|Footage)(?:\s+credit)?\s*(?::|by|courtesy(?: of)?)\s*"
               r"(?P<name>[A-Z][\w&.'-]*(?:[ ]+[A-Z][\w&.'-]*){0,3})"),
    re.compile(r"\b(?P<name>[A-Z][\w&.'-]*(?:[ ]+[A-Z][\w&.'-]*){0,3})\s+(?:has|had|obtained|"
               r"released|aired|broadcast)\s+(?:exclusive\s+)?(?:pictures|footage|video|images)\b"),
)
SYNDICATION = (
    re.compile(r"\b(?:originally|first)\s+(?:appeared|published|ran)\s+(?:on|in|at)\s+"
               r"(?P<name>(?:the\s+)?[A-Z][\w&.'-]*(?:[ ]+[A-Z][\w&.'-]*){0,4})"),
    re.compile(r"\b(?:republished|reprinted|reproduced)\s+(?:with permission\s+)?(?:from|"
               r"courtesy of)\s+(?P<name>(?:the\s+)?[A-Z][\w&.'-]*(?:[ ]+[A-Z][\w&.'-]*){0,4})"),
)
FINDERS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("social-media", SOCIAL), ("broadcast", BROADCAST), ("statement", STATEMENT),
    ("anonymous", UNNAMED), ("photo-credit", PHOTO), ("video-credit", VIDEO),
    ("syndication", SYNDICATION),
)
# Kinds whose name is the credited organisation itself, not the speaker's channel.
NAMED_BY_CREDIT = frozenset({"photo-credit", "video-credit", "syndication"})


@dataclass(frozen=True)
class ChannelHit:
    kind: str  # one of the FINDERS' kinds
    span: Span  # the words naming the channel
    name: str  # the channel or credited organisation as written ("Twitter", "Reuters")


def find_channels(text: str) -> list[ChannelHit]:
    """Every channel phrase of the text, first found first; overlapping hits of one kind are
    kept once."""
    hits: list[ChannelHit] = []
    for kind, patterns in FINDERS:
        taken: list[Span] = []
        for pattern in patterns:
            for match in pattern.finditer(text):
                span = Span(match.start(), match.end())
                if any(span.overlaps(other) for other in taken):
                    continue
                taken.append(span)
                hits.append(ChannelHit(kind, span, channel_name(kind, match.group("name"))))
    return sorted(hits, key=lambda hit: hit.span)


def channel_name(kind: str, raw: str) -> str:
    """A readable channel name: "tweeted" -> "Twitter", "televised" -> "televised address"."""
    word = re.split(r"\.\s", " ".join(raw.split()))[0].strip(" .,;:")
    lower = word.lower()
    if kind == "social-media" and "tweet" in lower:
        return "Twitter"
    if kind == "broadcast" and lower in ("televised", "broadcast", "aired", "carried", "tv",
                                          "television", "video", "videotaped", "recorded"):
        return "televised address"
    if kind == "broadcast" and lower == "radio":
        return "radio interview"
    if kind == "anonymous":
        return "unnamed sources" if lower in ("told", "understood") else "unnamed reports"
    if kind == "broadcast" and word[:1].isupper() and not sources.is_news_source(word):
        return "interview"  # "an interview on Tuesday", "an interview with Jane Doe"
    if lower.startswith("the "):
        word = word[4:]
    if lower.startswith("courtesy of "):
        word = word[len("courtesy of "):]
    return word
