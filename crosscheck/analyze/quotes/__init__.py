"""Quotes: who said what, to whom, and whether they said it.

    marks          quote marks paired within and across paragraphs
    cues           the learned cue model (``cues.json``) and its candidates
    scores         the cue model's scores of a batch of parses
    tagger         the attribution tagger's second stage (``cue_stage.npz``, ``tagger.npz``;
                   its runtime is loaded through ``crosscheck.nlp.tagger``)
    speakers       the speaker phrase at a cue and the one pronoun and role resolver
    polarity       positive, negated, declined or no-response; the addressee
    continuations  speakers carried across the paragraphs of a quote
    frames         frames that say who speaks where the parse misreads them ("“...?” X
                   pressed.", "As X put it, “...”")
    relays         who passed the speaker's words on ("X said, according to Y")
    finding        ``find_quotes``: every quote of one article, in reading order

``find_quotes`` and ``score_cues`` are loaded on first use: ``crosscheck.analyze.attributions``
needs ``speakers`` while ``finding`` needs the attributions, so importing the package must
not import ``finding``.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["find_quotes", "score_cues"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("crosscheck.analyze.quotes.finding"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
