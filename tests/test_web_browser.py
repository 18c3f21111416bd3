"""The web UI in a real browser: Playwright driving Debian's Chromium against a uvicorn server
in a background thread, on a store of examples/.

`make test` installs Chromium (`make chromium`) and sets CROSSCHECK_REQUIRE_BROWSER, so there
a missing browser fails the test; run by hand without it, the test is skipped. Playwright's
own browser download (`playwright install`) is never used: it cannot run here.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from crosscheck.web import create_app

pytestmark = [pytest.mark.model, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
TARGET_BACKGROUND = "rgb(255, 212, 59)"  # `:target` in crosscheck/web/static/crosscheck.css


def missing_browser(reason: str) -> None:
    # `make test` asks for this test: there, a missing browser is a failure, not a skip
    if os.environ.get("CROSSCHECK_REQUIRE_BROWSER"):
        pytest.fail(f"CROSSCHECK_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(f"{reason} (`make chromium` installs it)")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("playwright is not installed")
    if not CHROMIUM.exists():
        missing_browser(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def serving(store: Path):
    """A uvicorn server of the store in a background thread, on a free loopback port."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server_url(examples_store):
    with serving(examples_store) as url:
        yield url


def served_corpus(tmp_path_factory, corpus: Path):
    """A store of the corpus, ingested with the real stages, served."""
    from crosscheck.run import ingest
    from crosscheck.store import Database

    path = tmp_path_factory.mktemp("store") / "store.db"
    with Database(path) as db:
        ingest([corpus], db=db)
    with serving(path) as url:
        yield url


@pytest.fixture(scope="module")
def seeds_url(tmp_path_factory, seeds):
    """The seeds: two reports of one event."""
    yield from served_corpus(tmp_path_factory, seeds)


@pytest.fixture(scope="module")
def dev_url(tmp_path_factory, shared_data):
    """The dossier gold's real events (75 articles, up to 11 outlets a story): wide tables."""
    yield from served_corpus(tmp_path_factory, shared_data / "dossier-dev" / "articles.jsonl")


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == []


def test_from_the_story_list_to_a_highlighted_citation(page, server_url):
    page.goto(server_url + "/")
    stories = page.locator("table.stories tbody tr")
    assert stories.count() >= 3
    biggest_title = page.locator("a.story-link").first.inner_text()
    page.locator("a.story-link").first.click()
    page.wait_for_url(re.compile(r"/stories/[0-9a-f]+$"))
    assert page.locator("h1").inner_text() == biggest_title
    assert page.locator("li.claim").count() > 0
    assert page.locator("section#summary li.summary-sentence").count() > 0

    citation = page.locator("li.claim a.cite").first
    cited_text = citation.get_attribute("title")
    anchor = citation.get_attribute("href").split("#")[1]
    citation.click()
    page.wait_for_url(re.compile(rf"/articles/[0-9a-f]+\?span=\d+-\d+#{anchor}$"))
    target = page.locator(":target")
    assert target.count() == 1
    assert target.get_attribute("id") == anchor
    assert target.inner_text() == cited_text
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == TARGET_BACKGROUND
    assert target.is_visible()


def test_the_search_form_finds_articles(page, server_url):
    page.goto(server_url + "/")
    page.fill("header input[name=q]", "ammonium nitrate")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=ammonium\+nitrate$"))
    results = page.locator("li.result")
    assert results.count() > 0
    assert page.locator("li.result mark").first.inner_text().lower() in {"ammonium", "nitrate"}
    title = results.first.locator("a.article-link").inner_text()
    results.first.locator("a.article-link").click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+$"))
    assert page.locator("h1").inner_text() == title
    assert page.locator("article.text .sentence").count() > 0


# --- issue 18: the pages a journalist works in, at 1280 px and on a 390 px phone -------------

LAPTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(os.environ.get("CROSSCHECK_SCREENSHOTS")
                   or Path(__file__).resolve().parents[1] / "screenshots")  # git-ignored


def fetch_json(url: str):
    import json
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def conflicted_story(base: str) -> dict:
    for story in fetch_json(base + "/api/stories"):
        dossier = fetch_json(f"{base}/api/stories/{story['id']}")
        if any(claim["conflict"] for claim in dossier["claims"]):
            return dossier
    raise AssertionError("no story with a conflict")


