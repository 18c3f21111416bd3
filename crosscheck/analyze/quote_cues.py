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

MODEL_PATH = Path(__file__).with_name("cues.json")
DENSE_PATH = Path(__file__).with_name("cues_dense.npz")
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


@dataclass(frozen=True, eq=False)
class DenseModel:
    """Second stage: re-scores the candidates the lexical model finds at least ``floor``
    likely from the lexical score and spaCy's contextual token vectors (``doc.tensor``, the
    tok2vec output the tagger and parser share) of the cue, the content's head, the speaker
    and the cue's sentence; a one-hidden-layer network (no hidden layer: logistic)."""

    floor: float
    threshold: float
    center: "np.ndarray"  # type: ignore[name-defined]  # noqa: F821
    scale: "np.ndarray"  # type: ignore[name-defined]  # noqa: F821
    layers: tuple  # ((weights, bias), ...), ReLU between them  # type: ignore[type-arg]
    columns: "np.ndarray"  # which of dense_inputs' columns the model reads  # type: ignore[name-defined]  # noqa: F821

    def probabilities(self, doc, items: list[tuple[float, Candidate]], quoted: set[int]) -> list[float] | None:  # type: ignore[no-untyped-def]
        """The second stage's probability for each (lexical probability, candidate) at or
        above the floor, the lexical one (below the floor) for the rest; None when the parse
        carries no token vectors."""
        import numpy as np

        if doc.tensor is None or doc.tensor.shape[0] != len(doc) or not len(doc):
            return None
        picked = [i for i, (p, _) in enumerate(items) if p >= self.floor]
        result = [p for p, _ in items]
        if not picked:
            return result
        x = dense_inputs(doc, [items[i] for i in picked], quoted)[:, self.columns]
        x = (x - self.center) / self.scale
        for depth, (weights, bias) in enumerate(self.layers):
            x = x @ weights + bias
            if depth < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        out = 1.0 / (1.0 + np.exp(-np.clip(x[:, 0], -30.0, 30.0)))
        for i, p in zip(picked, out.tolist()):
            result[i] = p
        return result


@dataclass(frozen=True)
class CueModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # chosen with the weights, on held-out train folds
    dense: DenseModel | None = None

    def probability(self, features: tuple[str, ...]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) for name in features)
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))

    def scored(self, doc, items: list[tuple[float, Candidate]], quoted: set[int]) -> tuple[list[float], float]:  # type: ignore[no-untyped-def]
        """Final probabilities for (lexical probability, candidate) pairs of one parse, and
        the threshold that goes with them (the second stage's when it applies)."""
        if self.dense is not None:
            found = self.dense.probabilities(doc, items, quoted)
            if found is not None:
                return found, self.dense.threshold
        return [p for p, _ in items], self.threshold


CONTEXT_WIDTH = 14


def dense_inputs(doc, items: list[tuple[float, Candidate]], quoted: set[int]) -> "np.ndarray":  # type: ignore[no-untyped-def,name-defined]  # noqa: F821
    """One row per candidate: the lexical log-odds, a speaker flag, the token vectors of the
    cue, the content's head, the speaker (zeros when there is none) and the mean over the
    cue's sentence, then ``CONTEXT_WIDTH`` figures of the candidate among the others."""
    import numpy as np

    tensor = doc.tensor
    width = tensor.shape[1]
    rows = np.zeros((len(items), 2 + 4 * width + CONTEXT_WIDTH), dtype=np.float32)
    means: dict[int, object] = {}
    for row, (p, candidate) in zip(rows, items):
        cue = candidate.cue
        row[0] = _logit(p)
        row[2 : 2 + width] = tensor[cue.i]
        anchor = candidate.anchor if candidate.anchor is not None else cue
        row[2 + width : 2 + 2 * width] = tensor[anchor.i]
        speaker = speaker_token(cue)
        if speaker is not None:
            row[1] = 1.0
            row[2 + 2 * width : 2 + 3 * width] = tensor[speaker.i]
        sent = cue.sent
        if sent.start not in means:
            means[sent.start] = tensor[sent.start : sent.end].mean(axis=0)
        row[2 + 3 * width : 2 + 4 * width] = means[sent.start]
    rows[:, 2 + 4 * width :] = _context_inputs(doc, items, quoted)
    return rows


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _context_inputs(doc, items: list[tuple[float, Candidate]], quoted: set[int]) -> list[list[float]]:  # type: ignore[no-untyped-def]
    """The candidate among the others: its cue's other frames (count, rank, best, gap), the
    sentence's other cues (best, how many likely, whether a surer one's content holds this
    cue or this content holds a surer cue), quote marks (share of the sentence and of the
    content), the sentence's position in the text (share, first) and lengths."""
    by_cue: dict[int, list[int]] = {}
    by_sent: dict[int, list[int]] = {}
    for j, (_, candidate) in enumerate(items):
        by_cue.setdefault(candidate.cue.i, []).append(j)
        by_sent.setdefault(candidate.cue.sent.start, []).append(j)
    sent_index = {sent.start: k for k, sent in enumerate(doc.sents)}
    count = max(len(sent_index), 1)
    probabilities = [p for p, _ in items]
    ends = [(c.tokens[0].i, c.tokens[-1].i) for _, c in items]
    found = []
    for j, (p, candidate) in enumerate(items):
        cue = candidate.cue
        same = by_cue[cue.i]
        best = max(probabilities[k] for k in same)
        others = [k for k in by_sent[cue.sent.start] if items[k][1].cue.i != cue.i]
        first, last = ends[j]
        sent = cue.sent
        index = sent_index.get(sent.start, 0)
        found.append(
            [
                len(same),
                sum(probabilities[k] > p for k in same),
                _logit(best),
                p - best,
                max((probabilities[k] for k in others), default=0.0),
                sum(probabilities[k] >= 0.25 for k in others),
                any(ends[k][0] <= cue.i <= ends[k][1] and probabilities[k] > p for k in others),
                any(first <= items[k][1].cue.i <= last and probabilities[k] > p for k in others),
                sum(t.i in quoted for t in sent) / max(len(sent), 1),
                sum(t.i in quoted for t in candidate.tokens) / max(len(candidate.tokens), 1),
                index / count,
                index == 0,
                len(sent),
                len(candidate.tokens),
            ]
        )
    return found


def speaker_token(token):  # type: ignore[no-untyped-def]
    """The cue's subject, else its owner ("her claim")."""
    subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
    return subject or next((c for c in token.children if c.dep_ == "poss"), None)


@functools.lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH, dense_path: Path | None = DENSE_PATH) -> CueModel | None:
    """The fitted model, or None when the file is absent (the hand rules then stand alone)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return CueModel(
        weights=dict(data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        dense=load_dense(dense_path) if dense_path is not None else None,
    )


def load_dense(path: Path) -> DenseModel | None:
    if not path.exists():
        return None
    import numpy as np

    with np.load(path) as data:
        count = int(data["layers"])
        return DenseModel(
            floor=float(data["floor"]),
            threshold=float(data["threshold"]),
            center=data["center"],
            scale=data["scale"],
            layers=tuple((data[f"w{i}"], data[f"b{i}"]) for i in range(count)),
            columns=data["columns"],
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
