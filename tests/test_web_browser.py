"""The web UI in a real browser: Playwright driving Debian's Chromium against a uvicorn server
in a background thread, on a store of examples/.

`make test` installs Chromium (`make chromium`) and sets CROSSCHECK_REQUIRE_BROWSER, so there
a missing browser fails the test; run by hand without it, the test is skipped. Playwright's
own browser download (`playwright install`) is never used: it cannot run here.
"""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def server_url(examples_store):
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(examples_store), host="127.0.0.1",
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
