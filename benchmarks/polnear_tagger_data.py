"""Write PolNeAR train sentences with their gold cue / content / source character spans, for
fitting the token tagger in the build venv (``scripts/fit_tagger.py``; it has torch, not spaCy).

    python -m benchmarks.polnear_tagger_data OUT.jsonl

One JSON line per spaCy sentence: the document name, whether ``cues.json`` was fitted on the
document (``seen``: the 420 of ``documents("train", limit=420)``), the sentence text and,
per role, the gold spans that fall in it as offsets into the sentence. Dev is never read.
"""

from __future__ import annotations

import json
import sys

from benchmarks.polnear import documents, parsed

ROLES = ("cue", "content", "source")


def sentence_rows(name: str, seen: bool, doc, gold) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    pieces = {
        role: [span for g in gold for span in getattr(g, role)] for role in ROLES
    }
    found = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if not sent.text.strip():
            continue
        row = {"doc": name, "seen": seen, "text": sent.text}
        for role in ROLES:
            row[role] = [
                (max(s.start, start) - start, min(s.end, end) - start)
                for s in pieces[role]
                if s.start < end and s.end > start
            ]
        found.append(row)
    return found


def main(argv: list[str] | None = None) -> None:
    (out,) = argv if argv is not None else sys.argv[1:]
    seen = {name for name, _, _ in documents("train", limit=420)}
    docs = documents("train")
    spacy_docs = parsed("train", [n for n, _, _ in docs], [t for _, t, _ in docs])
    with open(out, "w", encoding="utf-8") as handle:
        for (name, _, gold), doc in zip(docs, spacy_docs):
            for row in sentence_rows(name, name in seen, doc, gold):
                handle.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
