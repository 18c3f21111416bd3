"""The dossier as JSON-ready data, matching ``docs/dossier.schema.json``.

Every piece of evidence is ``{"article_id", "span": {"start", "end"}, "text"}``: the span
is the reference into the article's cleaned text, the text a copy for convenience.
"""

from __future__ import annotations

from typing import Any

from crosscheck.compare.records import Dossier
from crosscheck.records import to_dict

SCHEMA_VERSION = 1


def dossier_to_json(dossier: Dossier) -> dict[str, Any]:
    data = to_dict(dossier)
    for claim, record in zip(data["claims"], dossier.claims):
        claim["articles"] = list(record.article_ids)
        claim["independent_source_count"] = len(record.independent_sources)
    for entity in data["entities"]:
        entity["type"] = entity.pop("label")
    for framing in data["framing"]:
        for descriptor in framing["descriptors"]:
            descriptor.update(descriptor.pop("evidence"))
    return {"schema_version": SCHEMA_VERSION, **data}
