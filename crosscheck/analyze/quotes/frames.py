"""Frames around a quote that say who speaks, when the parse misreads them.

English attributes a quote in a few fixed frames the parser often gets wrong: a bare clause
after the closing mark ("“...?” Ann Vey pressed."), a phrase after the mark before the cue
("“...?” the 43-year-old asked", which the parser may read into the quote), and "As Ann Vey
put it," before the opening mark. Each function takes the spaCy ``doc`` of ``text`` (the
text passed as well: ``Doc.text`` joins every token on each call) and the quote's content
``span``; ``quoted`` holds the indices of tokens inside quote marks.
"""

from __future__ import annotations

import re

from crosscheck.analyze.quotes.speakers import can_speak, phrase_span, speaker_phrase
from crosscheck.records import Span

# What a verb that only attributes a quote does not have: an object or a clause of its own.
CLAUSE_OR_OBJECT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd",
                                   "dative", "conj", "parataxis", "advcl"})
# The end of a quote its speaker follows: the quote's last character or a comma, question
# or exclamation mark, the closing mark, maybe a comma ("...,” Ann Vey said").
QUOTE_THEN_SPEAKER = re.compile(r"\S?(?:[,?!]\s*[”\"’'»]|\s*[”\"’'»]\s*,)\s*")


def attributing_verb(doc, text: str, span: Span, start: int, quoted: set[int]):  # type: ignore[no-untyped-def]
    """Any verb of a clause right after the closing mark that holds only the verb, its
    subject and adverbials ("“...?” Ann Vey pressed.", "“...,” the crowd roared on
    Monday."): English attributes a quote so, whatever the verb."""
    start += len(text[start : start + 3]) - len(text[start : start + 3].lstrip(", "))
    if not QUOTE_THEN_SPEAKER.fullmatch(text[span.end - 1 : start]):
        return None
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    if first is None or first[0].is_punct or first[0].i in quoted:
        return None
    verb = first[0].head
    while verb.pos_ != "VERB" and verb.head.i != verb.i and verb.i < first[0].i + 12:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if (verb.pos_ != "VERB" or subject is None or subject.left_edge.i != first[0].i
            or verb.i in quoted):
        return None
    own = [c for c in verb.children if c.dep_ in CLAUSE_OR_OBJECT_DEPS
           and not span.start <= c.idx < span.end]
    if own or not can_speak(phrase_span(subject)):
        return None  # "... and the room fell silent" has no subject here; "lost the vote"
    return verb


def as_frame(doc, text: str, span: Span, quoted: set[int]):  # type: ignore[no-untyped-def]
    """The verb of "As Ann Vey put it," just before the opening mark: the frame
    attributes the quote after it, whatever the parse hangs the quote from."""
    window = max(0, span.start - 4)
    before = text[window : span.start].rstrip(" “\"„«'`\n")
    if not before.endswith(","):
        return None
    at = window + len(before) - 1
    comma = doc.char_span(at, at + 1, alignment_mode="expand")
    if comma is None or comma[0].i == 0:
        return None
    verb = next((t for t in reversed(comma.sent[: comma[0].i - comma.sent.start])
                 if t.pos_ == "VERB"), None)
    if verb is None or verb.i in quoted or verb.i + 3 < comma[0].i:
        return None
    opens = any(c.lower_ == "as" and c.i < verb.i and c.dep_ in ("mark", "prep")
                for c in verb.children)
    return verb if opens and speaker_phrase(verb) is not None else None


def phrase_after_quote(doc, text: str, span: Span, verb):  # type: ignore[no-untyped-def]
    """The noun phrase that opens right after a quote's closing mark, before its cue
    verb when the parse gives that verb no subject ("“...?” the 43-year-old asked",
    "“...,” delegate Tom Reed, wearing a straw hat, said": the parser read the phrase
    into the quote or made the verb hang from it); English puts the speaker there."""
    if verb.idx < span.end:
        return None
    between = doc.char_span(span.end, verb.idx, alignment_mode="expand")
    words = [t for t in between or () if not (t.is_punct or t.is_space)]
    if not words or words[0].i >= verb.i:
        return None
    gap = text[span.end - 1 : words[0].idx]
    if not QUOTE_THEN_SPEAKER.fullmatch(gap):
        return None  # a title or scare quote in mid-sentence, not words someone said
    head = words[0]
    while head.dep_ in ("det", "amod", "compound", "nummod", "npadvmod", "poss") and (
            head.i < head.head.i < verb.i):
        head = head.head
    if head.pos_ not in ("PROPN", "NOUN") and head.lower_ != "old":
        return None
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in doc[head.i + 1 : verb.i]):
        return None  # another clause with its own subject stands between
    phrase = phrase_span(head)
    return phrase if can_speak(phrase) else None
