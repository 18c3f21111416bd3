"""Story clustering on ECB+: look-alike events of one kind must form separate stories.

Gold story of a document = (topic, ecb | ecbplus). The pair model and every threshold are
calibrated on topics 1-25 (``--calibrate`` prints the values for crosscheck/settings.py);
the figures are measured on topics 26-35, all their documents clustered together in one
incremental run, in file-name order. The baseline is TF-IDF average-link clustering with its
distance threshold tuned on topics 1-25 the same way.

    python -m benchmarks.ecbplus               # held-out figures with the settings' model
    python -m benchmarks.ecbplus --calibrate   # fit the model on topics 1-25, print it
    python -m benchmarks.ecbplus --cv          # 5-fold cross-validation within topics 1-25
    python -m benchmarks.ecbplus --cv --orders 8   # ... averaged over 9 orders of the articles
    python -m benchmarks.ecbplus --cv --errors     # ... with each fold's merged and split stories
    python -m benchmarks.ecbplus --batch --cv      # the batch clustering, CV on topics 1-25
    python -m benchmarks.ecbplus --batch --cv --batch-threshold-by out-of-fold   # ... its
                                                       # threshold from out-of-fold runs
    python -m benchmarks.ecbplus --batch --orders 8    # held-out: batch, stream over 9 orders
                                                       # (--calibrate: fit the batch model first)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks import ecbplus_batch
from benchmarks.common import data_dir, header
from crosscheck.records import Analysis, Article, Entity, content_id
from crosscheck.settings import DEFAULT, StorySettings, cache_dir
from crosscheck.stories.calibrate import bcubed, feature_names, pair_examples, pairwise
from crosscheck.stories.features import Ingredients, ingredients
from crosscheck.stories.index import StoryIndex, embedding_text

CALIBRATION = range(1, 26)
HELD_OUT = range(26, 36)
_NAME = re.compile(r"(\d+)_(\d+)(ecb|ecbplus)\.xml$")
_URL = re.compile(r"^https?\s*:")
_NO_SPACE_BEFORE = re.compile(r"\s+([.,;:!?%)\]}'’]|n't|'s|'re|'ve|'ll|'d|'m)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$])\s+")


@dataclass(frozen=True)
class Document:
    name: str
    gold: str  # "topic/ecb" or "topic/ecbplus"
    article: Article


def detokenize(tokens: Sequence[str]) -> str:
    text = " ".join(tokens).replace("``", '"').replace("''", '"')
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


def read_document(path: Path) -> Document:
    """Rebuild the text from the tokens, one sentence per line; a leading URL line is the
    page's address (Article.url), not text, as a reader would have it."""
    sentences: dict[int, list[str]] = {}
    for token in ET.parse(path).getroot().iter("token"):
        sentences.setdefault(int(token.get("sentence", 0)), []).append(token.text or "")
    lines = [detokenize(sentences[key]) for key in sorted(sentences)]
    url = None
    if lines and _URL.match(lines[0]):
        url = lines.pop(0).replace(" ", "")
    match = _NAME.search(path.name)
    assert match, path
    text = "\n".join(lines)
    article = Article(
        id=content_id(path.name, text), source=str(path), format="text", text=text,
        title=lines[0] if lines else "", url=url,
    )
    return Document(path.name, f"{match.group(1)}/{match.group(3)}", article)


def load(topics: range) -> list[Document]:
    root = data_dir() / "ecbplus" / "ECB+"
    paths = [p for t in topics for p in (root / str(t)).glob("*.xml") if (root / str(t)).is_dir()]
    return [read_document(path) for path in sorted(paths, key=lambda p: p.name)]


def analyses(documents: Sequence[Document]) -> dict[str, Analysis]:
    """Named entities from spaCy (the analysis stage's NER), cached outside the repository."""
    cache = cache_dir() / "ecbplus-entities.json"
    stored = json.loads(cache.read_text()) if cache.exists() else {}
    missing = [doc for doc in documents if doc.name not in stored]
    if missing:
        from crosscheck.nlp import spacy_model

        parsed = spacy_model.parse_many((doc.article.text for doc in missing), batch_size=8)
        for doc, parse in zip(missing, parsed):
            stored[doc.name] = [[ent.text, ent.label_] for ent in parse.ents]
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(stored))
    return {doc.article.id: entity_analysis(doc.article.id, stored[doc.name]) for doc in documents}


