"""The attribution tagger's runtime: the ONNX graph ``make model`` builds into the cache
(``<cache>/attribution-tagger``), loaded once like every other model, here in ``nlp/``.

``tagger_logits`` gives, per ``(doc, sentences)`` pair, one row of three logits per token
(inside a cue, a content, a source); ``crosscheck.analyze.quotes.tagger`` turns them into
decisions. Without the built graph, or with one built from other weights than the caller
expects, it gives None and says so once in the log.
"""

from __future__ import annotations

import functools
import logging

from crosscheck.settings import cache_dir

log = logging.getLogger(__name__)

TAGGER_DIR_NAME = "attribution-tagger"
# Written by the build beside the graph: the SHA-256 of the weights file it was built from,
# which a stage file names too (``tagger_sha256``): a tagger built from other weights (a
# cache left by an older checkout) would feed the stage logits it was not fitted on.
WEIGHTS_HASH_FILE = "weights.sha256"
TAGGER_THREADS = 1


def tagger_logits(wanted: list, *, expected: str | None = None):  # type: ignore[no-untyped-def,type-arg]
    """Per-token logits of the built tagger for each ``(doc, sentences)`` pair (all encoded
    in one pass), or None when it is not built or, given the ``expected`` weights hash,
    was built from other weights (both logged once)."""
    from crosscheck.nlp.token_states import token_states_many

    loaded = _load_tagger()
    if loaded is None:
        return None
    session, tokenizer, built = loaded
    if expected is not None and built != expected:
        _warn_stale(built, expected)
        return None
    return token_states_many(session, tokenizer, wanted)


@functools.lru_cache(maxsize=None)
def _warn_stale(built: str | None, expected: str) -> None:
    log.warning("the attribution tagger in the cache was built from other weights (%s) than"
                " the cue model's second stage expects (%s): the lexical cue model decides"
                " alone; run `make model`", (built or "unknown")[:12], expected[:12])


@functools.lru_cache(maxsize=1)
def _load_tagger():  # type: ignore[no-untyped-def]
    folder = cache_dir() / TAGGER_DIR_NAME
    path = folder / "tagger.onnx"
    if not path.is_file():
        log.warning("attribution tagger not built (%s): the lexical cue model decides alone;"
                    " run `make model`", path)
        return None
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from crosscheck.nlp.embed import _session_options

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(256)
    tokenizer.no_padding()
    options = _session_options(ort)
    # One thread: analysis runs one worker per core, and the tagger's batches are small; a
    # second thread costs 13 % (batch 32) to 60 % (one sentence) more CPU per word piece
    # (benchmarks/results/polnear.md, 2026-11-30 late).
    options.intra_op_num_threads = TAGGER_THREADS
    session = ort.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    hash_file = folder / WEIGHTS_HASH_FILE
    built = hash_file.read_text(encoding="utf-8").strip() if hash_file.is_file() else None
    return session, tokenizer, built
