"""Ingest with every executor: in-process, two local processes, and a two-worker Dask
LocalCluster (one per module): the same stored result, progress per part, and an article
whose analysis fails rejected alone."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosscheck import executors, run
from crosscheck.cli import cli
from crosscheck.errors import AnalysisError
from crosscheck.clean import clean_articles
from crosscheck.readers import read_paths
from crosscheck.records import Article, to_dict
from crosscheck.run import ingest
from crosscheck.run_parts import clean_in_parts
from crosscheck.settings import DEFAULT
from crosscheck.store import Database
from tests.test_ingest import FAKE, STORM, one_sentence_each, write_corpus


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local:
        yield local


@pytest.fixture(params=["in-process", "2 workers", "dask"])
def executor(request):
    """ingest's keyword arguments for each executor."""
    if request.param == "dask":
        return {"dask": request.getfixturevalue("cluster").scheduler_address}
    return {"workers": 2} if request.param == "2 workers" else {}


def fails_on_floods_crashes_on_quakes(articles):
    """A stand-in analysis stage: a library error on floods, a bug on quakes (module level,
    so a Dask worker can import it)."""
    if any("Flood" in article.text for article in articles):
        raise AnalysisError("parser crashed")
    if any("Quake" in article.text for article in articles):
        raise IndexError("list index out of range")
    return one_sentence_each(articles)


def mixed_corpus(folder: Path) -> Path:
    folder.mkdir()
    for number in range(6):
        (folder / f"storm-{number}.txt").write_text(STORM + f"Day {number}.\n", encoding="utf-8")
    (folder / "flood.txt").write_text(
        "Flood warning\nRivers rose and a flood warning went out to the towns.\n", encoding="utf-8")
    (folder / "quake.txt").write_text(
        "Quake felt\nWalls shook as the quake was felt across the whole city.\n", encoding="utf-8")
    return folder


def test_a_failing_article_is_rejected_alone_with_every_executor(executor, tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "PARTS_PER_SLOT", 1)  # parts of several articles, mixed
    stages = dataclasses.replace(FAKE, analyze=fails_on_floods_crashes_on_quakes)
    with Database() as db:
        report = ingest([mixed_corpus(tmp_path / "in")], db=db, stages=stages, **executor)
        assert report.new == 6
        assert sorted((Path(r.source).name, r.reason, r.detail) for r in report.rejections) == [
            ("flood.txt", "analysis-failed", "parser crashed"),
            ("quake.txt", "analysis-error", "IndexError: list index out of range"),
        ]
        stored = db.articles()
        assert len(stored) == 6 and all(db.analysis(a.id) is not None for a in stored)
        assert len(db.stories()) == 6


def test_cleaning_and_analysis_progress_move_once_per_part(executor, tmp_path):
    calls = []
    stages = dataclasses.replace(FAKE, clean_in_parts=clean_in_parts)
    with Database() as db:
        ingest([mixed_corpus(tmp_path / "in")], db=db, stages=stages, **executor,
               progress=lambda *call: calls.append(call))
    for phase in ("clean", "analyze"):
        totals = {total for name, _done, total in calls if name == phase}
        steps = [done for name, done, _total in calls if name == phase]
        assert len(totals) == 1 and steps[0] == 0 and steps[-1] == totals.pop() >= 6
        assert steps == sorted(steps)
        assert len(steps) > 2  # more than one part of 6-8 articles, whatever the executor


def test_cleaning_in_parts_is_cleaning_the_batch_at_once(examples_dir):
    read = [item for item in read_paths([examples_dir]) if isinstance(item, Article)]
    clean = clean_in_parts(read, settings=DEFAULT.clean)
    assert clean.repeated  # the examples' outlets repeat lines across articles
    in_parts = [article for part in executors.split(read, 2) for article in clean(part)]
    assert in_parts == clean_articles(read)


def stored_result(path: Path) -> dict:
    with Database(path) as db:
        articles = db.articles()
        ids = [article.id for article in articles]
        return {
            "articles": sorted(json.dumps(to_dict(a), sort_keys=True) for a in articles),
            "analyses": {i: to_dict(a) for i, a in db.analyses(ids).items()},
            "stories": sorted((story.id, sorted(story.article_ids)) for story in db.stories()),
        }


@pytest.mark.model
def test_the_examples_give_the_same_store_with_every_executor(cluster, examples_dir, tmp_path):
    results = {}
    for name, options in [("in-process", {}), ("2 workers", {"workers": 2}),
                          ("dask", {"dask": cluster.scheduler_address})]:
        path = tmp_path / f"{name}.db"
        with Database(path) as db:
            report = ingest([examples_dir], db=db, **options)
        assert report.new > 10 and report.rejected == 0
        results[name] = stored_result(path)
    assert len(results["in-process"]["stories"]) > 1
    assert results["2 workers"] == results["in-process"]
    assert results["dask"] == results["in-process"]


