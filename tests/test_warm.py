"""Warm mode with a real worker (models loaded) and real `crosscheck` processes: the same
results and exit codes as a cold run, output on the client's own streams, one job at a time,
Ctrl-C and a crashed job."""

from __future__ import annotations

import json
import os
import pty
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli_startup import HEAVY
from tests.warm_helpers import (WAIT_SECONDS, busy_job, cold, environment, new_warm_dir, run,
                                spawn, start, status, stop, store_with_a_rejection, wait_for,
                                write_locked)

REPO = Path(__file__).resolve().parents[1]
USAGE_ERROR = ("show", "abcd", "--json", "--markdown")  # runs warm, answers at once
TWO_REPORTS = [REPO / "examples" / "text" / "northbridge-herald-dalmora-blast.txt",
               REPO / "examples" / "text" / "capital-observer-brennick-depot.txt"]


@pytest.fixture(scope="module")
def warm_env():
    """One warmed worker for the module (loading the models takes seconds)."""
    warm_dir = new_warm_dir()
    env = environment(warm_dir)
    start(env=env)
    yield env
    stop(env, warm_dir)


def jobs_run(env: dict[str, str]) -> int:
    return status(env)["jobs"]


def test_an_ingest_stores_the_same_warm_and_cold(warm_env, tmp_path):
    files = [str(path) for path in TWO_REPORTS]
    wait_for(lambda: (status(warm_env)["spare"] or {}).get("ready"), "a spare for the job")
    before = jobs_run(warm_env)
    warm = run("ingest", *files, "--db", "warm.db", "--json", env=warm_env, cwd=tmp_path,
               umask=0o027)
    assert jobs_run(warm_env) == before + 1  # it did run in the worker
    assert status(warm_env)["last_job"]["in_spare"]
    coldly = run("ingest", *files, "--db", "cold.db", "--json", cwd=tmp_path, umask=0o027,
                 env={**warm_env, "CROSSCHECK_WARM": "off"})
    modes = {stat.S_IMODE(os.stat(tmp_path / db).st_mode) for db in ("warm.db", "cold.db")}
    assert modes == {0o640}  # the client's umask
    assert (warm.returncode, coldly.returncode) == (0, 0), warm.stderr + coldly.stderr
    reports = [json.loads(done.stdout) for done in (warm, coldly)]
    assert reports[0].pop("run_id") != reports[1].pop("run_id")  # a new run each time
    assert reports[0] == reports[1] and len(reports[0]["article_ids"]) == 2
    assert "analysing" in warm.stderr  # the progress bars, on the client's stderr
    listings = [run("stories", "--db", db, "--json", env=warm_env, cwd=tmp_path).stdout
                for db in ("warm.db", "cold.db")]  # what each store holds
    assert listings[0] == listings[1] and json.loads(listings[0])
    for article_id in reports[0]["article_ids"]:
        shown = [run("article", article_id, "--db", db, "--json", env=warm_env, cwd=tmp_path)
                 for db in ("warm.db", "cold.db")]
        assert shown[0].stdout == shown[1].stdout and json.loads(shown[0].stdout)["article"]
    event = json.loads(listings[0])[0]["events"][0]["id"]
    dossiers = [run("show", event, "--db", db, "--json", env=warm_env, cwd=tmp_path).stdout
                for db in ("warm.db", "cold.db")]
    assert dossiers[0] == dossiers[1] and json.loads(dossiers[0])


@pytest.mark.parametrize("args", [
    ("show", "abcd", "--json", "--markdown"),  # a usage error: 2
    ("show", "abcd", "--db", "missing.db"),  # no store: 1
    ("stories", "--sort", "sideways"),  # a bad choice: 2
    ("ingest", "no-such-file.txt", "--db", "new.db"),  # a path that does not exist: 2
])
def test_errors_and_exit_codes_are_those_of_a_cold_run(warm_env, tmp_path, args):
    before = jobs_run(warm_env)
    warm = run(*args, env=warm_env, cwd=tmp_path)
    assert jobs_run(warm_env) == before + 1
    coldly = cold(*args, env=warm_env, cwd=tmp_path)
    assert (warm.returncode, warm.stdout, warm.stderr) == (
        coldly.returncode, coldly.stdout, coldly.stderr)
    assert warm.returncode in (1, 2) and "Error" in warm.stderr
    assert not (tmp_path / "new.db").exists()


