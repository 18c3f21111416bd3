"""The screenshots of docs/web.md: each page kind of the examples' store, as Chromium shows it.

Run from the repository root after changing how a page looks:

    python scripts/web_screenshots.py

It ingests examples/ into a temporary store, serves it, and writes docs/img/web-*.png: the
first screen of each page (a laptop's 1280 x 800, and a phone's 390 x 844 for the story),
at 0.6 device pixels per CSS pixel so that the files stay small. The full-page screenshots
of every page kind at both widths are the browser tests' (tests/test_web_browser.py, into
screenshots/).
"""

from __future__ import annotations

import json
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_web_browser import CHROMIUM, CHROMIUM_ARGS, serving  # noqa: E402

OUT = ROOT / "docs" / "img"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCALE = 0.6


def pages(base: str) -> dict[str, tuple[str, dict[str, int]]]:
    """name -> (path, viewport): one of each page kind, the story with a conflict."""
    stories = json.load(urllib.request.urlopen(base + "/api/stories?sort=size"))
    story = next(s for s in stories
                 if any(c["conflict"] for c in json.load(urllib.request.urlopen(
                     f"{base}/api/stories/{s['id']}"))["claims"]))
    dossier = json.load(urllib.request.urlopen(f"{base}/api/stories/{story['id']}"))
    evidence = next(c for c in dossier["claims"] if c["conflict"])["support"][0]["evidence"]
    span = f"{evidence['span']['start']}-{evidence['span']['end']}"
    return {
        "stories": ("/", LAPTOP),
        "story": (f"/stories/{story['id']}", LAPTOP),
        "story-phone": (f"/stories/{story['id']}", PHONE),
        "coverage": (f"/stories/{story['id']}#coverage", LAPTOP),
        "quotes": (f"/stories/{story['id']}#quotes", LAPTOP),
        "compare": (f"/stories/{story['id']}/compare", LAPTOP),
        "article": (f"/articles/{evidence['article_id']}?span={span}#s-{span}", LAPTOP),
        "search": ("/search?q=warehouse", LAPTOP),
        "docs": ("/docs", LAPTOP),
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    from crosscheck.run import ingest
    from crosscheck.store import Database

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "examples.db"
        with Database(store) as db:
            ingest([ROOT / "examples"], db=db)
        with serving(store) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            for name, (path, viewport) in pages(base).items():
                page = browser.new_page(viewport=viewport, device_scale_factor=SCALE)
                page.goto(base + path)
                page.screenshot(path=OUT / f"web-{name}.png")
                page.close()
                print(f"docs/img/web-{name}.png  {path}")
            browser.close()


if __name__ == "__main__":
    main()
