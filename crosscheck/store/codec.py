"""Records to dict rows and back: the store's boundary with the rest of crosscheck."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, Mapping, TypeVar, Union

from crosscheck.records import Analysis, Article, RemovedLine, Story

T = TypeVar("T")


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Rebuild a record from its ``records.to_dict`` form (the inverse of ``to_dict``).

    Nested records, tuples and optional fields are rebuilt from the dataclass's type hints;
    keys the record does not know are ignored, so JSON written by a later version still reads.
    """
    values = {name: _convert(hint, data[name]) for name, hint in _fields(cls) if name in data}
    return cls(**values)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, type hint) of each field; cached, as resolving string annotations is slow."""
    hints = typing.get_type_hints(cls)
    return tuple((field.name, hints[field.name]) for field in dataclasses.fields(cls))


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], item) for item in value)
        return tuple(_convert(arg, item) for arg, item in zip(args, value))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return from_dict(hint, value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def analysis_from_dict(data: Mapping[str, Any]) -> Analysis:
    return from_dict(Analysis, data)


def article_row(article: Article) -> dict[str, Any]:
    """The articles-table row of an article (its removed lines go to their own table)."""
    return {
        "id": article.id,
        "source": article.source,
        "format": article.format,
        "title": article.title,
        "text": article.text,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published,
        "url": article.url,
        "section": article.section,
        "language": article.language,
        "cleaned": article.cleaned,
        "provenance": [list(pair) for pair in article.provenance],
    }


def removed_rows(article: Article) -> list[dict[str, Any]]:
    return [
        {"article_id": article.id, "line_no": line.line_no, "text": line.text,
         "reason": line.reason}
        for line in article.removed
    ]


def article_from_rows(row: Mapping[str, Any], removed: list[Mapping[str, Any]]) -> Article:
    values = dict(row)
    values["provenance"] = tuple(tuple(pair) for pair in values["provenance"] or ())
    values["cleaned"] = bool(values["cleaned"])
    values["removed"] = tuple(
        RemovedLine(line_no=line["line_no"], text=line["text"], reason=line["reason"])
        for line in sorted(removed, key=lambda line: line["line_no"])
    )
    return Article(**values)


def story_from_rows(row: Mapping[str, Any], members: list[Mapping[str, Any]]) -> Story:
    members = sorted(members, key=lambda member: member["position"])
    return Story(
        id=row["id"],
        title=row["title"],
        article_ids=tuple(member["article_id"] for member in members),
        duplicates=tuple(
            (member["article_id"], member["duplicate_of"])
            for member in members
            if member["duplicate_of"] is not None
        ),
    )
