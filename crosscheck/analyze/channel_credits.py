"""Attributions for the channels an article's wording names (``channels.find_channels``):
"wrote in a Twitter post", "in a televised address", "(Jane Doe/AP)", "reportedly".

A channel is named after the speaker who used it ("Boris Johnson (Twitter)"): the quote of
its sentence whose cue is nearest, else the person or organisation named last before it in
the sentence; credits name their organisation ("Associated Press"). ``context`` is the
attribution stage's per-article context (``attributions._Context``): the text, the quotes,
the sentences and the entity stage's name mentions.
"""

from __future__ import annotations

from crosscheck.analyze import sources
from crosscheck.analyze.channels import NAMED_BY_CREDIT, PLATFORMS, ChannelHit, find_channels
from crosscheck.analyze.source_roles import clean_phrase, trimmed
from crosscheck.records import Attribution, Span

PLATFORM_NAMES = frozenset(PLATFORMS)


def channel_credits(context) -> list[Attribution]:
    """Attributions for the channels the wording names (``channels.find_channels``)."""
    found = []
    for hit in find_channels(context.text):
        if hit.name.lower() in NOT_SOURCE_NAMES:
            continue
        sentence = context.sentence_at(hit.span.start)
        quote = _nearest_quote(hit, sentence, context)
        covers = context.quotes[quote].span if quote is not None else trimmed(sentence, context.text)
        name = _channel_source_name(hit, quote, context)
        kind = "told" if hit.name == "interview" else hit.kind  # not said to be on air
        found.append(Attribution(name, hit.span, kind, covers, quote))
    return found


# Words a capitalised-phrase pattern may catch that name nobody.
NOT_SOURCE_NAMES = frozenset({"he", "she", "they", "it", "we", "i", "you", "this", "that",
                              "the", "a", "an", "there"})
GENERIC_CHANNELS = frozenset({"televised address", "radio interview", "statement",
                              "unnamed reports", "unnamed sources"})


def _nearest_quote(hit: ChannelHit, sentence: Span, context) -> int | None:
    """The quote of the sentence whose cue is nearest the channel words."""
    candidates = [i for i in context.quotes_over(sentence) if context.quotes[i].cue_span]
    if not candidates:
        return None
    return min(candidates, key=lambda i: abs(context.quotes[i].cue_span.start - hit.span.start))


def _channel_source_name(hit: ChannelHit, quote: int | None, context) -> str:
    """Credits name their organisation; a channel is named after the speaker who used it:
    "Boris Johnson (Twitter)", "Jane Doe (statement)", else the channel itself."""
    if hit.kind in NAMED_BY_CREDIT:
        return sources.canonical_source(hit.name, named_in_article=context.named)
    if hit.kind == "anonymous":
        return hit.name
    is_channel_word = hit.name in GENERIC_CHANNELS or hit.name in PLATFORM_NAMES or (
        hit.name.lower() == hit.name)
    if not is_channel_word:  # "an interview with BBC Radio Kent": the broadcaster
        return sources.canonical_source(hit.name, named_in_article=context.named)
    speaker = None
    if quote is not None:
        found = context.quotes[quote]
        speaker = found.speaker or (found.speaker_span.of(context.text)
                                    if found.speaker_span else None)
    if not speaker or speaker.lower() in NOT_SOURCE_NAMES:
        speaker = _named_before(hit, context)
    if speaker and speaker.lower() not in NOT_SOURCE_NAMES:
        return f"{clean_phrase(speaker)} ({hit.name})"
    return hit.name


def _named_before(hit: ChannelHit, context) -> str | None:
    """The person or organisation named last before the channel words in their sentence:
    "President Ivo Dask spoke in a televised address" -> "Ivo Dask"."""
    sentence = context.sentence_at(hit.span.start)
    found = None
    for start, end, label, entity in context.names.named:
        if sentence.start <= start and end <= hit.span.start and label in ("PERSON", "ORG"):
            found = (context.names.entities[entity].name if entity is not None
                     else context.text[start:end])
    return found

