"""`crosscheck serve`: one request in-process with --get, clean errors, and a real server
started as `python -m crosscheck serve` on a free port of the loopback address."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscheck.cli import cli

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_get_answers_one_request_in_process(examples_store):
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(examples_store), "--get", "/api/stories"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    stories = CliRunner().invoke(cli, ["stories", "--db", str(examples_store), "--json"])
    events = {e["id"] for s in json.loads(stories.stdout) for e in s["events"]}
    assert {s["id"] for s in listed} == events  # `/api/stories` lists the events


def test_get_of_an_unknown_story_exits_one_with_the_error(examples_store):
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(examples_store), "--get", "/api/stories/nope"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"ok": False, "status": 404, "error": "no story 'nope'"}


def test_a_missing_store_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no database at" in result.output and "Traceback" not in result.output


def test_a_bad_port_is_a_usage_error(examples_store):
    result = CliRunner().invoke(cli, ["serve", "--db", str(examples_store), "--port", "70000"])
    assert result.exit_code == 2


def wait_for(url: str, process: subprocess.Popen, *, seconds: float = 30) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"no answer from {url} within {seconds} s")


def assert_concurrent_requests_are_answered(base: str, stories: list[dict]) -> None:
    """Dossiers, pages and searches at once, through uvicorn's thread pool and one store."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [f"/api/stories/{s['id']}" for s in stories] + [f"/stories/{stories[0]['id']}"]
    paths += ["/api/search?q=blast", "/", "/api/stories"]

    def fetch(path: str) -> int:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        assert list(pool.map(fetch, paths)) == [200] * len(paths)


def test_serve_runs_a_server_on_the_loopback_address(examples_store):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "crosscheck", "serve", "--db", str(examples_store),
         "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        body = wait_for(f"http://127.0.0.1:{port}/api/stories", process)
        assert json.loads(body) and all("id" in story for story in json.loads(body))
        page = wait_for(f"http://127.0.0.1:{port}/", process).decode()
        assert "<h1>Events</h1>" in page
        assert_concurrent_requests_are_answered(f"http://127.0.0.1:{port}", json.loads(body))
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in stderr.decode()
