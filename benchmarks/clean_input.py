"""Clean input passes through the cleaner unchanged: no sentence of an article is removed.

    python -m benchmarks.clean_input             # every article of the four sets
    python -m benchmarks.clean_input --show 20   # also print removed sentences

Articles that are already clean (no web boilerplate): PolNeAR train and dev (one paragraph
per line), NeuS train and validation (each body one line), ECB+ (one sentence per line) and the
dev dossier set (ECB+ and NewsWCL50 as crosscheck JSONL). Each is cleaned twice, as given and
with its body joined into one paragraph (as a JSONL ``text`` without line breaks), and every
sentence of the input must still be in the cleaned text.

A sentence is a piece of a line (``crosscheck.clean.sentences.split_sentences``) that ends with
a full stop, question or exclamation mark and has at least three words: a bare dateline
("July 08, 2012") or a separator is not one. A sentence removed with its own wording as the
evidence (a subscription prompt, a newsletter pitch, an author bio: "Follow him on Twitter:
@name.") is counted apart: those corpora carry a few, and they are boilerplate by the issue's
own rule; every other removed sentence is a loss. The gate is
tests/test_eval_gate_clean_input.py.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crosscheck.clean import clean_article
from crosscheck.clean.sentences import split_sentences
from crosscheck.clean.text_lines import ends_sentence, words
from crosscheck.records import Article

SETS = ("polnear", "neus", "ecbplus", "dossier-dev")
WORDING_REASONS = frozenset({"subscription-prompt", "prompt-teaser", "author-bio"})
SENTENCE_MIN_WORDS = 3
_NEUS_PART = re.compile(r"\s*TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)", re.S)
_URL = re.compile(r"^https?\s*:")
_NO_SPACE_BEFORE = re.compile(r"\s+([.,;:!?%)\]}'’]|n't|'s|'re|'ve|'ll|'d|'m)")


@dataclass(frozen=True)
class CleanText:
    corpus: str
    source: str
    title: str  # the headline line, "" when the text has none
    body: str


def polnear(root: Path) -> Iterator[CleanText]:
    for path in sorted(root.glob("polnear/*/text/*.txt")):
        lines = path.read_text(encoding="utf-8").strip().split("\n", 1)
        yield CleanText("polnear", path.name, lines[0].strip(), lines[1] if len(lines) > 1 else "")


def neus(root: Path) -> Iterator[CleanText]:
    for path in sorted(root.glob("neus/*.source")):
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                for side, part in enumerate(line.split(" [SEP] ")):
                    match = _NEUS_PART.match(part)
                    title, body = (match.group(1), match.group(2)) if match else ("", part)
                    yield CleanText("neus", f"{path.name}:{number}:{side}", title.strip(), body.strip())


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens).replace("``", '"').replace("''", '"')
    return _NO_SPACE_BEFORE.sub(r"\1", text)


def ecbplus(root: Path) -> Iterator[CleanText]:
    """One sentence per line, rebuilt from the tokens; a leading URL line is left out."""
    for path in sorted(root.glob("ecbplus/ECB+/*/*.xml")):
        sentences: dict[int, list[str]] = {}
        for token in ET.parse(path).getroot().iter("token"):
            sentences.setdefault(int(token.get("sentence", 0)), []).append(token.text or "")
        lines = [_detokenize(sentences[key]) for key in sorted(sentences)]
        if lines and _URL.match(lines[0]):
            lines.pop(0)
        yield CleanText("ecbplus", path.name, "", "\n".join(lines))


def dossier_dev(root: Path) -> Iterator[CleanText]:
    path = root / "dossier-dev" / "articles.jsonl"
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            yield CleanText("dossier-dev", record["id"], "", record["text"])


def clean_texts(root: Path) -> list[CleanText]:
    return [*polnear(root), *neus(root), *ecbplus(root), *dossier_dev(root)]


def as_given(item: CleanText, *, one_paragraph: bool) -> str:
    """The article as a reader hands it to the cleaner: headline line, then the body."""
    body = " ".join(item.body.split()) if one_paragraph else item.body
    return f"{item.title}\n{body}" if item.title else body


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see the module docstring), whitespace collapsed."""
    return [
        piece
        for line in text.splitlines()
        for piece in split_sentences(line)
        if ends_sentence(piece) and len(words(piece)) >= SENTENCE_MIN_WORDS
    ]


def losses(text: str) -> tuple[list[str], bool]:
    """Sentences of ``text`` the cleaner removed without wording evidence, and whether it
    removed a prompt or a bio."""
    cleaned = clean_article(Article(id="clean-input", source="clean-input", format="text", text=text))
    kept = " ".join(cleaned.text.split())
    by_wording = " ".join(
        " ".join(line.text.split())
        for line in cleaned.removed
        if set(line.reason.split("+")) <= WORDING_REASONS
    )
    lost = [sentence for sentence in sentences(text) if sentence not in kept and sentence not in by_wording]
    return lost, bool(by_wording)


def main() -> None:
    from benchmarks.common import data_dir, header

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many removed sentences")
    args = parser.parse_args()
    items = clean_texts(data_dir())
    print(header("benchmarks.clean_input"))
    print("| set | form | articles | articles losing a sentence | sentences lost "
          "| articles with a prompt or bio removed | seconds |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    shown = 0
    for corpus in SETS:
        chosen = [item for item in items if item.corpus == corpus]
        for one_paragraph in (False, True):
            started = time.perf_counter()
            found = [losses(as_given(item, one_paragraph=one_paragraph)) for item in chosen]
            seconds = time.perf_counter() - started
            form = "one paragraph" if one_paragraph else "with line breaks"
            hit = sum(bool(lost) for lost, _ in found)
            lost_count = sum(len(lost) for lost, _ in found)
            wording = sum(by_wording for _, by_wording in found)
            print(f"| {corpus} | {form} | {len(chosen)} | {hit} | {lost_count} | {wording} | {seconds:.1f} |")
            for item, (lost, _) in zip(chosen, found):
                for sentence in lost:
                    if shown < args.show:
                        print(f"    {item.source}: {sentence[:160]}")
                        shown += 1


if __name__ == "__main__":
    main()
