"""NeuS: our cited summary against the editors' neutral summary, beside lead-3 and LexRank.

Each NeuS example holds three articles on one story (left, centre, right; `*.source`, joined
by ` [SEP] `, each `TITLE=> ... ARTICLE=> ...`) and a neutral summary (`*.target`). Every
system sees the same articles split into the same sentences (crosscheck's analysis):

- ours: the dossier's summary (build_dossier on the three articles as one story);
- lead-3: the first three body sentences of the first article;
- LexRank: three sentences of the three articles by LexRank (TF-IDF cosine graph,
  threshold 0.1, damping 0.85; Erkan and Radev 2004), in the order they are ranked.

Scored by rouge-score (ROUGE-1/2/L F1, Porter stemmer) against the target's text (title and
article, markers removed). Usage:

    python -m benchmarks.neus [--split val] [--limit N] [--seed 0] [--no-embeddings]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence

import numpy as np

from benchmarks.common import data_dir, header
from crosscheck.records import Analysis, Article, content_id

MARKERS = re.compile(r"\s*(TITLE|ARTICLE)=>\s*")


def parse_source(line: str, example: int) -> list[Article]:
    articles = []
    for side, part in enumerate(line.split(" [SEP] ")):
        match = re.match(r"\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", part, re.S)
        title, body = (match.group(1), match.group(2)) if match else ("", part)
        text = f"{title.strip()}\n{body.strip()}" if title.strip() else body.strip()
        articles.append(Article(id=content_id(str(example), str(side), text), source=f"neus:{example}:{side}",
                                format="text", text=text, title=title.strip(),
                                outlet=f"outlet-{side}", cleaned=True))
    return articles


def reference_text(line: str) -> str:
    return MARKERS.sub(" ", line).strip()


def body_sentences(article: Article, analysis: Analysis) -> list[str]:
    sentences = [s.span.of(article.text).strip() for s in analysis.sentences]
    return [s for s in sentences if s and s != article.title]


def lead3(articles: Sequence[Article], analyses: Sequence[Analysis]) -> str:
    return " ".join(body_sentences(articles[0], analyses[0])[:3])


def lexrank(articles: Sequence[Article], analyses: Sequence[Analysis], *, size: int = 3,
            threshold: float = 0.1, damping: float = 0.85) -> str:
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences = [s for a, an in zip(articles, analyses) for s in body_sentences(a, an)]
    if len(sentences) <= size:
        return " ".join(sentences)
    matrix = TfidfVectorizer().fit_transform(sentences)
    similarity = (matrix @ matrix.T).toarray()
    graph = (similarity > threshold).astype(float)
    graph /= graph.sum(axis=1, keepdims=True)
    scores = np.full(len(sentences), 1.0 / len(sentences))
    for _ in range(100):
        scores = (1 - damping) / len(sentences) + damping * graph.T @ scores
    return " ".join(sentences[i] for i in np.argsort(-scores)[:size])


def ours(articles: Sequence[Article], analyses: Sequence[Analysis], *, use_embeddings: bool) -> str:
    from crosscheck.compare import build_dossier

    dossier = build_dossier(articles, analyses, use_embeddings=use_embeddings)
    return " ".join(sentence.text for sentence in dossier.summary)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="val", choices=("val", "train"))
    parser.add_argument("--limit", type=int, default=0, help="a random sample of N examples")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-embeddings", action="store_true")
    args = parser.parse_args()
    from rouge_score import rouge_scorer

    from crosscheck.analyze import analyze_articles

    folder = data_dir() / "neus"
    sources = (folder / f"{args.split}.source").read_text(encoding="utf-8").splitlines()
    targets = (folder / f"{args.split}.target").read_text(encoding="utf-8").splitlines()
    indices = list(range(len(sources)))
    if args.limit:
        indices = sorted(random.Random(args.seed).sample(indices, min(args.limit, len(indices))))
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems = {"crosscheck summary": [], "lead-3": [], "LexRank": []}
    lengths = {name: [] for name in systems}
    compare_seconds = 0.0
    stories = [parse_source(sources[example], example) for example in indices]
    started = time.perf_counter()
    flat = analyze_articles([article for story in stories for article in story])
    analysis_seconds = time.perf_counter() - started
    by_id = {analysis.article_id: analysis for analysis in flat}
    for done, (example, articles) in enumerate(zip(indices, stories), start=1):
        analyses = [by_id[article.id] for article in articles]
        if done % 10 == 0:
            print(f"{done}/{len(indices)}", file=sys.stderr)
        started = time.perf_counter()
        outputs = {"crosscheck summary": ours(articles, analyses, use_embeddings=not args.no_embeddings)}
        compare_seconds += time.perf_counter() - started
        outputs["lead-3"] = lead3(articles, analyses)
        outputs["LexRank"] = lexrank(articles, analyses)
        reference = reference_text(targets[example])
        for name, output in outputs.items():
            systems[name].append(scorer.score(reference, output))
            lengths[name].append(len(output.split()))
    print(header("benchmarks.neus"))
    print(f"split: {args.split}, examples: {len(indices)} of {len(sources)}"
          f"{f' (random sample, seed {args.seed})' if args.limit else ''}")
    print(f"analysis time: {analysis_seconds:.1f} s for {len(flat)} articles")
    print(f"dossier time: {compare_seconds / max(1, len(indices)):.3f} s per story after analysis\n")
    print("| system | ROUGE-1 F1 | ROUGE-2 F1 | ROUGE-L F1 | words |")
    print("|---|---|---|---|---|")
    for name, scores in systems.items():
        means = [statistics.mean(s[key].fmeasure for s in scores) for key in ("rouge1", "rouge2", "rougeL")]
        print(f"| {name} | {means[0]:.4f} | {means[1]:.4f} | {means[2]:.4f} | "
              f"{statistics.mean(lengths[name]):.0f} |")


if __name__ == "__main__":
    main()
