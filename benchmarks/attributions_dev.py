"""Who said it, on the team's labelled attributions of the dev dossier articles.

    python -m benchmarks.attributions_dev            # every labelled article
    python -m benchmarks.attributions_dev --misses 20   # and list wrong speakers/polarities

Gold: ``benchmarks/data/attributions_dev.jsonl`` (406 attributions of the 75 articles of
``dossier-dev/articles.jsonl``, offsets only; how they were labelled:
``benchmarks/data/attributions_dev.md``). Each article is analysed as written
(``analyze_articles``: the product's own pipeline, no cleaning, so offsets are the file's).

Scores:
- content F1 (all): words are ``\\w+`` runs; a quote matches a label when shared words /
  max(words of either) >= 0.5, one to one, best first (as ``benchmarks/polnear.py``). A
  quote inside another quote of the same article (a partial quote inside reported speech)
  is not counted again.
- speaker accuracy, over matched pairs whose label has a speaker: the quote's speaker span
  overlaps the labelled one, or the labelled speaker's last word is a capitalised word of
  the quote's resolved speaker name.
- polarity accuracy, over matched pairs: the quote's polarity equals the label's.
- addressee and anonymous-source figures, over matched pairs, for information.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import REPO, data_dir, header
from benchmarks.polnear import one_to_one
from crosscheck.records import Article, Quote, Span

WORD = re.compile(r"\w+")
LABELS = REPO / "benchmarks" / "data" / "attributions_dev.jsonl"
ARTICLES_SHA256 = "5fa5cb12be0ea2b9b73be487c653dffc9415b56aa3210f196eade64e9b93b2ea"


@dataclass(frozen=True)
class Label:
    content: Span
    speaker: Span | None
    polarity: str
    addressee: Span | None
    anonymous: bool


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, total]
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, right: bool) -> None:
        pair = self.counts.setdefault(name, [0, 0])
        pair[0] += right
        pair[1] += 1

    def share(self, name: str) -> tuple[float, int, int]:
        right, total = self.counts.get(name, [0, 0])
        return right / max(total, 1), right, total


def read_labels(path: Path = LABELS) -> dict[str, list[Label]]:
    labels: dict[str, list[Label]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels.setdefault(row["article"], []).append(Label(
                content=Span(*row["content"]),
                speaker=Span(*row["speaker"]) if row["speaker"] else None,
                polarity=row["polarity"],
                addressee=Span(*row["addressee"]) if row["addressee"] else None,
                anonymous=row["anonymous"],
            ))
    return labels


def read_articles() -> list[Article]:
    path = data_dir() / "dossier-dev" / "articles.jsonl"
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != ARTICLES_SHA256:
        sys.exit(f"{path} is not the file the labels were made on (SHA-256 differs)")
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    return [Article(id=row["id"], source=row["id"], format="jsonl", text=row["text"],
                    title=row.get("title", ""), outlet=row.get("outlet"),
                    published=row.get("published")) for row in rows]


def outer_quotes(quotes: tuple[Quote, ...]) -> list[Quote]:
    """The quotes not inside another quote of the same article."""
    return [q for q in quotes
            if not any(o is not q and o.span.contains(q.span) and o.span != q.span for o in quotes)]


def _words(text: str, span: Span) -> set[int]:
    return {match.start() for match in WORD.finditer(text, span.start, span.end)}


def match(text: str, labels: list[Label], quotes: list[Quote]) -> dict[int, int]:
    """Label index -> quote index, one to one, best overlap first (PolNeAR's rule)."""
    return one_to_one([_words(text, label.content) for label in labels],
                      [_words(text, quote.span) for quote in quotes])


def speaker_right(text: str, label: Label, quote: Quote) -> bool:
    if label.speaker is None:
        return quote.speaker_span is None
    if quote.speaker_span is not None and quote.speaker_span.overlaps(label.speaker):
        return True
    words = label.speaker.of(text).split()
    last = words[-1] if words else ""
    return bool(quote.speaker and last[:1].isupper() and last.lower() not in ("he", "she")
                and last in quote.speaker.split())


def score_article(article: Article, labels: list[Label], quotes: tuple[Quote, ...],
                  tally: Tally) -> None:
    text = article.text
    predicted = outer_quotes(quotes)
    matched = match(text, labels, predicted)
    tally.gold += len(labels)
    tally.predicted += len(predicted)
    tally.matched += len(matched)
    for li, qi in matched.items():
        label, quote = labels[li], predicted[qi]
        if label.speaker is not None:
            right = speaker_right(text, label, quote)
            tally.add("speaker", right)
            if not right:
                tally.misses.append(_miss("speaker", text, article.id, label, quote))
        polarity = getattr(quote, "polarity", "positive")
        tally.add("polarity", polarity == label.polarity)
        if polarity != label.polarity:
            tally.misses.append(_miss("polarity", text, article.id, label, quote))
        addressee = getattr(quote, "addressee_span", None)
        tally.add("addressee", (addressee is None) == (label.addressee is None) and (
            addressee is None or addressee.overlaps(label.addressee)))
        tally.add("anonymous", bool(getattr(quote, "anonymous", False)) == label.anonymous)


def _miss(kind: str, text: str, article_id: str, label: Label, quote: Quote) -> str:
    said = label.speaker.of(text) if label.speaker else None
    found = quote.speaker_span.of(text) if quote.speaker_span else None
    return (f"{kind:<8} {article_id}: {label.content.of(text)[:60]!r} gold {said!r}/"
            f"{label.polarity} got {found!r} ({quote.speaker})/"
            f"{getattr(quote, 'polarity', 'positive')}")


def run() -> Tally:
    from crosscheck.analyze import analyze_articles

    labels = read_labels()
    articles = read_articles()
    tally = Tally()
    for article, analysis in zip(articles, analyze_articles(articles)):
        score_article(article, labels.get(article.id, []), analysis.quotes, tally)
    return tally


def report(tally: Tally) -> str:
    precision = tally.matched / max(tally.predicted, 1)
    recall = tally.matched / max(tally.gold, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    lines = [f"labelled attributions: {tally.gold}  predicted quotes: {tally.predicted}  "
             f"matched: {tally.matched}",
             f"content F1 (all): {f1:.3f} (P {precision:.3f}, R {recall:.3f})"]
    for name in ("speaker", "polarity", "addressee", "anonymous"):
        share, right, total = tally.share(name)
        lines.append(f"{name} accuracy on matched: {share:.3f} ({right}/{total})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=0, help="list this many errors")
    args = parser.parse_args(argv)
    tally = run()
    sys.stdout.write(header("benchmarks.attributions_dev") + report(tally) + "\n")
    for line in tally.misses[: args.misses]:
        sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
