"""Second stage of the cue model: re-score likely candidates with an attribution tagger.

Used at run time since 2026-11-30 (benchmarks/results/polnear.md, session 5): the committed
``cue_stage.npz`` re-scores the candidates the lexical model gives 0.15 to 0.6, reads only
their sentences, and lets the tagger propose attributions there. With the tagger's top two
layers fitted: PolNeAR train CV content F1 0.707 -> 0.733, dev 0.729 -> 0.7505 (target 0.75),
speaker accuracy on dev 0.866 -> 0.887; the analysis takes 1.19-1.22 x spaCy's time (budget
1.3). ``make model`` builds the
tagger; ``python -m benchmarks.polnear_tagger --tagger ... --spec 0.15 0.6 1.0 0.25`` rewrites
the stage, which ``cues.load_model`` picks up.

The lexical cue model (``cues``) sees a word, its frame and its dependents; it cannot
tell "he supports the plan" (an attribution in PolNeAR) from "the pillar supports the roof".
The tagger is MiniLM's first three layers, the top two fitted on PolNeAR train
(``scripts/fit_tagger.py``; assembled into ``<cache>/attribution-tagger/tagger.onnx`` by
``make model``): for every word it gives three logits, inside an attribution's cue,
content, source. ``SecondStage`` combines, per candidate the lexical model is unsure of
(probability from ``floor`` to ``ceiling``), the lexical log-odds with what the tagger says
about the cue, the candidate content and its edges, and the speaker (``candidate_inputs``),
in a logistic regression fitted on the train documents the lexical model was not fitted on
(``benchmarks.polnear_tagger``, which writes ``cue_stage.npz``; ``cues.load_model``
picks it up when present).

Only parses holding such a candidate are encoded: the band bounds the encoder's cost.
``SecondStage.encode_floor`` sets which of their sentences the tagger reads, because it also
proposes attributions of its own where no kept lexical cue stands (``tagged_attributions``,
``QuoteSettings.tagged_cue_floor``). The committed stage reads only the re-scored candidates'
sentences (train CV 0.733): every sentence (0.739) or "wide" (0.737) cost 1.26-1.36 x spaCy
(measured with the previous tagger, same size), over the budget. Without the built tagger the lexical model decides alone; that is logged
once. So it does with a tagger built from other weights than the stage file names (a cache
left by an older checkout: ``WEIGHTS_HASH_FILE``).
"""

from __future__ import annotations

import bisect
import functools
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosscheck.analyze.quotes.speakers import phrase_span, speaker_phrase
from crosscheck.nlp.tagger import tagger_logits

log = logging.getLogger(__name__)

STAGE_PATH = Path(__file__).with_name("cue_stage.npz")
CUE, CONTENT, SOURCE = 0, 1, 2
# SecondStage.encode_floor unless its file says otherwise: chosen on train CV
# (benchmarks/results/polnear.md, 2026-11-30 last round).
ENCODE_FLOOR: float | None = 0.0
INPUT_NAMES = (
    "lexical log-odds", "cue", "content mean", "content min", "content share",
    "before start", "after end", "speaker source", "sentence source max", "cue inside content",
    "has speaker",
)  # fmt: skip


def candidate_inputs(items: list, logits: np.ndarray, index=None) -> np.ndarray:  # type: ignore[no-untyped-def,type-arg]
    """One row per (lexical probability, candidate): the columns of ``INPUT_NAMES``, from
    ``logits`` (one row of cue / content / source logits per token of the doc); ``index``,
    the doc's ``DocIndex`` when the caller has one."""
    rows = np.zeros((len(items), len(INPUT_NAMES)), dtype=np.float32)
    sentence_of = sentence_finder(items[0][1].cue.doc, index) if items else None
    for row, (p, candidate) in zip(rows, items):
        cue = candidate.cue
        words = [t.i for t in candidate.tokens if not t.is_punct and not t.is_space]
        inside = logits[words, CONTENT] if words else np.zeros(1, dtype=np.float32)
        first, last = candidate.tokens[0].i, candidate.tokens[-1].i
        sent = sentence_of(cue.i)
        speaker = _speaker(cue)
        row[:] = (
            _log_odds(p),
            logits[cue.i, CUE],
            inside.mean(),
            inside.min(),
            (inside > 0).mean(),
            _edge(logits, first - 1, sent),
            _edge(logits, last + 1, sent),
            logits[speaker.i, SOURCE] if speaker is not None else 0.0,
            max((logits[t.i, SOURCE] for t in sent if not t.is_space), default=0.0),
            max((logits[i, CUE] for i in words if i != cue.i), default=-10.0),
            speaker is not None,
        )
    return rows


def trimmed_content(tokens: tuple, logits: np.ndarray | None, *, floor: float) -> tuple:  # type: ignore[type-arg]
    """A candidate content cut after its last word the tagger marks as content (logit at
    least ``floor``): the lexical frames run long ("..., while ...", trailing adjuncts).
    Unchanged where the tagger did not read the sentence or marks no word."""
    if logits is None or not logits[tokens[0].i].any():
        return tokens
    marked = [
        k for k, t in enumerate(tokens)
        if not t.is_punct and not t.is_space and logits[t.i, CONTENT] >= floor
    ]  # fmt: skip
    return tokens[: marked[-1] + 1] if marked else tokens


