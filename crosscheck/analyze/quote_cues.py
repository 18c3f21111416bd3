"""Learned cues of reported speech and stance: which word introduces attributed content.

News attributes far more than speech: beliefs, plans, support, findings ("backs the plan",
"is expected to win", "her support for the ban"). Instead of a hand list per cue, every word
outside quote marks proposes candidate contents, one per syntactic frame: the subtree of a
clausal complement, object or prepositional phrase it governs, everything it governs to its
right, or, for a word that hangs off a clause ("..., he said" as parataxis, "according to
X"), that clause without the word's own phrase. A logistic regression over the cue's lemma,
the frame and their context (subject, mark, tense, negation) scores each candidate; the
best candidate per cue is kept when it scores above ``QuoteSettings.cue_threshold``.

The weights live in ``cues.json`` beside this module (lemmas, frames and weights; no text),
fitted on PolNeAR train only by ``python -m benchmarks.polnear --fit``.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from crosscheck.analyze.cue_tagger import STAGE_PATH, load_stage

MODEL_PATH = Path(__file__).with_name("cues.json")
CUE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP"})
# Dependents whose subtree can be the attributed content.
CHILD_FRAMES = frozenset(
    {
        "ccomp", "xcomp", "dobj", "prep", "advcl", "acl", "relcl", "acomp", "oprd", "attr",
        "nsubjpass", "pcomp", "dative", "parataxis",
    }
)  # fmt: skip
# A passive subject is attributed content only when the passive names who holds it ("was
# rejected by Congress"): PolNeAR train, 100 documents: 9 of 45 such candidates are gold
# contents with an agent, 14 of 256 without one.
AGENT_ONLY_FRAMES = frozenset({"nsubjpass"})
# A cue hanging off the clause it attributes: "..., he said" (parataxis), "according to X"
# (prep), "as X said" (advcl).
HEAD_FRAMES = frozenset({"parataxis", "prep", "advcl", "conj", "ccomp"})
# Parts left out of "everything the cue governs to its right".
RIGHT_SKIP = frozenset({"punct", "cc", "conj", "advcl", "mark", "relcl"})
SUBJECTS = ("nsubj", "nsubjpass", "csubj")


@dataclass(frozen=True)
class Candidate:
    cue: object  # spaCy Token
    frame: str
    tokens: tuple  # the content's tokens, in order  # type: ignore[type-arg]
    features: tuple[str, ...]
    anchor: object = None  # the token heading the content (its frame's word)


@dataclass(frozen=True)
class CueModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # chosen with the weights, on held-out train folds
    # Re-scores the likely candidates (cue_tagger.SecondStage); None: the weights decide alone.
    second_stage: object | None = None

    def probability(self, features: tuple[str, ...]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) for name in features)
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))


@functools.lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH, stage_path: Path | None = STAGE_PATH) -> CueModel | None:
    """The fitted model, or None when the file is absent (the hand rules then stand alone);
    with its second stage when ``stage_path`` holds one."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return CueModel(
        weights=dict(data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        second_stage=load_stage(stage_path) if stage_path is not None else None,
    )


def candidates(token, quoted: set[int]) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """Every candidate content the word ``token`` could introduce."""
    if token.pos_ not in CUE_POS or token.i in quoted or not token.is_alpha:
        return []
    found = []
    context = _context(token)
    agent = "agent" in context
    for child in token.children:
        if child.dep_ in AGENT_ONLY_FRAMES and not agent:
            continue
        if child.dep_ in CHILD_FRAMES and child.i not in quoted:
            tokens = tuple(child.subtree)
            frame = child.dep_
            if frame == "prep":
                frame = "prep_" + child.lower_
            found.append(_candidate(token, frame, tokens, context, child))
    right = [c for c in token.rights if c.dep_ not in RIGHT_SKIP]
    if len(right) > 1:
        doc = token.doc
        tokens = tuple(doc[min(c.left_edge.i for c in right) : max(c.right_edge.i for c in right) + 1])
        found.append(_candidate(token, "right", tokens, context, right[0]))
    head = token.head
    if token.dep_ in HEAD_FRAMES and head.i != token.i:
        own = {t.i for t in token.subtree}
        tokens = tuple(t for t in head.subtree if t.i not in own)
        found.append(_candidate(token, "head_" + token.dep_, tokens, context, head))
    return [c for c in found if c.tokens]


def _context(token) -> list[str]:  # type: ignore[no-untyped-def]
    lemma = token.lemma_.lower()
    if token.lower_ == "according":
        lemma = "according"
    subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    agent = any(c.dep_ == "agent" for c in token.children)
    speaker = subject or owner
    kind = "none" if speaker is None else speaker.pos_
    if speaker is not None and speaker.ent_type_:
        kind = speaker.ent_type_
    elif speaker is not None and speaker.pos_ in ("PRON", "NOUN"):
        kind = speaker.lemma_.lower()
    negated = any(c.dep_ == "neg" for c in token.children)
    return [
        f"l={lemma}",
        f"p={token.pos_}",
        f"t={token.tag_}",
        f"d={token.dep_}",
        f"s={kind}",
        f"ls={lemma}|{speaker is not None or agent}",
        *(["neg"] if negated else []),
        *(["agent"] if agent else []),
    ]


def _candidate(token, frame: str, tokens: tuple, context: list[str], anchor) -> Candidate:  # type: ignore[no-untyped-def,type-arg]
    lemma = context[0][2:]
    words = sum(1 for t in tokens if not t.is_punct and not t.is_space)
    size = "1" if words <= 1 else "2-3" if words <= 3 else "4-8" if words <= 8 else "9+"
    mark = next(
        (g.lower_ for g in anchor.children if g.dep_ in ("mark", "aux") and g.i < anchor.i), "-"
    )
    general = frame.split("_")[0]
    anchor_lemma = anchor.lemma_.lower() if anchor.pos_ in ("VERB", "AUX", "ADJ") else anchor.pos_
    features = (
        *context,
        f"df={token.dep_}|{general}",
        f"la={lemma}|{general}|{anchor_lemma}",
        f"f={frame}",
        f"g={general}",
        f"lf={lemma}|{frame}",
        f"lg={lemma}|{general}",
        f"pf={token.pos_}|{general}",
        f"m={general}|{mark}",
        f"lm={lemma}|{mark}",
        f"ap={general}|{anchor.pos_}",
        f"n={general}|{size}",
        f"side={general}|{'left' if anchor.i < token.i else 'right'}",
    )
    return Candidate(token, frame, tokens, features, anchor)
