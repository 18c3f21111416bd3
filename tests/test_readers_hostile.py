"""Hostile inputs: each ends as its own rejection with a reason code (or a logged pass-over),
and the good inputs beside it are read. Names and sentences are invented."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscheck.cli import cli
from crosscheck.readers import read_paths
from crosscheck.records import Article, Rejection
from crosscheck.settings import DEFAULT

GOOD = ("Harbour reopens\nThe harbour of Velmora reopened on Monday after the storm, "
        "officials said.\n")  # an article: long enough, and telling its headline


def outcomes(paths, **options) -> dict[str, str]:
    """source name -> "article" or the rejection's reason."""
    return {Path(item.source).name: "article" if isinstance(item, Article) else item.reason
            for item in read_paths(paths, **options)}


def jsonl_line(**fields) -> str:
    return json.dumps({"title": "Bridge closed", "text": "The Arlo bridge closed for repairs on Monday after engineers found cracks.",
                       **fields})


def test_a_lone_surrogate_in_a_field_is_replaced_and_the_next_lines_are_read(tmp_path):
    lines = [jsonl_line(title="Bridge \\ud800 closed").replace("\\\\ud800", "\\ud800"),
             jsonl_line(author="Ana \\udcff Ruiz").replace("\\\\udcff", "\\udcff"),
             jsonl_line(text="The ferry ran late again.")]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_paths([tmp_path / "feed.jsonl"]))
    assert [type(item).__name__ for item in items] == ["Article", "Article", "Article"]
    assert items[0].title == "Bridge \ufffd closed" and items[1].author == "Ana \ufffd Ruiz"


def test_nul_in_a_field_is_replaced_at_read_time(tmp_path):
    (tmp_path / "feed.jsonl").write_text(
        jsonl_line(text="The tide@ rose.", outlet="Coast@ Daily").replace("@", "\\u0000") + "\n",
        encoding="utf-8")
    [article] = read_paths([tmp_path / "feed.jsonl"])
    assert "\x00" not in article.text + article.outlet
    assert article.text.startswith("The tide\ufffd rose.")


def test_deep_nesting_is_bad_json_for_that_line_only(tmp_path):
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (tmp_path / "feed.jsonl").write_text("\n".join([deep, jsonl_line()]) + "\n")
    items = list(read_paths([tmp_path / "feed.jsonl"]))
    assert isinstance(items[0], Rejection) and items[0].reason == "bad-json"
    assert isinstance(items[1], Article)


def test_an_unexpected_error_on_one_line_rejects_that_line_only(tmp_path, monkeypatch):
    from crosscheck.readers import jsonl

    real = jsonl.read_jsonl_record

    def fails_on_ferries(line, **options):
        if b"ferry" in line:
            raise KeyError("a bug")
        return real(line, **options)

    monkeypatch.setattr(jsonl, "read_jsonl_record", fails_on_ferries)
    lines = [jsonl_line(text="The ferry sank."), jsonl_line()]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    assert list(outcomes([tmp_path / "feed.jsonl"]).values()) == ["read-error", "article"]


def test_an_over_long_line_is_skipped_while_streaming_and_the_next_read(tmp_path):
    settings = DEFAULT.read.__class__(max_bytes=1000)
    lines = [jsonl_line(text="x " * 5000), jsonl_line()]
    with gzip.open(tmp_path / "feed.jsonl.gz", "wt") as out:
        out.write("\n".join(lines) + "\n")
    items = list(read_paths([tmp_path / "feed.jsonl.gz"], settings=settings))
    assert isinstance(items[0], Rejection) and items[0].reason == "too-large"
    assert "line of 10" in items[0].detail and isinstance(items[1], Article)


def test_a_line_without_end_is_read_in_bounded_pieces():
    import io

    from crosscheck.readers.jsonl import LineTooLarge, bounded_lines

    class Counting(io.BytesIO):
        largest = 0

        def readline(self, size=-1):
            line = super().readline(size)
            Counting.largest = max(Counting.largest, len(line))
            return line

    limit = 2 << 20
    stream = Counting(b"a" * 5_000_000 + b"\n" + b'{"text": "ok"}\n')
    lines = list(bounded_lines(stream, max_bytes=limit))
    assert lines == [LineTooLarge(5_000_001), b'{"text": "ok"}\n'] and lines[0].ended
    assert Counting.largest <= limit + 1  # never the whole line at once


def test_special_files_are_not_a_file_and_never_opened(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # opening it would block the run
    (folder / "good.txt").write_text(GOOD)
    assert outcomes([folder, "/dev/zero"]) == {
        "pipe.txt": "not-a-file", "good.txt": "article", "zero": "not-a-file"}


def test_symlink_loops_are_logged_and_passed_over_in_a_folder(tmp_path, caplog):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "good.txt").write_text(GOOD)
    assert outcomes([folder]) == {"good.txt": "article"}
    assert "a symlink loop" in caplog.text
    assert outcomes([folder / "loop.txt"]) == {"loop.txt": "not-found"}


def test_an_unreadable_file_is_unreadable(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text(GOOD)
    (tmp_path / "good.txt").write_text(GOOD.replace("Monday", "Tuesday"))
    if os.geteuid() != 0:  # root reads a chmod-000 file: stand in the system's refusal
        (tmp_path / "locked.txt").chmod(0)
    else:
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    assert outcomes([tmp_path]) == {"locked.txt": "unreadable", "good.txt": "article"}


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_a_file_name_that_is_not_utf8_is_escaped_in_its_source(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsdecode(b"caf\xe9.txt")
    (folder / odd).write_text(GOOD)
    [article] = read_paths([folder])
    assert article.source.endswith("caf\\xe9.txt")
    article.source.encode("utf-8")  # storable, hashable


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_ingest_of_hostile_inputs_exits_1_with_reasons_and_stores_the_good(tmp_path,
                                                                            monkeypatch):
    from crosscheck import run
    from tests.test_ingest import FAKE

    monkeypatch.setattr(run, "available_stages", lambda *_: FAKE)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"empty-\xff.txt")).write_bytes(b"")
    (folder / os.fsdecode(b"good-\xe9.txt")).write_text(GOOD)
    os.mkfifo(folder / "pipe.txt")
    (folder / "feed.jsonl").write_text("\n".join([
        jsonl_line(title="A \\ud800 bridge title").replace("\\\\ud800", "\\ud800"),
        "[" * 50_000, jsonl_line(text="The ferry by the closed bridge ran two hours late on Monday.")]) + "\n")
    db_path = tmp_path / "store.db"
    for _ in range(2):  # a rerun does not crash either
        result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db_path), "--json"])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        report = json.loads(result.stdout)
        assert report["rejected_by_reason"] == {"bad-json": 1, "empty": 1, "not-a-file": 1}
        assert report["new"] + report["already_present"] == 3
    from crosscheck.store import Database

    with Database(db_path) as db:
        assert len(db.articles()) == 3 and len(db.stories()) == 3
        assert len(db.rejections()) == 3


def test_a_line_still_going_far_past_the_limit_ends_the_file():
    """A gzip bomb's single line is not inflated to its end: a bounded amount is read."""
    import io

    from crosscheck.readers.jsonl import SKIP_FACTOR, bounded_lines

    stream = io.BytesIO(b"a" * 10_000_000 + b"\n" + b'{"text": "after"}\n')
    [line] = list(bounded_lines(stream, max_bytes=1000))
    assert not line.ended and int(line) > SKIP_FACTOR * 1000
    assert stream.tell() <= 1001 + (1 << 20)  # one piece past the limit, not 10 MB
