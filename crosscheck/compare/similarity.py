"""Sentence vectors for claim alignment.

The MiniLM embeddings (``crosscheck.nlp.embed``) when the ONNX model is built; otherwise a
TF-IDF fallback over word uni- and bigrams, logged once, with its own threshold in settings
(cosines of the two are on different scales).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crosscheck.errors import CrosscheckError
from crosscheck.settings import CompareSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Vectors:
    matrix: np.ndarray  # one L2-normalised row per text
    kind: str  # "embedding" | "tfidf"

    def threshold(self, settings: CompareSettings) -> float:
        if self.kind == "embedding":
            return settings.claim_match_embedding
        return settings.claim_match_tfidf


class EmbeddingCache:
    """Vectors already computed while building one dossier, by text (claims are embedded
    for alignment and again ranked for the summary: embed each sentence once)."""

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}
        self.unavailable = False


def sentence_vectors(texts: Sequence[str], *, use_embeddings: bool = True,
                     cache: EmbeddingCache | None = None) -> Vectors:
    if not texts:
        return Vectors(np.zeros((0, 1), dtype=np.float32), "tfidf")
    if use_embeddings and not (cache and cache.unavailable):
        try:
            return Vectors(_embedded(texts, cache or EmbeddingCache()), "embedding")
        except (ImportError, CrosscheckError, OSError) as error:
            log.warning("sentence embeddings unavailable (%s); using TF-IDF similarity", error)
            if cache:
                cache.unavailable = True
    return Vectors(_tfidf(texts), "tfidf")


def _embedded(texts: Sequence[str], cache: EmbeddingCache) -> np.ndarray:
    from crosscheck.nlp.embed import embed

    missing = list(dict.fromkeys(t for t in texts if t not in cache.vectors))
    if missing:
        for text, vector in zip(missing, np.asarray(embed(missing), dtype=np.float32)):
            cache.vectors[text] = vector
    return np.stack([cache.vectors[t] for t in texts])


def _tfidf(texts: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # every text empty or stop words only
        return np.zeros((len(texts), 1), dtype=np.float32)
    return np.asarray(matrix.todense(), dtype=np.float32)
