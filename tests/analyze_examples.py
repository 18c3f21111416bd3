"""Helper for tests: the analysis of one example article (examples/), cleaned as ingest does.

``ref`` is a path under examples/ or "feeds.jsonl#<id>" for a JSONL record, as in gold.json.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from crosscheck.analyze import analyze_article
from crosscheck.clean import clean_articles
from crosscheck.readers import read_paths
from crosscheck.records import Analysis, Article
from crosscheck.settings import DEFAULT


@functools.cache
def analyze_example(examples_dir: Path, ref: str) -> tuple[Article, Analysis]:
    path, _, record = ref.partition("#")
    wanted = str(examples_dir / path)
    if record:
        lines = (examples_dir / path).read_text(encoding="utf-8").splitlines()
        number = next(n for n, line in enumerate(lines, start=1)
                      if line.strip() and json.loads(line)["id"] == record)
        wanted = f"{wanted}:{number}"
    read = [a for a in read_paths([str(examples_dir / path)])
            if isinstance(a, Article) and a.source == wanted]
    assert len(read) == 1, (ref, [getattr(a, "source", a) for a in read])
    article = next(iter(clean_articles(read, settings=DEFAULT.clean)))
    return article, analyze_article(article)