def entity_analysis(article_id: str, ents: list[list[str]]) -> Analysis:
    grouped: dict[tuple[str, str], int] = {}
    for text, label in ents:
        grouped[(text, label)] = grouped.get((text, label), 0) + 1
    entities = tuple(
        Entity(index, name, label, tuple(range(count)))
        for index, ((name, label), count) in enumerate(grouped.items())
    )
    return Analysis(article_id=article_id, entities=entities)


def ingredient_list(documents: Sequence[Document], *, embed: bool) -> list[Ingredients]:
    by_id = analyses(documents)
    vectors = embeddings(documents) if embed else [None] * len(documents)
    return [
        ingredients(doc.article, by_id[doc.article.id], embedding=vector)
        for doc, vector in zip(documents, vectors)
    ]


def embeddings(documents: Sequence[Document]) -> list[np.ndarray]:
    """MiniLM vectors of the documents, cached outside the repository by document name."""
    cache = cache_dir() / "ecbplus-embeddings.npz"
    stored = dict(np.load(cache)) if cache.exists() else {}
    missing = [doc for doc in documents if doc.name not in stored]
    if missing:
        from crosscheck.nlp.embed import embed

        vectors = embed([embedding_text(doc.article) for doc in missing])
        stored.update({doc.name: vector for doc, vector in zip(missing, vectors)})
        np.savez(cache, **stored)
    return [stored[doc.name] for doc in documents]


def run_index(parts: Sequence[Ingredients], *, settings: StorySettings, embed: bool
              ) -> list[str]:
    """An event label per document from the incremental path, in the given order."""
    index = StoryIndex(settings=settings, use_embeddings=embed, detect_duplicates=False)
    for item in parts:
        index.assign_ingredients(item)
    return [index.story_id(item.article_id) or "" for item in parts]


