"""The sentence encoder, when it is there.

Story clustering uses the MiniLM embeddings from ``crosscheck.nlp.embed`` once the model has
been built (`make model`); until then, or when settings turn it off, it runs on TF-IDF and
entities alone with the weights calibrated for that case.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence

import numpy as np

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def available_embedder() -> Callable[[Sequence[str]], np.ndarray] | None:
    """``crosscheck.nlp.embed.embed`` if it loads and runs, else None (logged once)."""
    try:
        from crosscheck.nlp.embed import embed

        embed(["probe"])
    except Exception as error:  # noqa: BLE001 - any failure means "no embeddings here"
        log.warning("story clustering without embeddings: %s", error)
        return None
    return embed
