"""Where the text stands inside quote marks (a cheap, parse-free view used to keep a speaker
search from picking a name that appears inside someone else's quotation)."""

from __future__ import annotations

import re

from crosscheck.records import Span

_OPEN = "“«„"
_CLOSE = "”»"
_MARK = re.compile(r"[\"“”«»„\n]")


def quoted_regions(text: str) -> list[Span]:
    """Spans inside quote marks, marks excluded, in order; they never cross a line break.

    Curly and guillemet marks pair as opening and closing; straight marks alternate. A mark
    left open runs to the end of its line (news style opens, and does not close, a quotation
    that goes on into the next paragraph).
    """
    regions: list[Span] = []
    opened: int | None = None
    for match in _MARK.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "\n":
            if opened is not None:
                regions.append(Span(opened, at))
            opened = None
        elif opened is None and mark not in _CLOSE:
            opened = at + 1
        elif opened is not None and mark not in _OPEN:
            regions.append(Span(opened, at))
            opened = None
    if opened is not None:
        regions.append(Span(opened, len(text)))
    return regions
