"""Warm mode: a long-lived worker that keeps crosscheck's modules and models loaded, so that
a small job (one article, one lookup) does not pay start-up each time.

    crosscheck warm start    # start a worker for this user (it exits after an idle time)
    crosscheck ingest ...    # any command but `serve` and `warm` runs in the worker, if it
                             # is running and runs the same code with the same settings
    crosscheck warm stop

The pieces, one module each:

    paths     the per-user runtime folder (mode 0700) holding the socket, pid, lock and log
    protocol  one JSON object per line over a Unix socket; the client's stdin, stdout and
              stderr travel with its request, so a job writes straight to them
    identity  what the client and the worker compare (code, interpreter, settings read at
              start-up) and the installation's fingerprint the worker re-checks per request
    client    the thin path `crosscheck` takes first (standard library only: no heavy import)
    worker    the server loop: one job at a time, each in a forked child of the warm process
    spare     the next job's child, forked and warmed while the worker is idle
    job       what runs in that child: the client's cwd, environment, streams and argv
    warmup    what the worker loads before it listens
    commands  `crosscheck warm start|stop|status`

A job runs in a fresh fork of the warm process, so nothing one job changes (the working
folder, the environment, caches, memory) reaches the next, and a crash ends the job, not the
worker. See docs/cli.md ("Warm mode").
"""