def test_a_rejected_input_exits_1_with_the_same_report(warm_env, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    warm = run("ingest", "empty.txt", "--db", "a.db", env=warm_env, cwd=tmp_path)
    coldly = cold("ingest", "empty.txt", "--db", "b.db", env=warm_env, cwd=tmp_path)
    assert (warm.returncode, warm.stdout) == (coldly.returncode, coldly.stdout) == (
        1, coldly.stdout)
    assert "rejected 1 input: empty 1" in warm.stdout


def test_a_terminal_gets_what_it_gets_from_a_cold_run(warm_env, examples_store, tmp_path):
    """The job writes to the client's own terminal: colours and layout as in a cold run."""
    listing = json.loads(run("stories", "--db", str(examples_store), "--json",
                             env=warm_env, cwd=tmp_path).stdout)
    event = listing[0]["events"][0]["id"]
    env = {**warm_env, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    before = jobs_run(warm_env)
    warm = _on_a_terminal(["show", event, "--db", str(examples_store)], env)
    assert jobs_run(warm_env) == before + 1
    coldly = _on_a_terminal(["show", event, "--db", str(examples_store)],
                            {**env, "CROSSCHECK_WARM": "off"})
    assert warm == coldly and b"\x1b[" in warm  # rich saw a terminal both times


def _on_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "crosscheck", *args], env=env,
                               stdin=follower, stdout=follower, stderr=subprocess.DEVNULL)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(timeout=WAIT_SECONDS) == 0
    return output


@pytest.mark.parametrize("entry, light", [
    ("crosscheck.__main__", {"click", "crosscheck.cli"}),  # the command: not even click
    ("crosscheck.cli", set()),  # the entry point an older install calls
])
def test_the_client_imports_nothing_heavy(warm_env, tmp_path, entry, light):
    code = ("import json, sys\n"
            f"from {entry} import main\n"
            "sys.argv = ['crosscheck', 'show', 'abcd', '--json', '--markdown']\n"
            "try:\n"
            "    main()\n"
            "except SystemExit as done:\n"
            "    print(json.dumps([done.code, sorted(sys.modules)]))\n")
    before = jobs_run(warm_env)
    done = subprocess.run([sys.executable, "-c", code], env=warm_env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=WAIT_SECONDS)
    exit_code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert exit_code == 2 and "mutually exclusive" in done.stderr
    assert jobs_run(warm_env) == before + 1
    assert sorted(name for name in [*HEAVY, *light] if name in modules) == []


def test_a_second_command_runs_cold_while_the_worker_is_busy(warm_env, tmp_path):
    empty, db_path = store_with_a_rejection(tmp_path, warm_env)
    with write_locked(db_path):
        first = spawn("ingest", str(empty), "--db", str(db_path), env=warm_env, cwd=tmp_path)
        busy_job(warm_env)
        refused = status(warm_env)["refused"]
        second = run("show", "abcd", "--db", "missing.db", env=warm_env, cwd=tmp_path)
        assert second.returncode == 1 and "missing.db" in second.stderr
        assert status(warm_env)["refused"] == refused + 1  # refused as busy: ran cold
        assert ("the warm worker did not take this command (busy with another job (ingest "
                in second.stderr)
    out, err = first.communicate(timeout=WAIT_SECONDS)
    assert first.returncode == 1 and "rejected 1 input: empty 1" in out, err


