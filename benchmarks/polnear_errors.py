"""PolNeAR error listing: wrong speakers and missed contents, by kind (train split only).

    python -m benchmarks.polnear_errors --limit 200            # counts by kind
    python -m benchmarks.polnear_errors --limit 200 --show speaker:other --examples 20

Scoring is ``benchmarks.polnear``'s (one-to-one content match, speaker overlap or surname).
Every kind is decided from the parse and the gold spans, never from a document's words, so
the listing reads the same on any split; it is meant for train (dev is for reporting).

Speaker kinds (matched attributions whose speaker is scored wrong):
- ``relay:none`` / ``relay:other`` the gold content holds the predicted cue and speaker (the gold is
  the report of the predicted speech: "X said, according to Y"), the speaker does not
  name the gold Source, and no relay was found or another one;
- ``none:orphan`` a direct quote with no cue and no speaker; ``none:cue`` a cue whose
  speaker the parse does not give; ``none:dropped`` a phrase that cannot speak;
- ``same-entity`` the predicted speaker and the gold Source are mentions of one entity of
  the entity stage (the person is right, the mention another);
- ``pronoun`` the gold Source is a pronoun the prediction names otherwise;
- ``in-content`` the predicted speaker lies inside the gold content (a nested source);
- ``conj`` the cue is a conjoined verb (its subject inherited through ``conj``);
- ``same-sentence`` another phrase of the cue's sentence; ``other-sentence`` the gold
  Source is in another sentence than the predicted speaker.

Content misses (gold contents with no match): ``no-candidate`` nothing predicted touches
it; ``boundary`` a prediction shares words but under the 0.5 rule (``long``/``short``);
``taken`` the prediction it overlaps most is matched to another gold content.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass

from benchmarks import polnear as P
from benchmarks.common import header
from crosscheck.analyze.entities import find_entities
from crosscheck.records import Span
from crosscheck.settings import AnalyzeSettings

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"})


@dataclass(frozen=True)
class Error:
    area: str  # "speaker" | "content"
    kind: str
    document: str
    line: str


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", default="", help="kind prefix to print examples of")
    parser.add_argument("--examples", type=int, default=15)
    args = parser.parse_args(argv)
    errors, tally = collect("train", limit=args.limit)
    sys.stdout.write(header("benchmarks.polnear_errors") + "split: train\n")
    sys.stdout.write(P.report(tally, documents_count=0, seconds=0.0) + "\n")
    for area in ("speaker", "content"):
        counts = Counter(e.kind for e in errors if e.area == area)
        sys.stdout.write(f"\n{area} errors: {sum(counts.values())}\n")
        for kind, count in counts.most_common():
            sys.stdout.write(f"  {kind:<22} {count}\n")
    if args.show:
        area, _, prefix = args.show.partition(":")
        shown = [e for e in errors if e.area == area and e.kind.startswith(prefix)]
        for error in shown[: args.examples]:
            sys.stdout.write(f"\n[{error.kind}] {error.document}\n{error.line}\n")


def collect(split: str, *, limit: int | None) -> tuple[list[Error], P.Tally]:
    docs = P.documents(split, limit=limit)
    parses = P.parsed(split, [n for n, _, _ in docs], [t for _, t, _ in docs])
    errors: list[Error] = []
    tally = P.Tally()
    for (name, text, gold), doc in zip(docs, parses):
        found = find_entities(doc, settings=AnalyzeSettings())
        predicted, attributions = P.predict(doc, text, P.DEFAULT_SETTINGS, found_entities=found)
        P.score_document(doc, text, gold, predicted, attributions, tally)
        errors += _document_errors(name, doc, text, gold, predicted, found[0])
    return errors, tally


def _document_errors(name, doc, text, gold, predicted, mentions) -> list[Error]:  # type: ignore[no-untyped-def]
    gold_words = [P._words(text, g.content) for g in gold]
    predicted_words = [P._words(text, p.content) for p in predicted]
    matched = P.one_to_one(gold_words, predicted_words)
    errors = []
    for gi, pi in matched.items():
        g, p = gold[gi], predicted[pi]
        if not g.source or P.speaker_right(text, g, p):
            continue
        kind = _speaker_kind(doc, text, g, p, mentions)
        errors.append(Error("speaker", kind, name, _speaker_line(text, g, p)))
    used = set(matched.values())
    for gi, words in enumerate(gold_words):
        if gi in matched:
            continue
        kind = _content_kind(words, predicted_words, used)
        errors.append(Error("content", kind, name, _content_line(text, gold[gi], predicted,
                                                                 predicted_words, words)))
    return errors


def _entities_at(spans, mentions) -> set[int]:  # type: ignore[no-untyped-def]
    return {m.entity for m in mentions for s in spans
            if m.entity is not None and m.span.overlaps(s)}


def _speaker_kind(doc, text, g, p, mentions) -> str:  # type: ignore[no-untyped-def]
    if P.reports_the_cue(g, p):  # the gold reports the predicted cue: scored on the relay
        return "relay:" + ("none" if p.relay_span is None else "other")
    if p.speaker_span is None:
        if p.kind == "direct" and p.speaker is None:
            return "none:orphan:" + _before_quote(text, p.content[0].start)
        return "none:cue"
    gold_entities = _entities_at(g.source, mentions)
    if gold_entities & _entities_at((p.speaker_span,), mentions):
        return "same-entity"
    source = " ".join(s.of(text) for s in g.source).strip().lower()
    if source in PRONOUNS:
        return "pronoun:" + source
    if any(c.contains(p.speaker_span) for c in g.content):
        return "in-content"
    gold_sent = doc.char_span(g.source[0].start, g.source[0].end, alignment_mode="expand")
    pred_sent = doc.char_span(p.speaker_span.start, p.speaker_span.end, alignment_mode="expand")
    if gold_sent is None or pred_sent is None:
        return "unaligned"
    if gold_sent[0].sent.start != pred_sent[0].sent.start:
        return "other-sentence"
    gap = min(abs(g.source[0].start - p.speaker_span.end), abs(p.speaker_span.start - g.source[-1].end))
    if gap <= 3:
        return "same-sentence:near"
    same_cue = p.cue_span is not None and any(p.cue_span.overlaps(c) for c in g.cue)
    return "same-sentence:" + ("same-cue" if same_cue else "other-cue")


def _before_quote(text: str, start: int) -> str:
    """What stands before a quote: a colon, a paragraph break, or words of its sentence."""
    before = text[:start].rstrip(" \t\n\"“‘'")
    gap = text[len(before) : start]
    if before.endswith(":"):
        return "colon" + ("-paragraph" if "\n" in gap else "")
    return "paragraph" if "\n" in gap or not before else "in-sentence"


def _speaker_line(text: str, g, p) -> str:  # type: ignore[no-untyped-def]
    start = min([s.start for s in g.source] + [g.content[0].start]
                + ([p.speaker_span.start] if p.speaker_span else []))
    end = max([s.end for s in g.source] + [g.content[-1].end]
              + ([p.speaker_span.end] if p.speaker_span else []))
    start, end = max(start - 60, 0), min(end + 20, len(text))
    gold = " | ".join(s.of(text) for s in g.source)
    said = p.speaker_span.of(text) if p.speaker_span else None
    cue = p.cue_span.of(text) if p.cue_span else None
    snippet = text[start:end].replace("\n", " / ")
    if len(snippet) > 600:
        snippet = snippet[:300] + " [...] " + snippet[-300:]
    return (f"  gold source: {gold!r}  predicted: {said!r} -> {p.speaker!r} ({p.kind}, cue {cue!r})\n"
            f"  content: {' | '.join(c.of(text) for c in p.content)[:160]!r}\n  text: {snippet}")


def _content_kind(words: set[int], predicted_words: list[set[int]], used: set[int]) -> str:
    best, best_pi = 0.0, None
    for pi, pw in enumerate(predicted_words):
        shared = len(words & pw)
        if shared and shared / max(len(words), 1) > best:
            best, best_pi = shared / len(words), pi
    if best_pi is None:
        return "no-candidate"
    pw = predicted_words[best_pi]
    overlap = len(words & pw) / max(len(words), len(pw))
    if overlap >= P.MATCH_OVERLAP:
        return "taken"
    return "boundary:" + ("long" if len(pw) > len(words) else "short")


def _content_line(text, g, predicted, predicted_words, words) -> str:  # type: ignore[no-untyped-def]
    gold = " | ".join(c.of(text) for c in g.content)
    cue = " | ".join(c.of(text) for c in g.cue)
    near = [p for p, pw in zip(predicted, predicted_words) if pw & words]
    said = " | ".join(c.of(text) for c in near[0].content) if near else ""
    return (f"  cue: {cue!r}  source: {' | '.join(s.of(text) for s in g.source)!r}\n"
            f"  gold: {gold[:240]!r}\n  predicted: {said[:240]!r}")


if __name__ == "__main__":
    main()
