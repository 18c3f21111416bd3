"""A developing story as a reader follows it: its events on a timeline, what each event
added, and a dossier per event.

A developing story (``Thread``) links events; an event (a stored ``Story``) is the reports of
one happening, which its dossier compares. The listing and the story view are plain dicts,
shared by the CLI and the web (a page and its JSON twin). Each event says which outlets it
brings that the events before it did not; with dossiers, also which upstream sources.
"""

from __future__ import annotations

from typing import Any

from crosscheck.compare.cache import dossier_json
from crosscheck.errors import AmbiguousId, NotFound
from crosscheck.listing import sort_summaries


def story_listing(db: Any, *, sort: str) -> list[dict[str, Any]]:
    """The developing stories in the named order, each with its events in date order.
    Events that belong to no story yet (a store whose index has not been rebuilt since
    stories had events) are listed as stories of one event whose id is None."""
    events = {summary["id"]: summary for summary in db.story_summaries(sort="created")}
    listed = []
    for thread in db.threads():
        members = [events.pop(event_id) for event_id in thread.event_ids if event_id in events]
        if members:
            listed.append(story_summary(thread.id, thread.title, members))
    listed += [story_summary(None, event["title"], [event]) for event in events.values()]
    return sort_summaries(listed, sort)


def story_summary(story_id: str | None, title: str, events: list[dict[str, Any]]
                  ) -> dict[str, Any]:
    """A developing story's summary from its events' (``Database.story_summaries``)."""
    events = timeline(events)
    dates = sorted(day for event in events
                   for day in (event["first_published"], event["last_published"]) if day)
    return {
        "id": story_id,
        "title": title,
        "articles": sum(event["articles"] for event in events),
        "duplicates": sum(event["duplicates"] for event in events),
        "outlets": sorted({outlet for event in events for outlet in event["outlets"]}),
        "unknown_outlet": sum(event["unknown_outlet"] for event in events),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "events": events,
    }


def timeline(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events in date order (undated last), each with the outlets new to the story."""
    ordered = sorted(events, key=lambda event: (event["first_published"] or "9999", event["id"]))
    seen: set[str] = set()
    result = []
    for event in ordered:
        result.append({**event, "new_outlets": sorted(set(event["outlets"]) - seen)})
        seen.update(event["outlets"])
    return result


def story_view(db: Any, story_id: str, *, dossiers: bool = True) -> dict[str, Any]:
    """A developing story with its timeline of events and, with ``dossiers``, each event's
    dossier and the upstream sources it names that no earlier event named."""
    thread = db.thread(story_id)
    summaries = db.event_summaries(thread.event_ids)
    view = story_summary(thread.id, thread.title, list(summaries.values()))
    if dossiers:
        seen: set[str] = set()
        for event in view["events"]:
            event["dossier"] = dossier_json(db, event["id"])
            names = {source["name"] for source in event["dossier"]["sources"]}
            event["new_sources"] = sorted(names - seen)
            seen |= names
    return view


def resolve_id(db: Any, prefix: str) -> tuple[str, str]:
    """("story", id) or ("event", id) for a unique prefix of a developing story's or an
    event's id; NotFound when none matches, AmbiguousId when one of each does."""
    found = []
    for level, resolve in (("story", db.resolve_thread_id), ("event", db.resolve_story_id)):
        try:
            found.append((level, resolve(prefix)))
        except NotFound:
            continue
    if not found:
        raise NotFound(f"no story or event {prefix!r}")
    if len(found) > 1:
        raise AmbiguousId(f"{prefix!r} starts both story {found[0][1]} and event "
                          f"{found[1][1]}: give more characters")
    return found[0]