def page_kinds(base: str) -> dict[str, list[str]]:
    """Every page kind's paths: each story's dossier and side-by-side view, every article
    (one at a cited span), the list in each order, search, the API docs and an error page."""
    stories = fetch_json(base + "/api/stories")
    dossier = fetch_json(f"{base}/api/stories/{stories[0]['id']}")
    evidence = dossier["claims"][0]["support"][0]["evidence"]
    span = f"{evidence['span']['start']}-{evidence['span']['end']}"
    word = dossier["story"]["title"].split()[0]
    return {
        "stories": ["/", "/?sort=size", "/?sort=created"],
        "dossier": [f"/stories/{s['id']}" for s in stories],
        "compare": [f"/stories/{s['id']}/compare" for s in stories if s["articles"] > 1],
        "article": [f"/articles/{evidence['article_id']}?span={span}#s-{span}"] + [
            f"/articles/{a['id']}" for s in stories for a in s["article_list"]],
        "search": [f"/search?q={word}"],
        "docs": ["/docs"],
        "error": ["/stories/no-such-story"],
    }


@pytest.fixture
def sized_page(browser):
    pages = []

    def open_page(viewport: dict):
        page = browser.new_page(viewport=viewport)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


def test_the_first_screen_of_a_story_shows_a_conflict_with_both_sides(sized_page, server_url):
    dossier = conflicted_story(server_url)
    page = sized_page(LAPTOP)
    page.goto(f"{server_url}/stories/{dossier['story']['id']}")
    first = page.locator("article.disagreement").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= LAPTOP["height"]
    values = [v.inner_text() for v in first.locator(".version .value").all()]
    outlets = [v.inner_text() for v in first.locator(".version .who strong").all()]
    assert len(values) >= 2 and len(set(values)) == len(values) and all(values)
    assert len(outlets) == len(values) and all(outlets)
    claim = next(c for c in dossier["claims"] if c["conflict"])
    expected = {a["outlet"] for a in dossier["story"]["articles"]
                if a["id"] in {s["article_id"] for s in claim["conflict"]["sides"]}}
    assert {o for line in outlets for o in line.split(", ")} == expected


@pytest.mark.parametrize("corpus", ["examples", "seeds", "dossier-dev"])
def test_no_page_overflows_a_phone_and_each_kind_is_screenshot(sized_page, request, corpus):
    base = request.getfixturevalue({"examples": "server_url", "seeds": "seeds_url",
                                    "dossier-dev": "dev_url"}[corpus])
    SCREENSHOTS.mkdir(exist_ok=True)
    overflowing = []
    for viewport in (LAPTOP, PHONE):
        page = sized_page(viewport)
        for kind, paths in page_kinds(base).items():
            for n, path in enumerate(paths):
                page.goto(base + path)
                widths = page.evaluate("[document.documentElement.scrollWidth, "
                                       "document.documentElement.clientWidth]")
                if widths[0] > widths[1]:
                    overflowing.append((viewport["width"], path, widths))
                if n == 0:
                    page.screenshot(path=SCREENSHOTS / f"{corpus}-{kind}-{viewport['width']}.png",
                                    full_page=True)
    assert overflowing == []


def test_on_a_phone_the_story_title_stays_a_visible_link(sized_page, server_url):
    page = sized_page(PHONE)
    page.goto(server_url + "/")
    for link in page.locator("table.stories a.story-link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.locator("table.stories a.story-link").first.click()
    page.wait_for_url(re.compile(r"/stories/[0-9a-f]+$"))


def test_every_citation_of_a_dossier_lands_on_its_span(page, server_url):
    dossier = conflicted_story(server_url)
    page.goto(f"{server_url}/stories/{dossier['story']['id']}")
    citations = {link.get_attribute("href"): link.get_attribute("title")
                 for link in page.locator("a.cite").all()}
    assert len(citations) > 20
    for href, cited_text in citations.items():
        page.goto(server_url + href)
        target = page.locator(":target")
        assert target.count() == 1, href
        assert target.get_attribute("id") == href.split("#")[1]
        assert target.inner_text() == cited_text, href
        assert target.evaluate("e => getComputedStyle(e).backgroundColor") == TARGET_BACKGROUND


def test_the_controls_work_from_the_keyboard(page, server_url):
    dossier = conflicted_story(server_url)
    page.goto(f"{server_url}/stories/{dossier['story']['id']}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    single = page.locator("#single summary")
    single.focus()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert page.locator("#single details").get_attribute("open") is None
    page.keyboard.press("Enter")
    assert page.locator("#single details").get_attribute("open") is not None
    page.locator("#articles button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/compare\?a=[0-9a-f]+&b=[0-9a-f]+$"))
    assert page.locator(".side-by-side .row.matched").count() > 0


def test_printing_drops_the_navigation_and_opens_collapsed_sections(page, server_url):
    dossier = conflicted_story(server_url)
    page.goto(f"{server_url}/stories/{dossier['story']['id']}")
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details:not([open])").count() == 0
