"""Relays: who reports a speaker's words to the article.

In "“It is over,” Ann Vey said, according to the Daily Star" Vey said the words and the
Daily Star is how the article got them. A reader needs both: the quote keeps Vey as its
speaker and records the paper as its relay. Attribution corpora that give each word one
role (PolNeAR) annotate only the outer report: source "the Daily Star", cue "according to",
and "Ann Vey said ..." as its content.

A relay is an "according to Y" phrase in the speech verb's sentence that stands outside
what the speaker said: before or after the quote's content, or closing it ("Vey said the
plan failed, according to two aides": the aides report what Vey said). One that opens or
sits inside the content ("Vey said that, according to the census, ...") is the speaker's
own source, not a relay. Failing that, it is the speaker of a speech verb whose clause
holds the quote's cue: in "Tom Reed said Vey thinks the plan failed" Vey thinks it and
Reed relays it; in "the Courier quoted an aide as saying ..." the aide speaks and the
Courier relays.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosscheck.analyze.quotes.speakers import phrase_span, speaker_phrase
from crosscheck.records import Span


@dataclass(frozen=True)
class Relay:
    phrase: object  # spaCy Span: the relay's noun phrase ("the Daily Star")
    content: Span  # the quote's content, less a closing "according to Y" phrase


# Pronouns that never name who passes words on: the reader, things, relative pronouns.
NOT_RELAY_PRONOUNS = frozenset({"you", "it", "this", "that", "who", "which", "what"})
# Verbs that only pass on someone else's words ("quoted an aide as saying", "cited a
# witness as saying"): reporting verbs beside the speech and belief verbs.
PASSING_ON_VERBS = frozenset({"quote", "cite"})


def find_relay(  # type: ignore[no-untyped-def]
    verb, according, content: Span, quoted: set[int], speaker, *, lemmas: frozenset[str]
) -> Relay | None:
    """The relay of the words ``verb`` introduces (``speaker`` their speaker phrase, or
    None): an "according to" phrase (``according``, found beside a quote in marks, else
    searched in the verb's sentence; tokens in ``quoted``, inside quote marks, are
    someone's words, never a relay), else the speaker of a verb of ``lemmas`` that reports
    the verb's clause."""
    if verb is None:
        return None
    found = _according_relay(verb, according, content, quoted)
    if found is not None:
        return found
    reporter = _reporting_speaker(verb, lemmas)
    if reporter is None or (speaker is not None and _overlap(reporter, speaker)):
        return None
    if any(t.i in quoted or content.start <= t.idx < content.end for t in reporter):
        return None  # a phrase of someone's words ("“... you can say ‘...’,” Reed said")
    if len(reporter) == 1 and reporter.root.lower_ in NOT_RELAY_PRONOUNS:
        return None  # "believe me, you will never see ...": no one who passes words on
    return Relay(reporter, content)


def _reporting_speaker(verb, lemmas: frozenset[str]):  # type: ignore[no-untyped-def]
    """The speaker phrase of the nearest verb of ``lemmas`` whose clause holds ``verb``;
    for a verb that passes words on ("the Courier quoted an aide as saying": the aide
    speaks), its own subject."""
    token, clause = verb, verb
    while True:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and lemma in PASSING_ON_VERBS:
            return _passer_on(token)
        if token.i != verb.i and token.pos_ in ("VERB", "AUX") and lemma in lemmas:
            found = speaker_phrase(token)
            if found is None or not _reports(token, clause, found[1]):
                return None
            return found[1]
        if not _climbs(token):
            return None
        clause, token = token, token.head


def _climbs(token) -> bool:  # type: ignore[no-untyped-def]
    """One step up from a reported clause: a clausal complement ("said [X thinks]"), or
    "as [saying]" to the verb it hangs from; no other preposition."""
    if token.head.i == token.i:
        return False
    if token.dep_ == "pcomp":
        return token.head.lower_ == "as"
    if token.dep_ == "prep":
        return token.lower_ == "as"
    return token.dep_ == "ccomp" and not _behind_comma(token)


def _behind_comma(clause) -> bool:  # type: ignore[no-untyped-def]
    """A clause after its head with a comma between ("X thinks Y, Z said", where the parser
    hangs "Z said" from Y): a parenthetical, not a clause that the head reports."""
    head = clause.head
    first = next((t for t in clause.subtree if not t.is_punct), clause)
    return clause.i > head.i and any(t.text == "," for t in clause.doc[head.i + 1 : first.i])


def _reports(verb, clause, speaker) -> bool:  # type: ignore[no-untyped-def]
    """The reporting verb stands before its clause ("Reed said [Vey thinks ...]"), or after
    it behind a comma with its subject ("[Vey thinks ...], Reed said"); a clause the parser
    hangs before a verb across a semicolon or colon is no report of it."""
    if clause.i > verb.i:  # (a comma between was ruled out on the way up: _climbs)
        return True
    end = max((t.i for t in clause.subtree if not t.is_punct), default=clause.i)
    start = min(speaker.start, verb.i)
    between = verb.doc[end + 1 : start]
    return any(t.text == "," for t in between) and not any(t.text in (";", ":") for t in between)


def _passer_on(verb):  # type: ignore[no-untyped-def]
    """Who passes the words on: the subject of "Y quoted X", the agent of "X was quoted by Y"."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return phrase_span(child)
        if child.dep_ == "agent":
            agent = next((g for g in child.children if g.dep_ == "pobj"), None)
            return phrase_span(agent) if agent is not None else None
    return None


def _overlap(one, other) -> bool:  # type: ignore[no-untyped-def]
    return one.start_char < other.end_char and other.start_char < one.end_char


def _according_relay(verb, according, content: Span, quoted: set[int]) -> Relay | None:  # type: ignore[no-untyped-def]
    tokens = [according] if according is not None else [
        token for token in verb.sent if is_according(token) and token.i not in quoted]
    for token in tokens:
        source = according_source(token)
        if source is None or token.i in quoted or token.sent.start != verb.sent.start:
            continue  # someone's words, or a phrase of another sentence than the verb's
        trimmed = _outside(token, content)
        if trimmed is not None:
            return Relay(phrase_span(source), trimmed)
    return None


def _outside(according, content: Span) -> Span | None:  # type: ignore[no-untyped-def]
    """``content`` when the phrase stands outside it; the content cut before the phrase
    when the phrase closes it; None when the phrase opens or sits inside it."""
    phrase = list(according.subtree)
    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    if end <= content.start or start >= content.end:
        return content
    if start <= content.start:
        return None
    after = according.doc.text[end : content.end]
    if any(char.isalnum() for char in after):
        return None  # the speaker's words go on after it: it is theirs
    before = phrase[0].nbor(-1) if phrase[0].i > 0 else None
    while before is not None and (before.is_punct or before.is_space) and before.i > 0:
        before = before.nbor(-1)
    if before is None or before.idx + len(before.text) <= content.start:
        return None
    return Span(content.start, before.idx + len(before.text))


def is_according(token) -> bool:  # type: ignore[no-untyped-def]
    return token.lower_ == "according" and any(child.lower_ == "to" for child in token.children)


def according_source(token):  # type: ignore[no-untyped-def]
    """The head noun of "according to [Y]", or None."""
    for child in token.children:
        if child.lower_ == "to":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None