# Parse relations of a content's head that open a clause or phrase its content may end with
# ("..., while ...", an apposition, an adjunct): where the tagger stops, the content stops.
CLAUSE_DEPS = frozenset({"conj", "advcl", "relcl", "appos", "prep", "npadvmod", "acl"})


def clause_trimmed(tokens: tuple, anchor, logits: np.ndarray | None, *, floor: float) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    """A candidate content without the trailing clauses of its head ``anchor`` (children in
    ``CLAUSE_DEPS`` ending the content) whose words the tagger marks as content with a mean
    logit below ``floor``; unchanged where the tagger did not read the sentence."""
    if logits is None or anchor is None or not logits[tokens[0].i].any():
        return tokens
    while True:
        words = [t for t in tokens if not t.is_punct and not t.is_space]
        if not words:
            return tokens
        last = words[-1].i
        tail = next(
            (c for c in anchor.children if c.dep_ in CLAUSE_DEPS and c.i > anchor.i
             and c.right_edge.i == last and c.left_edge.i > tokens[0].i),
            None,
        )  # fmt: skip
        if tail is None:
            return tokens
        inside = [t.i for t in tail.subtree if not t.is_punct and not t.is_space]
        if float(logits[inside, CONTENT].mean()) >= floor:
            return tokens
        cut = tail.left_edge.i
        kept = tuple(t for t in tokens if t.i < cut)
        while kept and (kept[-1].is_punct or kept[-1].dep_ == "cc" or kept[-1].is_space):
            kept = kept[:-1]
        if not kept:
            return tokens
        tokens = kept


def tagged_attributions(  # type: ignore[no-untyped-def]
    doc, logits: np.ndarray | None, taken: set[int], *, cue_floor: float, content_floor: float,
    gap: int = 2, snap: bool = False, bridge: int = 0,
) -> list:  # type: ignore[type-arg]
    """(cue token, content tokens) the tagger marks where no kept lexical cue stands.

    Over the sentences the tagger read: a run of words with cue logits at least
    ``cue_floor`` (none of them in ``taken``, the indices of kept cues) is a cue, its word
    with the highest logit its head; the content is the run of words with content logits at
    least ``content_floor`` nearest the cue, starting or ending within ``gap`` words of it
    (punctuation between two marked words stays inside). A cue with no such run is dropped.
    ``snap``: a run under one parse head (the others' heads inside it) becomes that head's
    whole subtree, when the subtree keeps clear of the cue; ``bridge``: words below the
    floor a content run may hold between marked ones."""
    if logits is None:
        return []
    found = []
    for sent in doc.sents:
        if not logits[sent.start : sent.end].any():
            continue
        words = [t for t in sent if not t.is_punct and not t.is_space]
        cues = _runs([t for t in words if logits[t.i, CUE] >= cue_floor], words)
        if not cues:
            continue
        for run in cues:
            if any(t.i in taken for t in run):
                continue
            ids = {t.i for t in run}
            marked = [t for t in words if t.i not in ids and logits[t.i, CONTENT] >= content_floor]
            best = None
            for content in _runs(marked, words, bridge):
                if content[0].i > run[-1].i:
                    distance = sum(1 for t in words if run[-1].i < t.i < content[0].i)
                elif content[-1].i < run[0].i:
                    distance = sum(1 for t in words if content[-1].i < t.i < run[0].i)
                else:
                    continue
                if distance <= gap and (best is None or (distance, -len(content)) < best[0]):
                    best = ((distance, -len(content)), content)
            if best is None:
                continue
            head = max(run, key=lambda t: logits[t.i, CUE])
            content = best[1]
            first, last = content[0].i, content[-1].i
            if snap:
                inside = {t.i for t in content}
                roots = [t for t in content if t.head.i not in inside or t.head.i == t.i]
                if len(roots) == 1:
                    left, right = roots[0].left_edge.i, roots[0].right_edge.i
                    if not any(left <= t.i <= right for t in run):
                        first, last = min(first, left), max(last, right)
            tokens = tuple(doc[first : last + 1])
            found.append((head, tokens))
    return found


def _runs(tokens: list, words: list, bridge: int = 0) -> list:  # type: ignore[type-arg]
    """``tokens`` (in order, all among ``words``, a sentence's words) split where more than
    ``bridge`` words not among them come between two of them."""
    if not tokens:
        return []
    order = {t.i: k for k, t in enumerate(words)}
    runs = [[tokens[0]]]
    for token in tokens[1:]:
        if order[token.i] <= order[runs[-1][-1].i] + 1 + bridge:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def sentence_finder(doc, index=None):  # type: ignore[no-untyped-def]
    """A function from a token index to its sentence. ``Token.sent`` walks the doc's
    sentences on every call; over a long article's candidates that cost more than the
    tagger itself (benchmarks/results/polnear.md, 2026-11-30 late). ``index``, the doc's
    ``DocIndex``, whose sentences and their starts are then read instead."""
    if index is not None:
        sents, starts = index.sents, index.sent_starts
    else:
        sents = list(doc.sents)
        starts = [sent.start for sent in sents]

    def sentence_of(index: int):  # type: ignore[no-untyped-def]
        return sents[bisect.bisect_right(starts, index) - 1]

    return sentence_of


