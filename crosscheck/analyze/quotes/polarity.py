"""Whether a cue says its content, and to whom: polarity and addressee from the parse.

Polarity of an attribution (``Quote.polarity``):

- ``positive``: the speaker says the content ("said the bridge was closed");
- ``negated``: the attribution is negated ("has not confirmed the report", "did not
  dispute it") or its cue rejects the content ("denied that he was there", "dismissed
  claims that the dam would fail");
- ``declined``: the speaker refused to say ("declined to comment on", "refused to
  apologise for", "would not say", "neither confirmed nor denied");
- ``no-response``: the speaker did not answer ("did not respond to a request for
  comment", "could not be reached for comment").

The cue as recorded carries its negation or refusal ("not confirm", "decline to comment"), so
a reader never sees "confirm" where the text says the opposite.

The addressee is who was spoken to: "told reporters", "urged voters to", "asked the
minister", "in a letter to the council", "in a message left for him"; "he was asked whether
..." makes "he" the addressee, and the asker (unnamed) the speaker.
"""

from __future__ import annotations

POSITIVE = "positive"
NEGATED = "negated"
DECLINED = "declined"
NO_RESPONSE = "no-response"
POLARITIES = (POSITIVE, NEGATED, DECLINED, NO_RESPONSE)

# Cues whose content is what the speaker rejects.
DENIAL_VERBS = frozenset({
    "deny", "dismiss", "reject", "refute", "dispute", "rebut", "disavow", "contest",
    "repudiate", "disown",
})
# Cues of a refusal to speak; "declined to comment on X": X is what went unsaid.
REFUSAL_VERBS = frozenset({"decline", "refuse"})
# Verbs of answering: negated, they are a non-response ("did not return calls").
RESPONSE_VERBS = frozenset({"respond", "reply", "answer", "return", "reach"})
# Modal auxiliaries that make a negated cue a refusal: "would not say", "won't comment".
REFUSING_MODALS = frozenset({"will", "would", "wo"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
# Verbs whose object is the person spoken to ("told reporters", "urged voters to").
ADDRESSED_VERBS = frozenset({
    "tell", "ask", "urge", "warn", "advise", "inform", "order", "instruct", "remind",
    "assure", "reassure", "brief", "notify", "press", "implore", "beg", "encourage", "caution",
    "question", "call",
})
# Verbs that take the listener after "to": "said to reporters", "confirmed it to the AP".
TO_LISTENER_VERBS = frozenset({
    "say", "speak", "talk", "write", "explain", "complain", "confirm", "announce", "report",
    "admit", "declare", "describe", "mention", "reveal", "disclose", "deny", "apologize",
    "apologise", "insist", "repeat", "state", "suggest", "send", "address",
})
# Messages that go to someone: "in a letter to the council", "a voicemail left for him".
MESSAGE_NOUNS = frozenset({
    "letter", "message", "email", "e-mail", "note", "memo", "voicemail", "text", "call",
    "telegram", "cable", "tweet", "post", "interview", "statement", "speech", "remarks",
})


def polarity(cue) -> str:  # type: ignore[no-untyped-def]
    """The polarity of the attribution a cue token (a verb, or "according") introduces."""
    if cue is None:
        return POSITIVE
    lemma = cue.lemma_.lower()
    governing = _governing_verbs(cue)
    if any(verb.lemma_.lower() in REFUSAL_VERBS for verb in governing):
        return DECLINED
    if any(child.dep_ == "preconj" and child.lower_ in ("neither", "nor")
           for child in cue.children) or _after_nor(cue):
        return DECLINED  # "neither confirms nor denies"
    negated = next((verb for verb in governing if _negated(verb)), None)
    if negated is not None:
        if lemma in RESPONSE_VERBS or negated.lemma_.lower() in RESPONSE_VERBS:
            return NO_RESPONSE
        if lemma not in DENIAL_VERBS and any(  # "would not dismiss it": not a refusal
                child.dep_ == "aux" and child.lower_ in REFUSING_MODALS
                for child in negated.children):
            return DECLINED
        return NEGATED
    if lemma in DENIAL_VERBS:
        return NEGATED
    return POSITIVE


def cue_words(cue, value: str) -> str | None:  # type: ignore[no-untyped-def]
    """The cue as recorded: its lemma, with the negation or refusal the text gives it."""
    if cue is None:
        return None
    lemma = cue.lemma_.lower()
    refusal = next((verb for verb in _governing_verbs(cue)
                    if verb.lemma_.lower() in REFUSAL_VERBS and verb.i != cue.i), None)
    if refusal is not None:
        return f"{refusal.lemma_.lower()} to {lemma}"
    if value in (NEGATED, NO_RESPONSE, DECLINED) and any(_negated(v) for v in _governing_verbs(cue)):
        never = any(c.lower_ == "never" for v in _governing_verbs(cue) for c in v.children)
        return f"{'never' if never else 'not'} {lemma}"
    if value == DECLINED and lemma not in REFUSAL_VERBS:
        return f"neither {lemma}"
    return lemma


def addressee(cue):  # type: ignore[no-untyped-def]
    """The head token of who the cue's words were addressed to, or None."""
    if cue is None or cue.pos_ not in ("VERB", "AUX"):
        return None
    lemma = cue.lemma_.lower()
    if is_certainty_passive(cue):
        return None  # "she is assured of winning": sure of it, not told
    if lemma in ADDRESSED_VERBS:
        passive = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return passive  # "he was asked whether ...": he is asked, not asking
        spoken_to = next((c for c in cue.children if c.dep_ in ("dobj", "dative", "iobj")), None)
        if spoken_to is not None and spoken_to.pos_ in ("PROPN", "NOUN", "PRON"):
            return spoken_to
    if lemma in TO_LISTENER_VERBS or lemma in ADDRESSED_VERBS:
        listener = _object_of(cue, ("to",))
        if listener is not None and listener.pos_ in ("PROPN", "NOUN", "PRON"):
            return listener
    return _message_recipient(cue)


def rejected_clause(cue) -> list | None:  # type: ignore[no-untyped-def,type-arg]
    """The words of "X" in "dismissed claims that X" / "denied reports that X": what a denial
    cue rejects, without the noun that reports it; None when the object has no such clause."""
    if cue is None or cue.lemma_.lower() not in DENIAL_VERBS:
        return None
    for noun in (c for c in cue.children if c.dep_ == "dobj" and c.pos_ == "NOUN"):
        for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")):
            if any(g.dep_ == "mark" and g.lower_ == "that" for g in clause.children):
                words = [t for t in clause.subtree
                         if not (t.dep_ == "mark" and t.head.i == clause.i)]
                while words and (words[-1].is_punct or words[-1].is_space):
                    words.pop()
                return words or None
    return None


def is_addressed_passive(cue) -> bool:  # type: ignore[no-untyped-def]
    """ "He was asked whether ...", "Residents were urged to ...": the subject is spoken to;
    without a "by" phrase the text does not say who spoke."""
    return (cue is not None and cue.lemma_.lower() in ADDRESSED_VERBS
            and any(c.dep_ == "nsubjpass" for c in cue.children)
            and not any(c.dep_ == "agent" for c in cue.children)
            and not is_certainty_passive(cue))


# Passives of these verbs with "of" say the subject is sure of something, not spoken to:
# "she is assured of winning the seat" (nobody assured her of anything).
CERTAINTY_OF_VERBS = frozenset({"assure"})


def is_certainty_passive(cue) -> bool:  # type: ignore[no-untyped-def]
    """ "X is assured of ...": X holds the certainty; no one is said to have spoken."""
    return (cue is not None and cue.lemma_.lower() in CERTAINTY_OF_VERBS
            and any(c.dep_ == "nsubjpass" for c in cue.children)
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in cue.children)
            and not any(c.dep_ in ("agent", "ccomp") for c in cue.children))


def _governing_verbs(cue) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The cue and the verbs it is the infinitive of ("declined to [comment]")."""
    chain = [cue]
    current = cue
    for _ in range(2):
        if current.dep_ != "xcomp" or current.head.i == current.i:
            break
        current = current.head
        chain.append(current)
    return chain


def _negated(verb) -> bool:  # type: ignore[no-untyped-def]
    return any(child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ == "never")
               for child in verb.children)


def _after_nor(cue) -> bool:  # type: ignore[no-untyped-def]
    """The second verb of "neither confirms nor denies"."""
    return cue.dep_ == "conj" and any(child.dep_ == "preconj" and child.lower_ == "neither"
                                      for child in cue.head.children)


def _object_of(word, prepositions: tuple[str, ...]):  # type: ignore[no-untyped-def]
    for child in word.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in prepositions:
            found = next((g for g in child.children if g.dep_ == "pobj"), None)
            if found is not None:
                return found
    return None


def _message_recipient(cue):  # type: ignore[no-untyped-def]
    """ "said in a letter to the council", "said in a message left for him"."""
    for child in cue.children:
        if child.dep_ != "prep" or child.lower_ not in ("in", "on", "during"):
            continue
        for message in (g for g in child.children if g.dep_ == "pobj"):
            if message.lemma_.lower() not in MESSAGE_NOUNS:
                continue
            recipient = _object_of(message, ("to", "for"))
            if recipient is not None:
                return recipient
            for clause in (g for g in message.children if g.dep_ in ("acl", "relcl")):
                recipient = _object_of(clause, ("to", "for"))
                if recipient is not None:
                    return recipient
    return None
