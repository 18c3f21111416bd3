"""The speaker of a learned cue, as the attribution tagger marks it, where the parse fails.

The parse finds a cue's speaker through its subject or owner (``speakers.speaker_phrase``).
The candidates the tagger-based second stage admits are the hard ones ("is expected to",
"support for", a cue in a relative clause) and their parse often shows no speaker or the
wrong one. The tagger gives every word a Source logit (inside an attribution's source);
where it ran over the cue's sentence, ``tagged_speaker`` proposes the noun phrase holding the
word it marks most surely outside the content, when the parse has none or the tagger
plainly disagrees with the parse's choice. The margins are chosen on PolNeAR train CV
(``benchmarks.polnear_tagger``, ``QuoteSettings.tagged_speaker_*``).
"""

from __future__ import annotations

import numpy as np

from crosscheck.analyze.cue_tagger import SOURCE
from crosscheck.analyze.speakers import phrase_span, speaker_phrase

NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
# Words of a name or title: the phrase is the one of the word they attach to.
INSIDE_PHRASE = frozenset({"compound", "flat", "amod", "det", "nummod"})


def tagged_speaker(cue, content: set[int], logits: np.ndarray | None, *, floor: float,  # type: ignore[no-untyped-def]
                   override: float | None):
    """The speaker phrase the tagger marks for ``cue``, or None to keep the parse's choice.

    ``content``: token indices of the attributed content; ``logits``: per-token tagger
    logits of the doc (None, or zeros over sentences it did not encode). With no parsed
    speaker, the best-marked nominal word outside the content is taken when its Source
    logit is at least ``floor``; with one, it is replaced only when that word's logit is at
    least ``override`` and above every word of the parsed phrase (None: never replaced)."""
    sent = cue.sent
    if logits is None or not logits[sent.start : sent.end].any():
        return None  # the tagger did not read this sentence
    words = [t for t in sent if t.pos_ in NOMINAL and t.i not in content and t.i != cue.i]
    if not words:
        return None
    best = max(words, key=lambda t: logits[t.i, SOURCE])
    score = float(logits[best.i, SOURCE])
    parsed = speaker_phrase(cue)
    if parsed is None:
        return _phrase(best) if score >= floor else None
    if override is None or score < override:
        return None
    phrase = parsed[1]
    if phrase.start <= best.i < phrase.end or score <= max(logits[t.i, SOURCE] for t in phrase):
        return None
    return _phrase(best)


def _phrase(token):  # type: ignore[no-untyped-def]
    """The noun phrase around ``token``, from the word its name or title attaches to."""
    for _ in range(3):
        if token.dep_ not in INSIDE_PHRASE or token.head.i == token.i:
            break
        token = token.head
    return phrase_span(token)
