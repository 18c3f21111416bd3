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
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crosscheck.analyze.quotes.tagger import STAGE_PATH, load_stage
from crosscheck.analyze.doc_index import DocIndex

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
        score = self.bias + sum(map(self.weights.get, features, itertools.repeat(0.0)))
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


def candidates(token, quoted: set[int], index: DocIndex | None = None) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """Every candidate content the word ``token`` could introduce.

    ``index`` is the Doc's ``DocIndex``; pass it when calling for many tokens of one Doc
    (without it one is built for this call)."""
    if index is None:
        index = DocIndex.of(token.doc)
    i = token.i
    if index.pos[i] not in CUE_POS or i in quoted or not index.is_alpha[i]:
        return []
    frames = [(frame, words, anchor) for frame, words, anchor in _frames(index, i, quoted) if words]
    if not frames:
        return []
    context = _context(index, i)  # the features every candidate of this cue shares
    return [_candidate(index, i, frame, words, context, anchor) for frame, words, anchor in frames]


def _frames(index: DocIndex, i: int, quoted: set[int]) -> list[tuple[str, Sequence[int], int]]:
    """(frame, content token indices, anchor token) of each candidate content of cue ``i``."""
    dep, kids = index.dep, index.children[i]
    found: list[tuple[str, Sequence[int], int]] = []
    agent = any(dep[c] == "agent" for c in kids)
    for child in kids:
        if dep[child] in AGENT_ONLY_FRAMES and not agent:
            continue
        if dep[child] in CHILD_FRAMES and (child not in quoted
                                           or _partly_quoted(index, child, quoted)):
            frame = dep[child]
            if frame == "prep":
                frame = "prep_" + index.lower[child]
            found.append((frame, index.subtree(child), child))
    right = [c for c in kids if c > i and dep[c] not in RIGHT_SKIP]
    if len(right) > 1:
        tokens = index.tokens
        first = min(tokens[c].left_edge.i for c in right)
        last = max(tokens[c].right_edge.i for c in right)
        found.append(("right", range(first, last + 1), right[0]))
    head = index.heads[i]
    if dep[i] in HEAD_FRAMES and head != i:
        own = set(index.subtree(i))
        found.append(("head_" + dep[i], [t for t in index.subtree(head) if t not in own], head))
    return found


def _partly_quoted(index: DocIndex, child: int, quoted: set[int]) -> bool:
    """A clause whose head word is quoted but that opens outside the marks ("said the mayor
    “is not going to sort it out” over the next years"): the clause is what was reported,
    the quote a part of it. (One that opens inside them is the quote, with words the parser
    hung on it after the closing mark.)"""
    first = next((t for t in index.subtree(child) if index.is_word[t]), None)
    return first is not None and first not in quoted


def _context(index: DocIndex, i: int) -> list[str]:
    lemma = index.lemma[i]
    if index.lower[i] == "according":
        lemma = "according"
    dep, pos, kids = index.dep, index.pos, index.children[i]
    subject = next((c for c in kids if dep[c] in SUBJECTS), None)
    owner = next((c for c in kids if dep[c] == "poss"), None)
    agent = any(dep[c] == "agent" for c in kids)
    speaker = subject if subject is not None else owner
    kind = "none" if speaker is None else pos[speaker]
    if speaker is not None and index.tokens[speaker].ent_type_:
        kind = index.tokens[speaker].ent_type_
    elif speaker is not None and pos[speaker] in ("PRON", "NOUN"):
        kind = index.lemma[speaker]
    negated = any(dep[c] == "neg" for c in kids)
    return [
        f"l={lemma}",
        f"p={pos[i]}",
        f"t={index.tag[i]}",
        f"d={dep[i]}",
        f"s={kind}",
        f"ls={lemma}|{speaker is not None or agent}",
        *(["neg"] if negated else []),
        *(["agent"] if agent else []),
    ]


def _candidate(index: DocIndex, i: int, frame: str, words: Sequence[int], context: list[str],
               anchor: int) -> Candidate:
    """The candidate content ``words`` (token indices, in order) of cue ``i``."""
    lemma = context[0][2:]
    count = sum(1 for t in words if index.is_word[t])
    size = "1" if count <= 1 else "2-3" if count <= 3 else "4-8" if count <= 8 else "9+"
    dep, pos = index.dep, index.pos
    mark = next(
        (index.lower[g] for g in index.children[anchor]
         if dep[g] in ("mark", "aux") and g < anchor),
        "-",
    )
    general = frame.split("_")[0]
    anchor_pos = pos[anchor]
    anchor_lemma = index.lemma[anchor] if anchor_pos in ("VERB", "AUX", "ADJ") else anchor_pos
    features = (
        *context,
        f"df={dep[i]}|{general}",
        f"la={lemma}|{general}|{anchor_lemma}",
        f"f={frame}",
        f"g={general}",
        f"lf={lemma}|{frame}",
        f"lg={lemma}|{general}",
        f"pf={pos[i]}|{general}",
        f"m={general}|{mark}",
        f"lm={lemma}|{mark}",
        f"ap={general}|{anchor_pos}",
        f"n={general}|{size}",
        f"side={general}|{'left' if anchor < i else 'right'}",
    )
    tokens = index.tokens
    return Candidate(tokens[i], frame, tuple(tokens[t] for t in words), features, tokens[anchor])
