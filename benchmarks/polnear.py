"""PolNeAR: attribution content, speaker and upstream-source scores for quotes/attributions.

    python -m benchmarks.polnear                  # dev split, every document
    python -m benchmarks.polnear --split train --limit 150   # tuning on a train subsample
    python -m benchmarks.polnear --limit 8        # a few seconds (the evaluation gate's size)
    python -m benchmarks.polnear --fit            # re-fit crosscheck/analyze/quotes/cues.json on train

Gold: PolNeAR brat standoff (``attributions/*.ann``): each attribution ``E`` joins a Content,
a Cue and (mostly) a Source span; spans may be discontinuous (``start end;start end``). Text
``text/NAME.txt`` pairs with ``attributions/NAME_ANNOTATOR.ann``; a text annotated twice is
scored against its first annotator (sorted by id).

Predictions: ``find_quotes`` over the spaCy parse, with the entity stage's mentions; its
reported speech comes from the cue model fitted on train by ``--fit`` (benchmarks/polnear_fit.py). Quotes
that share one cue (a quote and its continuations) form one predicted attribution, as PolNeAR
gives one attribution one (possibly discontinuous) content; a quote whose content lies inside
another predicted quote (a partial quote inside reported speech) is not counted again.

Scores (documented in BENCHMARKS.md):
- content F1: words are ``\\w+`` runs; a predicted content matches a gold content when their
  shared words / max(len(predicted words), len(gold words)) >= 0.5, one-to-one, best first.
  Direct = at least half of the gold (or predicted) content's characters inside quote marks;
  precision of a kind counts that kind's predictions, recall that kind's gold.
- speaker accuracy, over matched pairs whose gold has a Source: the predicted source phrase
  overlaps the gold Source span, or the gold Source is a name whose last word is in the
  predicted source's resolved name. The predicted source is the quote's speaker, and also
  its relay ("X said, according to [Y]") when the gold content holds the predicted cue and
  speaker: PolNeAR gives each word one role, so it annotates Y's report with "X said ..."
  as the content. The report also prints the older rule (the speaker field alone).
- upstream source found, over matched pairs whose gold Source's head word names a news
  organisation (the known-sources table, a name with news words such as "Post" or "News",
  a news noun such as "agency", or a report noun from one: "a Wall Street Journal article");
  a person described with an outlet ("ABC News anchor George Stephanopoulos") does not
  count: an ``Attribution`` from ``find_attributions`` whose source span overlaps the gold
  Source span.

Parses are cached as DocBin files under ``benchmarks/out/`` (gitignored).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import REPO, data_dir, header
from crosscheck.analyze.attributions import find_attributions, named_outlets, source_name
from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.quotes.cues import CueModel
from crosscheck.analyze.quotes.marks import quoted_spans
from crosscheck.analyze.quotes import find_quotes
from crosscheck.records import Article, Quote, Span
from crosscheck.settings import AnalyzeSettings, QuoteSettings

WORD = re.compile(r"\w+")
MATCH_OVERLAP = 0.5
DEFAULT_SETTINGS = QuoteSettings()
OUT = REPO / "benchmarks" / "out"


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[Span, ...]
    source: tuple[Span, ...]
    cue: tuple[Span, ...]


@dataclass(frozen=True)
class Predicted:
    content: tuple[Span, ...]
    kind: str  # "direct" | "indirect"
    speaker_span: Span | None
    speaker: str | None
    cue_span: Span | None = None
    relay_span: Span | None = None  # "X said, according to [Y]": who reports X's words
    relay: str | None = None


@dataclass
class Tally:
    gold: dict[str, int] = field(default_factory=lambda: {"all": 0, "direct": 0, "indirect": 0})
    predicted: dict[str, int] = field(
        default_factory=lambda: {"all": 0, "direct": 0, "indirect": 0}
    )
    gold_found: dict[str, int] = field(
        default_factory=lambda: {"all": 0, "direct": 0, "indirect": 0}
    )
    predicted_right: dict[str, int] = field(
        default_factory=lambda: {"all": 0, "direct": 0, "indirect": 0}
    )
    speaker_total: int = 0
    speaker_right: int = 0  # scored against the field the gold annotates (speaker or relay)
    speaker_field_right: int = 0  # the older rule: always against the speaker field
    upstream_total: int = 0
    upstream_found: int = 0
    seconds: float = 0.0  # time in find_quotes + find_attributions (parse and entities excluded)

    def f1(self, kind: str) -> tuple[float, float, float]:
        precision = self.predicted_right[kind] / max(self.predicted[kind], 1)
        recall = self.gold_found[kind] / max(self.gold[kind], 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        return precision, recall, f1


# --- reading PolNeAR --------------------------------------------------------------------


def documents(
    split: str, *, limit: int | None = None
) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(name, text, gold attributions) per document, in name order."""
    root = data_dir() / "polnear" / split
    chosen: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, path)
    names = sorted(chosen)
    if limit is not None:
        step = max(len(names) // limit, 1)  # spread over publishers (names sort by publisher)
        names = names[::step][:limit]
    found = []
    for name in names:
        text_path = root / "text" / f"{name}.txt"
        if text_path.exists():
            text = text_path.read_text(encoding="utf-8")
            found.append((name, text, read_ann(chosen[name].read_text(encoding="utf-8"))))
    return found


def read_ann(content: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    relations = []
    for line in content.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, ranges = parts[1].partition(" ")
            pieces = tuple(Span(int(a), int(b)) for a, b in (r.split() for r in ranges.split(";")))
            spans[parts[0]] = (label, pieces)
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    gold = []
    for relation in relations:
        roles = {role: spans.get(ref, ("", ()))[1] for role, ref in relation.items()}
        if roles.get("Content"):
            gold.append(
                GoldAttribution(roles["Content"], roles.get("Source", ()), roles.get("Cue", ()))
            )
    return gold


def parsed(split: str, names: list[str], texts: list[str], *, cache: bool = True):  # type: ignore[no-untyped-def]
    """spaCy docs for the texts, from the DocBin cache when it holds them all."""
    from spacy.tokens import DocBin

    from crosscheck.nlp import spacy_model

    if not cache:
        return list(spacy_model.parse_many(texts))
    nlp = spacy_model.load()
    path = OUT / f"polnear_{split}.spacy"
    cached: dict[str, object] = {}
    if path.exists():
        bin_ = DocBin().from_disk(path)
        for doc in bin_.get_docs(nlp.vocab):
            cached[doc.user_data.get("name", "")] = doc
    missing = [i for i, name in enumerate(names) if name not in cached]
    if missing:
        for index, doc in zip(missing, spacy_model.parse_many([texts[i] for i in missing])):
            doc.user_data["name"] = names[index]
            cached[names[index]] = doc
        OUT.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=True)
        for doc in cached.values():
            bin_.add(doc)
        bin_.to_disk(path)
    return [cached[name] for name in names]


# --- predicting and scoring -------------------------------------------------------------


def predict(  # type: ignore[no-untyped-def]
    doc,
    text: str,
    settings: QuoteSettings,
    tally: Tally | None = None,
    *,
    cue_model: CueModel | None = None,
    found_entities=None,
):
    article = Article(id="polnear", source="polnear", format="text", text=text)
    mentions, entities = found_entities or find_entities(doc, settings=AnalyzeSettings())
    started = time.perf_counter()
    quotes = find_quotes(doc, article, mentions, entities, settings=settings, cue_model=cue_model)
    attributions = find_attributions(doc, article, quotes, mentions, entities, settings=settings)
    if tally is not None:
        tally.seconds += time.perf_counter() - started
    return _grouped(quotes, text), attributions


def _grouped(quotes: tuple[Quote, ...], text: str) -> list[Predicted]:
    """One predicted attribution per cue; nested quotes dropped."""
    outer = [
        q
        for q in quotes
        if not any(o is not q and o.span.contains(q.span) and o.span != q.span for o in quotes)
    ]
    groups: dict[object, list[Quote]] = {}
    for quote in outer:
        key = quote.cue_span if quote.cue_span is not None else ("alone", quote.span)
        groups.setdefault(key, []).append(quote)
    marks = quoted_spans(text)
    found = []
    for members in groups.values():
        content = tuple(q.span for q in members)
        first = members[0]
        kind = "direct" if _quoted_share(content, marks) >= 0.5 else "indirect"
        found.append(Predicted(content, kind, first.speaker_span, first.speaker, first.cue_span,
                               first.relay_span, first.relay))
    return found


def _quoted_share(content: tuple[Span, ...], marks: tuple[Span, ...]) -> float:
    total = sum(len(span) for span in content)
    inside = sum(max(0, min(s.end, m.end) - max(s.start, m.start)) for s in content for m in marks)
    return inside / max(total, 1)


def _words(text: str, spans: tuple[Span, ...]) -> set[int]:
    return {match.start() for span in spans for match in WORD.finditer(text, span.start, span.end)}


def one_to_one(gold_words: list[set[int]], predicted_words: list[set[int]]) -> dict[int, int]:
    """Gold index -> predicted index: pairs sharing at least ``MATCH_OVERLAP`` of the longer
    side's words, best overlap first, each side used once."""
    pairs = []
    for gi, gw in enumerate(gold_words):
        for pi, pw in enumerate(predicted_words):
            if gw and pw:
                overlap = len(gw & pw) / max(len(gw), len(pw))
                if overlap >= MATCH_OVERLAP:
                    pairs.append((overlap, gi, pi))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


def score_document(
    doc,
    text: str,
    gold: list[GoldAttribution],
    predicted: list[Predicted],  # type: ignore[no-untyped-def]
    attributions,
    tally: Tally,
) -> None:
    marks = quoted_spans(text)
    gold_kind = ["direct" if _quoted_share(g.content, marks) >= 0.5 else "indirect" for g in gold]
    matched = one_to_one([_words(text, g.content) for g in gold],
                         [_words(text, p.content) for p in predicted])
    used = set(matched.values())
    for gi, kind in enumerate(gold_kind):
        for key in ("all", kind):
            tally.gold[key] += 1
            tally.gold_found[key] += gi in matched
    for pi, prediction in enumerate(predicted):
        for key in ("all", prediction.kind):
            tally.predicted[key] += 1
            tally.predicted_right[key] += pi in used
    for gi, pi in matched.items():
        _score_speaker(doc, gold[gi], predicted[pi], attributions, tally)


def _score_speaker(
    doc,
    gold: GoldAttribution,
    prediction: Predicted,
    attributions,  # type: ignore[no-untyped-def]
    tally: Tally,
) -> None:
    text = doc.text
    if not gold.source:
        return
    tally.speaker_total += 1
    tally.speaker_right += speaker_right(text, gold, prediction)
    tally.speaker_field_right += speaker_right(text, gold, prediction, relays=False)
    if _names_news_source(doc, gold.source[0]):
        tally.upstream_total += 1
        tally.upstream_found += any(
            a.source_span.overlaps(s) for a in attributions for s in gold.source
        )


def speaker_right(
    text: str, gold: GoldAttribution, prediction: Predicted, *, relays: bool = True
) -> bool:
    """The predicted source phrase overlaps the gold Source, or the gold Source is a name
    whose last word is in the predicted source's resolved name.

    The predicted source is the speaker, and also the relay when the gold content holds
    the predicted cue and speaker: PolNeAR gives each word one role, so in "X said ...,
    according to Y" it annotates Y's report, with "X said" inside its content, and Y is
    what the relay field records. (The speaker still counts there when it names the gold
    Source: "Ann Vey replied: “...,” she wrote, “...”" is one attribution of Vey's.)
    ``relays=False`` scores the speaker field alone (the rule before 2026-12-08)."""
    if _source_right(text, gold, prediction.speaker_span, prediction.speaker):
        return True
    return relays and reports_the_cue(gold, prediction) and _source_right(
        text, gold, prediction.relay_span, prediction.relay)


def reports_the_cue(gold: GoldAttribution, prediction: Predicted) -> bool:
    """The gold attribution reports the predicted one: its content holds the predicted cue
    and speaker (a cue word inside a gold content with the speaker outside it is a wrong
    cue, not a nested report)."""
    cue, speaker = prediction.cue_span, prediction.speaker_span
    return (cue is not None and speaker is not None
            and any(part.contains(cue) for part in gold.content)
            and any(part.contains(speaker) for part in gold.content))


def _source_right(text: str, gold: GoldAttribution, span: Span | None, name: str | None) -> bool:
    overlaps = span is not None and any(span.overlaps(s) for s in gold.source)
    source_text = " ".join(s.of(text) for s in gold.source)
    last = source_text.split()[-1] if source_text.split() else ""
    same_name = bool(
        name and last[:1].isupper() and last.lower() not in ("he", "she") and last in name.split()
    )
    return overlaps or same_name


def _names_news_source(doc, span: Span) -> bool:  # type: ignore[no-untyped-def]
    """A gold Source whose head word names a news organisation ("The Post", "a CNN poll"),
    not a person described with one ("Ms. Perino, a White House press secretary")."""
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    if words is None or not len(words):
        return False
    return source_name(words.root, named_outlets(doc)) is not None


def run(
    split: str, *, limit: int | None, settings: QuoteSettings = DEFAULT_SETTINGS, cache: bool = True
) -> Tally:
    docs = documents(split, limit=limit)
    spacy_docs = parsed(
        split, [name for name, _, _ in docs], [text for _, text, _ in docs], cache=cache
    )
    tally = Tally()
    for (_, text, gold), doc in zip(docs, spacy_docs):
        predicted, attributions = predict(doc, text, settings, tally)
        score_document(doc, text, gold, predicted, attributions, tally)
    return tally


def report(tally: Tally, *, documents_count: int, seconds: float) -> str:
    first = (
        f"documents: {documents_count}  gold attributions: {tally.gold['all']}  "
        f"predicted: {tally.predicted['all']}  time: {seconds:.1f}s"
    )
    lines = [first]
    for kind in ("all", "direct", "indirect"):
        precision, recall, f1 = tally.f1(kind)
        lines.append(
            f"content {kind:<8} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  "
            f"(gold {tally.gold[kind]}, predicted {tally.predicted[kind]})"
        )
    lines.append(
        f"speaker accuracy on matched: {tally.speaker_right / max(tally.speaker_total, 1):.3f} "
        f"({tally.speaker_right}/{tally.speaker_total}; the speaker field alone: "
        f"{tally.speaker_field_right / max(tally.speaker_total, 1):.3f}, "
        f"{tally.speaker_field_right}/{tally.speaker_total})"
    )
    lines.append(
        f"upstream source found on matched: {tally.upstream_found / max(tally.upstream_total, 1):.3f} "
        f"({tally.upstream_found}/{tally.upstream_total})"
    )
    lines.append(
        f"quotes + attributions: {1000 * tally.seconds / max(documents_count, 1):.1f} ms per document "
        "(spaCy parse and entity stage not included)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None, help="score this many documents")
    parser.add_argument(
        "--fit",
        action="store_true",
        help="re-fit crosscheck/analyze/quotes/cues.json on train (--limit documents), then stop",
    )
    args = parser.parse_args(argv)
    if args.fit:
        from benchmarks.polnear_fit import fit_and_save

        sys.stdout.write(header("benchmarks.polnear"))
        sys.stdout.write(fit_and_save(limit=args.limit) + "\n")
        return
    started = time.perf_counter()
    tally = run(args.split, limit=args.limit)
    count = len(documents(args.split, limit=args.limit))
    sys.stdout.write(header("benchmarks.polnear") + f"split: {args.split}\n")
    sys.stdout.write(
        report(tally, documents_count=count, seconds=time.perf_counter() - started) + "\n"
    )


if __name__ == "__main__":
    main()