@pytest.mark.model
def test_each_dask_worker_loads_the_spacy_model_once(cluster, examples_dir, tmp_path):
    from distributed import Client

    with Database(tmp_path / "store.db") as db:
        ingest([examples_dir], db=db, dask=cluster.scheduler_address)
    assert len(executors.split(list(range(14)), 2)) > 2  # more parts than workers

    def model_loads():
        from crosscheck.nlp import spacy_model

        info = spacy_model.load.cache_info()
        return info.misses, info.hits

    with Client(cluster, set_as_default=False) as client:
        loads = client.run(model_loads)
    assert len(loads) == 2
    assert all(misses <= 1 for misses, _hits in loads.values())
    assert sum(hits for _misses, hits in loads.values()) > 0  # later parts reused the model


@pytest.fixture
def fake_stages(monkeypatch):
    monkeypatch.setattr(run, "available_stages", lambda *_: FAKE)


def test_cli_ingest_with_workers_or_dask_reports_as_in_process(cluster, fake_stages, tmp_path):
    corpus = write_corpus(tmp_path / "in")
    outputs = []
    for options in ([], ["--workers", "2"], ["--dask", cluster.scheduler_address]):
        db_path = tmp_path / f"store-{len(outputs)}.db"
        result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db_path), *options])
        assert result.exit_code == 1, result.output  # the corpus has two bad inputs
        outputs.append(result.stdout)
    assert outputs[0].startswith("read 4 articles: 3 new, 1 already present\n")
    assert outputs[1] == outputs[2] == outputs[0]


def test_cli_workers_and_dask_together_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"),
                                      "--workers", "2", "--dask", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert "--workers and --dask are mutually exclusive" in result.stderr


def test_cli_workers_below_one_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--workers", "0"])
    assert result.exit_code == 2 and "'--workers'" in result.stderr


def test_cli_unreachable_scheduler_is_a_usage_error_not_a_traceback(tmp_path, fake_stages):
    from tests.test_executors import closed_port

    address = f"tcp://127.0.0.1:{closed_port()}"
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"),
                                      "--dask", address])
    assert result.exit_code == 2
    message = f"Invalid value for '--dask': cannot reach the Dask scheduler at {address}"
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.db").exists()  # a usage error leaves no empty store behind


def test_cli_dask_without_distributed_says_how_to_install_it(tmp_path, fake_stages, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"),
                                      "--dask", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert "needs the distributed package: pip install 'crosscheck[dask]'" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_dask_workers_with_several_threads_are_warned_about(caplog):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=":0") as threaded:
        with executors.open_executor(dask=threaded.scheduler_address) as executor:
            assert executor.slots == 2
    assert "start them with --nthreads 1" in caplog.text


def slow_part(part):
    import time

    time.sleep(0.5)
    return part


# An ingest's client that sends its parts to the cluster, takes one result, then waits to be
# killed (module level in the workers: tests.test_ingest_scale.slow_part).
DASK_CLIENT = """
import sys, time
from crosscheck.executors import DaskCluster
from tests.test_ingest_scale import slow_part
finished = DaskCluster(sys.argv[1]).map_parts(slow_part, [[i] for i in range(40)])
next(finished)
print("running", flush=True)
time.sleep(600)
"""


def test_a_killed_clients_parts_are_dropped_by_the_cluster(cluster):
    """The Dask side of "workers exit when their parent dies": the scheduler forgets a lost
    client's tasks, so at most the parts already running finish."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from distributed import Client

    repo = Path(__file__).resolve().parents[1]
    client = subprocess.Popen([sys.executable, "-c", DASK_CLIENT, cluster.scheduler_address],
                              cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)},
                              stdout=subprocess.PIPE, text=True)
    assert client.stdout.readline().strip() == "running"
    with Client(cluster, set_as_default=False) as watcher:
        def tasks() -> int:
            return watcher.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))

        assert tasks() > 10  # the queued parts
        client.send_signal(signal.SIGKILL)
        client.wait(timeout=10)
        deadline = time.monotonic() + 15
        while tasks() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert tasks() == 0


@pytest.mark.model
def test_a_part_leaves_the_model_vocabulary_as_it_found_it():
    """The strings a part's texts add to spaCy's vocabulary go with the part (a long ingest's
    vocabulary must not grow with its corpus), and the analyses are those made without it."""
    from crosscheck.analyze import analyze_articles
    from crosscheck.nlp import spacy_model
    from crosscheck.run_parts import analyze_part
    from tests.store_helpers import make_article

    nlp = spacy_model.load()
    words = " ".join(f"Zorbulon{n}x" for n in range(40))
    article = make_article("Unheard words", f"Officials named {words} on Monday.")
    before = len(nlp.vocab.strings)
    (zoned,) = analyze_part(analyze_articles, [article])
    assert len(nlp.vocab.strings) == before
    assert "Zorbulon7x" not in nlp.vocab.strings
    assert zoned == analyze_articles([article])[0]  # outside a zone: the same analysis
