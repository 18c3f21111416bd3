"""How stories are listed: one order for the CLI (`crosscheck stories --sort`) and the web
(`/` and `/api/stories` with `?sort=`), so the two never disagree.

Kept apart from the store so that the CLI can name the orders in its options without
importing SQLAlchemy (`crosscheck --help` stays fast).
"""

from __future__ import annotations

from typing import Any

# The first is the default everywhere.
STORY_ORDERS = ("latest", "size", "created")
STORY_ORDER_HELP = ("latest: newest activity first (the latest publication date of a story's "
                    "articles; stories with no known date last); size: most articles first "
                    "(ties: oldest story first); created: the order the stories were made, "
                    "oldest first")


def sort_summaries(summaries: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Story summaries (given oldest story first) in the named order; the sorts are stable,
    so ties keep the order the stories were made in, except in "latest" order, where the
    newest story comes first (the one a reader is most likely looking for)."""
    if sort not in STORY_ORDERS:
        raise ValueError(f"sort must be one of {', '.join(STORY_ORDERS)}, not {sort!r}")
    if sort == "created":
        return list(summaries)
    if sort == "size":
        return sorted(summaries, key=lambda story: -story["articles"])
    newest_first = summaries[::-1]
    # "latest": ISO dates sort as strings (a stable sort, even reversed)
    dated = [story for story in newest_first if story["last_published"]]
    undated = [story for story in newest_first if not story["last_published"]]
    return sorted(dated, key=lambda story: story["last_published"], reverse=True) + undated