def scores(predicted: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    b, p = bcubed(predicted, gold), pairwise(predicted, gold)
    names = ("bcubed_p", "bcubed_r", "bcubed_f1", "pair_p", "pair_r", "pair_f1")
    return dict(zip(names, (*b, *p))) | {"stories": len(set(predicted))}


def baseline(documents: Sequence[Document], threshold: float) -> list[str]:
    """TF-IDF over the texts, average-link agglomerative clustering on cosine distance."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [doc.article.text for doc in documents]
    )
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    ).fit_predict(matrix.toarray())
    return [str(label) for label in labels]


def tune_baseline(documents: Sequence[Document]) -> float:
    gold = [doc.gold for doc in documents]
    grid = np.arange(0.50, 0.99, 0.01)
    return float(max(grid, key=lambda t: bcubed(baseline(documents, t), gold)[2]))


# The pair model's inputs, chosen by 5-fold cross-validation over topics 1-25 (folds of five
# topics; `--cv --orders 8`; figures in benchmarks/results/ecbplus.md). Numbers in the text,
# the people among the names ("person") and whether the latest years named agree
# ("year_same", "year_other") raised the cross-validated F1 of both models; the share of
# things both sides count with different numbers ("conflict") raised it with embeddings and
# lowered it without them. The year sub-vector, "both sides name people/places/dates" flags,
# the lead sentences, member-level (max/mean) cosines as inputs, coverage shares, story size,
# products of similarities and clashing weekdays did not raise it.
MODEL_FEATURES = {
    "embed": (
        "title", "body", "who", "where", "when", "num", "person", "conflict", "year_same",
        "year_other", "embed",
    ),
    "text": ("title", "body", "who", "where", "when", "num", "person", "year_same", "year_other"),
}
REGULARISATION = 1.0  # LogisticRegression C (scikit-learn's default); 0.3, 3 and 10 were worse
GRID = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]


def fit(
    parts: Sequence[Ingredients], gold: Sequence[str], *, embed: bool, settings: StorySettings
) -> StorySettings:
    """The pair model fitted on these documents, then its join threshold (best BCubed F1)."""
    from sklearn.linear_model import LogisticRegression

    features, labels = pair_examples(parts, gold, settings=settings, with_embeddings=embed)
    available = feature_names(with_embeddings=embed)
    names = [name for name in available if name in MODEL_FEATURES["embed" if embed else "text"]]
    features = features[:, [available.index(name) for name in names]]
    model = LogisticRegression(C=REGULARISATION, max_iter=1000).fit(features, labels)
    suffix = "embed" if embed else "text"
    settings = dataclasses.replace(
        settings,
        **{
            f"weights_{suffix}": tuple(
                (name, round(float(w), 3)) for name, w in zip(names, model.coef_[0])
            ),
            f"bias_{suffix}": round(float(model.intercept_[0]), 3),
        },
    )
    key = f"threshold_{suffix}"
    best = max(GRID, key=lambda t: f1(parts, gold, _with(settings, key, t), embed=embed))
    return _with(settings, key, best)


def mean_over_orders(
    parts: Sequence[Ingredients], gold: Sequence[str], *, settings: StorySettings, embed: bool,
    orders: int,
) -> dict[str, float]:
    """Scores of the file-name order and ``orders`` shuffled orders, averaged."""
    runs = []
    for seed in range(orders + 1):
        order = shuffled(len(parts), seed=seed) if seed else list(range(len(parts)))
        predicted = run_index([parts[i] for i in order], settings=settings, embed=embed)
        runs.append(scores(predicted, [gold[i] for i in order]))
    return {key: float(np.mean([run[key] for run in runs])) for key in runs[0]}


def shuffled(count: int, *, seed: int) -> list[int]:
    """A reproducible permutation of range(count)."""
    return [int(i) for i in np.random.default_rng(seed).permutation(count)]


def f1(
    parts: Sequence[Ingredients], gold: Sequence[str], settings: StorySettings, *, embed: bool,
) -> tuple[float, float]:
    """BCubed and pairwise F1 of one incremental run."""
    s = scores(run_index(parts, settings=settings, embed=embed), gold)
    return s["bcubed_f1"], s["pair_f1"]


def _with(settings: StorySettings, key: str, value: float) -> StorySettings:
    return dataclasses.replace(settings, **{key: value})


def cross_validate(
    *, embed: bool, settings: StorySettings = DEFAULT.stories, orders: int = 0,
    batch: bool = False, inputs: Sequence[str] | None = None, threshold_by: str = "in-sample",
    errors: bool = False,
) -> dict[str, float]:
    """5-fold cross-validation over topics 1-25 (folds of five topics): fit the model and its
    threshold on 20 topics, cluster the other 5 together; the mean over the folds and over
    the test topics' file-name order and ``orders`` shuffled orders (an incremental
    clustering depends on the order articles arrive in: one order's F1 varies by about
    0.01-0.02 from another's). ``batch``: the batch clustering instead (ecbplus_batch.py),
    fitted on the 20 topics as one batch and scored on the 5 as one batch, in one order (a
    shuffled order is checked to give the same partition); ``inputs`` its model's inputs,
    ``threshold_by`` how its threshold is chosen (``ecbplus_batch.fit_batch``). ``errors``:
    each fold's merged and split stories (of its file-name order) on stderr."""
    documents = load(CALIBRATION)
    parts = ingredient_list(documents, embed=embed)
    topic = [int(doc.gold.split("/")[0]) for doc in documents]
    gold = [doc.gold for doc in documents]
    folds = []
    for first in range(1, 26, 5):
        inside = [i for i, t in enumerate(topic) if not first <= t < first + 5]
        outside = [i for i, t in enumerate(topic) if first <= t < first + 5]
        if batch:
            folds.append(batch_fold(parts, gold, inside, outside, embed=embed,
                                    settings=settings, inputs=inputs,
                                    threshold_by=threshold_by,
                                    names=[documents[i].name for i in outside] if errors
                                    else None))
            continue
        fitted = fit(
            [parts[i] for i in inside], [gold[i] for i in inside], embed=embed, settings=settings
        )
        for seed in range(orders + 1):
            order = [outside[j] for j in shuffled(len(outside), seed=seed)] if seed else outside
            predicted = run_index(
                [parts[i] for i in order], settings=fitted, embed=embed
            )
            folds.append(scores(predicted, [gold[i] for i in order]))
            if errors and not seed:
                print_errors(predicted, [gold[i] for i in order],
                             [documents[i].name for i in order])
    mean = {key: float(np.mean([fold[key] for fold in folds])) for key in folds[0]}
    if batch:
        for number, fold in enumerate(folds):
            print(f"  topics {5 * number + 1}-{5 * number + 5}: BCubed P {fold['bcubed_p']:.3f} "
                  f"R {fold['bcubed_r']:.3f} F1 {fold['bcubed_f1']:.3f}; pairwise P "
                  f"{fold['pair_p']:.3f} R {fold['pair_r']:.3f} F1 {fold['pair_f1']:.3f}",
                  file=sys.stderr)
        print("  per fold, BCubed F1: " + " ".join(f"{fold['bcubed_f1']:.3f}" for fold in folds)
              + "; pairwise F1: " + " ".join(f"{fold['pair_f1']:.3f}" for fold in folds),
              file=sys.stderr)
    print(
        f"5-fold CV over topics 1-25 ({'with' if embed else 'without'} embeddings, "
        f"{'batch' if batch else f'{orders + 1} orders'}): BCubed F1 "
        f"{mean['bcubed_f1']:.3f} (P {mean['bcubed_p']:.3f} R {mean['bcubed_r']:.3f}), "
        f"pairwise F1 {mean['pair_f1']:.3f} (P {mean['pair_p']:.3f} R {mean['pair_r']:.3f})"
    )
    return mean


def batch_fold(
    parts: Sequence[Ingredients], gold: Sequence[str], inside: Sequence[int],
    outside: Sequence[int], *, embed: bool, settings: StorySettings,
    inputs: Sequence[str] | None, threshold_by: str = "in-sample",
    names: Sequence[str] | None = None,
) -> dict[str, float]:
    """One CV fold of the batch clustering: fit on ``inside``, score ``outside`` (with
    ``names``, the documents of ``outside``: its merged and split stories on stderr)."""
    fitted = ecbplus_batch.fit_batch(
        [parts[i] for i in inside], [gold[i] for i in inside], embed=embed, settings=settings,
        inputs=inputs, threshold_by=threshold_by,
    )
    test = [parts[i] for i in outside]
    predicted = ecbplus_batch.run_batch(test, settings=fitted, embed=embed)
    ecbplus_batch.check_order(test, predicted, settings=fitted, embed=embed)
    mode = ecbplus_batch.suffix(fitted, embed)
    print(f"  fold: threshold {getattr(fitted, f'batch_threshold_{mode}')}", file=sys.stderr)
    if names is not None:
        print_errors(predicted, [gold[i] for i in outside], names)
    return scores(predicted, [gold[i] for i in outside])


def error_lines(predicted: Sequence[str], gold: Sequence[str], names: Sequence[str]
                ) -> list[str]:
    """What a clustering got wrong, per story: predicted groups that hold several gold
    stories (with each one's count), and gold stories cut into several groups (the group
    sizes, and the documents in groups of one or two: mostly short reports)."""
    lines = []
    for label in sorted(set(predicted)):
        found = Counter(g for p, g in zip(predicted, gold) if p == label)
        if len(found) > 1:
            lines.append("merged: " + ", ".join(f"{g} {n}" for g, n in sorted(found.items())))
    for story in sorted(set(gold)):
        groups = Counter(p for p, g in zip(predicted, gold) if g == story)
        if len(groups) > 1:
            small = [name for name, p, g in zip(names, predicted, gold)
                     if g == story and groups[p] <= 2]
            sizes = " + ".join(str(n) for n in sorted(groups.values(), reverse=True))
            lines.append(f"split: {story} {sizes}" + (f" ({' '.join(small)})" if small else ""))
    return lines


def print_errors(predicted: Sequence[str], gold: Sequence[str], names: Sequence[str]) -> None:
    for line in error_lines(predicted, gold, names):
        print(f"    {line}", file=sys.stderr)


def calibrate_batch(
    *, embed: bool, settings: StorySettings, threshold_by: str = "in-sample"
) -> StorySettings:
    """Fit the batch pair model and its threshold on topics 1-25; print them."""
    documents = load(CALIBRATION)
    gold = [doc.gold for doc in documents]
    parts = ingredient_list(documents, embed=embed)
    settings = ecbplus_batch.fit_batch(parts, gold, embed=embed, settings=settings,
                                       threshold_by=threshold_by)
    in_sample = scores(ecbplus_batch.run_batch(parts, settings=settings, embed=embed), gold)
    print(f"batch, in-sample on topics 1-25: BCubed F1 {in_sample['bcubed_f1']:.3f}, "
          f"pairwise F1 {in_sample['pair_f1']:.3f}")
    mode = ecbplus_batch.suffix(settings, embed)
    for key in (f"batch_weights_{mode}", f"batch_bias_{mode}", f"batch_threshold_{mode}",
                "batch_linkage", "batch_embeddings"):
        print(f"    {key} = {getattr(settings, key)!r}")
    return settings


def calibrate(*, embed: bool, settings: StorySettings = DEFAULT.stories) -> StorySettings:
    """Fit the pair model on topics 1-25, then its threshold there."""
    documents = load(CALIBRATION)
    gold = [doc.gold for doc in documents]
    parts = ingredient_list(documents, embed=embed)
    settings = fit(parts, gold, embed=embed, settings=settings)
    suffix = "embed" if embed else "text"
    _, labels = pair_examples(parts, gold, settings=settings, with_embeddings=embed)
    print(f"pairs: {len(labels)} ({int(labels.sum())} positive)")
    print(
        "calibrated on topics 1-25: bcubed/pairwise F1 = "
        f"{f1(parts, gold, settings, embed=embed)}"
    )
    for key in (f"weights_{suffix}", f"bias_{suffix}", f"threshold_{suffix}"):
        print(f"    {key} = {getattr(settings, key)!r}")
    return settings


def table(rows: dict[str, dict[str, float]]) -> str:
    lines = [
        "| method | BCubed P | BCubed R | BCubed F1 | pairwise P | pairwise R | pairwise F1 "
        "| stories |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, s in rows.items():
        lines.append(
            f"| {name} | {s['bcubed_p']:.3f} | {s['bcubed_r']:.3f} | {s['bcubed_f1']:.3f} | "
            f"{s['pair_p']:.3f} | {s['pair_r']:.3f} | {s['pair_f1']:.3f} | {s['stories']:.0f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calibrate", action="store_true", help="fit on topics 1-25 first")
    parser.add_argument("--no-embed", action="store_true", help="TF-IDF and entities only")
    parser.add_argument("--cv", action="store_true", help="only cross-validate on topics 1-25")
    parser.add_argument(
        "--orders", type=int, default=0,
        help="also this many shuffled orders of the test documents (their mean is reported)",
    )
    parser.add_argument("--batch", action="store_true",
                        help="the order-free batch clustering (with --cv / --calibrate)")
    parser.add_argument("--batch-inputs", help="comma-separated inputs of the batch model "
                        "(default: ecbplus_batch.BATCH_FEATURES)")
    parser.add_argument("--batch-embeddings", action="store_true",
                        help="the batch model takes the embedding cosine (default: settings')")
    parser.add_argument("--batch-linkage", choices=("average", "weighted"),
                        help="the batch agglomeration's linkage (default: the settings')")
    parser.add_argument("--batch-threshold-by", choices=ecbplus_batch.THRESHOLD_BY,
                        default="in-sample", help="how the batch threshold is chosen on the "
                        "training topics (out-of-fold: on their pooled inner-CV clusterings)")
    parser.add_argument("--errors", action="store_true",
                        help="with --cv: each fold's merged and split stories (stderr)")
    parser.add_argument("--neus-weight", type=float, default=None,
                        help="weight of a NeuS train pair in the batch model's fit (default "
                        f"{ecbplus_batch.NEUS_WEIGHT}; 0: ECB+ alone)")
    args = parser.parse_args(argv)
    if args.neus_weight is not None:  # every fit of this run (CV folds, calibration) uses it
        ecbplus_batch.NEUS_WEIGHT = args.neus_weight
    embed = not args.no_embed and _embedding_available()
    base = DEFAULT.stories
    if args.batch_linkage:
        base = dataclasses.replace(base, batch_linkage=args.batch_linkage)
    if args.batch_embeddings:
        base = dataclasses.replace(base, batch_embeddings=True)
    inputs = args.batch_inputs.split(",") if args.batch_inputs else None
    if args.cv:
        cross_validate(embed=embed, orders=args.orders, settings=base, batch=args.batch,
                       inputs=inputs, threshold_by=args.batch_threshold_by, errors=args.errors)
        return
    if args.batch:
        held_out_batch(embed=embed, settings=base, calibrate=args.calibrate, orders=args.orders,
                       threshold_by=args.batch_threshold_by)
        return
    started = time.perf_counter()
    settings = calibrate(embed=embed, settings=base) if args.calibrate else base
    held_out = load(HELD_OUT)
    gold = [doc.gold for doc in held_out]
    parts = ingredient_list(held_out, embed=embed)
    label = "crosscheck (TF-IDF sub-vectors + entities" + (" + MiniLM" if embed else "") + ")"
    rows = {
        f"{label}, incremental": scores(
            run_index(parts, settings=settings, embed=embed), gold
        ),
    }
    if args.orders:
        rows[f"{label}, incremental, mean of {args.orders + 1} orders"] = mean_over_orders(
            parts, gold, settings=settings, embed=embed, orders=args.orders
        )
    threshold = tune_baseline(load(CALIBRATION))
    rows[f"baseline: TF-IDF average-link (distance {threshold:.2f})"] = scores(
        baseline(held_out, threshold), gold
    )
    print(header("benchmarks.ecbplus"))
    print(
        f"ECB+ topics 26-35: {len(held_out)} documents, {len(set(gold))} gold stories, all "
        "clustered together, incremental path, file-name order; model and thresholds "
        "calibrated on topics 1-25 only.\n"
    )
    print(table(rows))
    print(f"\n({time.perf_counter() - started:.0f} s)")


def held_out_batch(
    *, embed: bool, settings: StorySettings, calibrate: bool, orders: int,
    threshold_by: str = "in-sample",
) -> None:
    """Held-out figures of the batch clustering, beside the stream's (over ``orders``
    shuffled orders too) and the baseline's."""
    started = time.perf_counter()
    if calibrate:
        settings = calibrate_batch(embed=embed, settings=settings, threshold_by=threshold_by)
    held_out = load(HELD_OUT)
    gold = [doc.gold for doc in held_out]
    parts = ingredient_list(held_out, embed=embed)
    label = "crosscheck (TF-IDF sub-vectors + entities" + (" + MiniLM" if embed else "") + ")"
    predicted = ecbplus_batch.run_batch(parts, settings=settings, embed=embed)
    ecbplus_batch.check_order(parts, predicted, settings=settings, embed=embed)
    batch_label = "crosscheck batch (TF-IDF sub-vectors + entities" + (
        " + MiniLM" if ecbplus_batch.suffix(settings, embed) == "embed" else "") + ")"
    rows = {
        f"{batch_label}, any order": scores(predicted, gold),
        f"{label}, stream, file-name order": scores(
            run_index(parts, settings=settings, embed=embed), gold
        ),
    }
    if orders:
        rows[f"{label}, stream, mean of {orders + 1} orders"] = mean_over_orders(
            parts, gold, settings=settings, embed=embed, orders=orders
        )
    threshold = tune_baseline(load(CALIBRATION))
    rows[f"baseline: TF-IDF average-link (distance {threshold:.2f})"] = scores(
        baseline(held_out, threshold), gold
    )
    print(header("benchmarks.ecbplus"))
    print(f"ECB+ topics 26-35: {len(held_out)} documents, {len(set(gold))} gold stories; "
          "models and thresholds calibrated on topics 1-25 only.\n")
    print(table(rows))
    print(f"\n({time.perf_counter() - started:.0f} s)")


def _embedding_available() -> bool:
    from crosscheck.stories.embedding import available_embedder

    return available_embedder() is not None


if __name__ == "__main__":
    main(sys.argv[1:])
