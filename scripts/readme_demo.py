"""Put the real output of `make demo` into README.md, between its demo-output markers.

Run from the repository root after changing anything the demo prints:

    python scripts/readme_demo.py

The dossier part is cut after its summary and conflicts (the whole dossier is a few hundred
lines); pip's warnings are left out.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- demo-output -->", "<!-- /demo-output -->"
KEEP_SECTIONS = ("## Summary", "### Conflicting")


def demo_output() -> list[str]:
    done = subprocess.run(["make", "--no-print-directory", "demo"], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if not line.startswith("WARNING")]
    first = next(i for i, line in enumerate(lines) if line.startswith("rm -f"))
    return lines[first:]


def shortened(lines: list[str]) -> list[str]:
    """Everything up to the dossier's first section, then only the sections worth showing."""
    kept, showing = [], True
    for line in lines:
        if line.startswith("## ") or line.startswith("### "):
            showing = line.startswith(KEEP_SECTIONS)
            if not showing and kept[-1] != "...":
                kept.append("...")
        if showing:
            kept.append(line)
    return kept


def main() -> None:
    readme = ROOT / "README.md"
    block = "\n".join(["```console", "$ make demo", *shortened(demo_output()), "```"])
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        sys.exit(f"README.md has no {START} ... {END} block")
    readme.write_text(pattern.sub(lambda _: f"{START}\n{block}\n{END}", text), encoding="utf-8")


if __name__ == "__main__":
    main()
