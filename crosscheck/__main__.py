"""The `crosscheck` command and `python -m crosscheck`.

A running warm worker (`crosscheck warm start`) is asked first: the client path imports the
standard library only, not even click, so that a command the worker runs starts in the
time of a bare interpreter. Otherwise the command line runs here (crosscheck.cli).
"""

from __future__ import annotations

import sys


def main() -> None:
    from crosscheck.warm.client import run_in_worker

    code = run_in_worker(sys.argv)
    if code is not None:
        sys.exit(code)
    from crosscheck.cli import main as run_here

    run_here(try_warm=False)


if __name__ == "__main__":
    main()