def _edge(logits: np.ndarray, index: int, sent) -> float:  # type: ignore[no-untyped-def]
    """The content logit of the word just outside the candidate (low when the content should
    stop there); a sentence edge counts as a clean stop."""
    if index < sent.start or index >= sent.end:
        return -10.0
    return float(logits[index, CONTENT])


def _speaker(token):  # type: ignore[no-untyped-def]
    """The cue's subject, else its owner ("her claim")."""
    for dep in ("nsubj", "nsubjpass", "csubj", "poss"):
        found = next((c for c in token.children if c.dep_ == dep), None)
        if found is not None:
            return found
    return None


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass(frozen=True, eq=False)
class SecondStage:
    """Logistic regression over ``candidate_inputs`` (standardised), with its threshold."""

    floor: float
    ceiling: float  # candidates the lexical model is this sure of are not re-scored (speed)
    threshold: float
    center: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    # [(doc, sentences)] -> per-token logits of each doc, or None without a tagger
    logits: Callable  # type: ignore[type-arg]
    # Sentences holding a candidate the lexical model finds at least this likely are encoded
    # too (in parses with a candidate to re-score), for the tagger's own attributions
    # (``tagged_attributions``) and speakers; 0 or less: every sentence of such a parse;
    # None: only the re-scored candidates' sentences.
    encode_floor: float | None = ENCODE_FLOOR

    def picked(self, items: list) -> list[int]:  # type: ignore[type-arg]
        """Indices of the (lexical probability, candidate) items the stage re-scores."""
        return [i for i, (p, _) in enumerate(items) if self.floor <= p < self.ceiling]

    def sentences(self, items: list, picked: list[int], index=None) -> list:  # type: ignore[no-untyped-def,type-arg]
        """The sentences the tagger must encode for ``picked``: those holding their cues
        (``index``, the doc's ``DocIndex`` when the caller has one)."""
        if not picked:
            return []
        doc = items[picked[0]][1].cue.doc
        if self.encode_floor is not None and self.encode_floor <= 0:
            return list(index.sents if index is not None else doc.sents)
        sentence_of = sentence_finder(doc, index)
        wanted = set(picked)
        if self.encode_floor is not None:
            wanted |= {i for i, (p, _) in enumerate(items) if p >= self.encode_floor}
        found = {sent.start: sent for sent in (sentence_of(items[i][1].cue.i) for i in wanted)}
        return [found[start] for start in sorted(found)]

    def rescored(self, items: list, picked: list[int], logits: np.ndarray, index=None) -> list[float]:  # type: ignore[no-untyped-def,type-arg]
        """The stage's probability for each picked item, the lexical one for the rest."""
        result = [p for p, _ in items]
        if not picked:
            return result
        inputs = candidate_inputs([items[i] for i in picked], logits, index)
        x = (inputs - self.center) / self.scale
        scores = np.clip(x @ self.weights + self.bias, -30.0, 30.0)
        for i, p in zip(picked, (1.0 / (1.0 + np.exp(-scores))).tolist()):
            result[i] = p
        return result


def load_stage(path: Path = STAGE_PATH, logits: Callable | None = None) -> SecondStage | None:  # type: ignore[type-arg]
    """The fitted second stage, or None when its file is absent."""
    if not path.exists():
        return None
    with np.load(path) as data:
        return SecondStage(
            floor=float(data["floor"]),
            ceiling=float(data["ceiling"]),
            threshold=float(data["threshold"]),
            center=data["center"],
            scale=data["scale"],
            weights=data["weights"],
            bias=float(data["bias"]),
            logits=logits or functools.partial(tagger_logits, expected=_tagger_hash(data)),
            encode_floor=_encode_floor(data),
        )


def _tagger_hash(data) -> str | None:  # type: ignore[no-untyped-def]
    """The weights hash a stage file was fitted for (None: files before it, any tagger)."""
    return str(data["tagger_sha256"]) if "tagger_sha256" in data else None


def _encode_floor(data) -> float | None:  # type: ignore[no-untyped-def]
    """A stage file's encode floor (NaN: none), or ``ENCODE_FLOOR`` for files before it."""
    if "encode_floor" not in data:
        return ENCODE_FLOOR
    value = float(data["encode_floor"])
    return None if math.isnan(value) else value


# --- the speaker the tagger marks -------------------------------------------------------
# The parse finds a cue's speaker through its subject or owner (``speakers.speaker_phrase``).
# The candidates the second stage admits are the hard ones ("is expected to", "support
# for", a cue in a relative clause) and their parse often shows no speaker or the wrong one;
# where the tagger read the cue's sentence, ``tagged_speaker`` proposes the noun phrase
# holding the word it marks most surely as Source outside the content. The margins are
# chosen on PolNeAR train CV (``benchmarks.polnear_tagger``, ``QuoteSettings.tagged_speaker_*``).

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
