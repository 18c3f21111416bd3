"""Embedding throughput and int8 agreement: the 8-bit MiniLM against the same model in fp32.

Sentences come from NeuS articles (``neus/val.source``, then ``train.source``), split on
sentence-final punctuation, 5-80 words each, a fixed-seed sample. Both models run in this one
process with the runtime's settings (2 intra-op threads, batches of 64 sorted by length), so
the speed ratio is measured under the same machine load. Reported:

- sentences per second for int8 and fp32, and the ratio; beside the wall-clock rate, the rate
  per CPU-second of this process, which other processes on a shared machine disturb less
  (the load average is printed too);
- cosine between the int8 and fp32 embedding of each sentence (mean, 1st percentile, min);
- batch invariance: int8 quantises activations per batch, so a sentence embedded alone and
  inside a batch differ slightly (cosine mean and min over a subsample).

    python -m benchmarks.embed [--sentences 3000] [--singles 200]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import time

import numpy as np

from benchmarks.common import data_dir, header
from crosscheck.nlp.embed import embed, load

# A sentence ends at . ! or ? (optionally followed by a closing quote) before a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘A-Z])|(?<=[.!?][\"”’])\s+(?=[A-Z])")


def neus_sentences(count: int, *, seed: int = 13) -> list[str]:
    """Distinct sentences of 5-80 words from the NeuS articles, validation split first."""
    chosen: list[str] = []
    for split in ("val", "train"):
        text = (data_dir() / "neus" / f"{split}.source").read_text(encoding="utf-8")
        sentences: set[str] = set()
        # One example per line; its articles are joined by [SEP], each "TITLE=> ... ARTICLE=> ...".
        articles = (part for line in text.splitlines() for part in line.split("[SEP]"))
        for article in articles:
            body = article.split("ARTICLE=>", 1)[-1]
            for sentence in _SENTENCE_END.split(body):
                if 5 <= len(sentence.split()) <= 80:
                    sentences.add(sentence.strip())
        ordered = sorted(sentences - set(chosen))
        random.Random(seed).shuffle(ordered)
        chosen += ordered[: count - len(chosen)]
        if len(chosen) >= count:
            break
    return chosen


def timed_embed(texts: list[str], precision: str) -> tuple[np.ndarray, float, float]:
    """Embeddings, wall-clock seconds and CPU seconds of this process."""
    load(precision)  # load outside the timing
    embed(texts[:64], precision=precision)  # warm-up: first runs allocate
    start, cpu_start = time.perf_counter(), time.process_time()
    vectors = embed(texts, precision=precision)
    return vectors, time.perf_counter() - start, time.process_time() - cpu_start


def batch_invariance(texts: list[str], batched: np.ndarray) -> np.ndarray:
    singles = np.vstack([embed([text]) for text in texts])
    return (singles * batched).sum(axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--singles", type=int, default=200)
    args = parser.parse_args()

    texts = neus_sentences(args.sentences)
    tokens = load("int8").tokenizer.encode_batch(texts)  # type: ignore[attr-defined]
    mean_tokens = np.mean([min(len(t.ids), 256) for t in tokens])
    load_before = os.getloadavg()[0]
    int8, int8_seconds, int8_cpu = timed_embed(texts, "int8")
    fp32, fp32_seconds, fp32_cpu = timed_embed(texts, "fp32")
    load_after = os.getloadavg()[0]
    agreement = (int8 * fp32).sum(axis=1)
    invariance = batch_invariance(texts[: args.singles], int8[: args.singles])

    print(header("benchmarks.embed"))
    print(f"sentences: {len(texts)} from NeuS, mean {mean_tokens:.1f} tokens")
    print(f"load average (1 min): {load_before:.1f} before, {load_after:.1f} after")
    for name, seconds, cpu in (("int8", int8_seconds, int8_cpu), ("fp32", fp32_seconds, fp32_cpu)):
        print(
            f"{name}: {len(texts) / seconds:8.1f} sentences/s wall ({seconds:.1f} s), "
            f"{len(texts) / cpu:8.1f} sentences per CPU-second ({cpu:.1f} s)"
        )
    print(
        f"speed-up int8/fp32: {fp32_seconds / int8_seconds:.2f}x wall, "
        f"{fp32_cpu / int8_cpu:.2f}x CPU"
    )
    print(
        f"cosine int8 vs fp32: mean {agreement.mean():.4f}, "
        f"p1 {np.percentile(agreement, 1):.4f}, min {agreement.min():.4f}"
    )
    print(
        f"int8 alone vs in a batch ({len(invariance)} sentences): "
        f"mean {invariance.mean():.4f}, min {invariance.min():.4f}"
    )


if __name__ == "__main__":
    main()