def test_ctrl_c_in_the_client_stops_the_job(warm_env, tmp_path):
    empty, db_path = store_with_a_rejection(tmp_path, warm_env)
    with write_locked(db_path):
        client = spawn("ingest", str(empty), "--db", str(db_path), env=warm_env, cwd=tmp_path)
        job = busy_job(warm_env)
        client.send_signal(signal.SIGINT)
        out, err = client.communicate(timeout=WAIT_SECONDS)
        assert client.returncode == 1 and "Aborted!" in err, (client.returncode, out, err)
        wait_for(lambda: status(warm_env)["job"] is None, "the job to end")
        last = status(warm_env)["last_job"]
        assert last["cancelled"] and last["argv"] == job["argv"]
    assert not _alive(job["pid"])


def test_a_job_that_crashes_gives_a_clear_error_and_the_worker_goes_on(warm_env, tmp_path):
    empty, db_path = store_with_a_rejection(tmp_path, warm_env)
    with write_locked(db_path):
        client = spawn("ingest", str(empty), "--db", str(db_path), env=warm_env, cwd=tmp_path)
        os.kill(busy_job(warm_env)["pid"], signal.SIGSEGV)
        out, err = client.communicate(timeout=WAIT_SECONDS)
    assert client.returncode == 1 and out == ""
    assert "the job died in the warm worker (SIGSEGV)" in err and "CROSSCHECK_WARM=off" in err
    again = run("ingest", str(empty), "--db", str(db_path), env=warm_env, cwd=tmp_path)
    assert again.returncode == 1 and "rejected 1 input: empty 1" in again.stdout
    assert status(warm_env)["last_job"]["code"] == 1


def test_a_setting_read_at_start_up_that_differs_runs_cold(warm_env, tmp_path):
    cache = os.environ.get("CROSSCHECK_CACHE") or str(Path.home() / ".cache" / "crosscheck")
    env = {**warm_env, "CROSSCHECK_CACHE": cache + "/."}  # the same folder, spelt otherwise
    before = status(warm_env)
    done = run("show", "abcd", "--json", "--markdown", env=env, cwd=tmp_path)
    assert done.returncode == 2 and "mutually exclusive" in done.stderr
    assert "(a setting read at start-up differs: CROSSCHECK_CACHE is " in done.stderr
    after = status(warm_env)
    assert (after["jobs"], after["refused"]) == (before["jobs"], before["refused"] + 1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_spare_that_dies_leaves_the_next_job_a_fresh_fork(warm_env, tmp_path):
    spare = wait_for(lambda: (status(warm_env)["spare"] or {}).get("ready")
                     and status(warm_env)["spare"], "a ready spare")
    os.kill(spare["pid"], signal.SIGKILL)
    wait_for(lambda: status(warm_env)["spare"] is None, "the worker to see the spare go")
    before = jobs_run(warm_env)
    done = run(*USAGE_ERROR, env=warm_env, cwd=tmp_path)
    assert done.returncode == 2 and "mutually exclusive" in done.stderr
    last = status(warm_env)["last_job"]
    assert jobs_run(warm_env) == before + 1 and not last["in_spare"]
    wait_for(lambda: (status(warm_env)["spare"] or {}).get("ready"), "a new spare after it")


def test_a_spare_killed_while_warming_up_leaves_no_files(warm_env, tmp_path):
    folder = Path(warm_env["CROSSCHECK_WARM_DIR"])
    for _attempt in range(5):
        run(*USAGE_ERROR, env=warm_env, cwd=tmp_path)  # a job: a spare follows it
        spare = wait_for(lambda: status(warm_env)["spare"], "a spare after the job")
        scratch = folder / f"spare-{spare['pid']}"
        if not spare["ready"] and scratch.exists():
            break
    else:
        pytest.skip("no spare seen warming up in five tries")
    os.kill(spare["pid"], signal.SIGKILL)
    wait_for(lambda: status(warm_env)["spare"] is None, "the worker to see the spare go")
    assert not scratch.exists()
