"""Records to dict rows and back: the store's boundary with the rest of crosscheck."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, Callable, Mapping, Sequence, TypeVar, Union

from crosscheck.records import Analysis, Article, RemovedLine, Story

T = TypeVar("T")


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Rebuild a record from its ``records.to_dict`` form (the inverse of ``to_dict``).

    Nested records, tuples and optional fields are rebuilt from the dataclass's type hints;
    keys the record does not know are ignored, so JSON written by a later version still reads.
    """
    return typing.cast(T, _converter(typing.cast(Any, cls))(data))


Converter = Callable[[Any], Any]


@functools.cache
def _converter(hint: Any) -> Converter:
    """A function that rebuilds values of one type hint; built once per hint, because
    resolving hints on every value made reading analyses 20 times slower."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        inner = _converter(options[0]) if len(options) == 1 else _identity
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            return lambda value: tuple(item(each) for each in value)
        items = [_converter(arg) for arg in args]
        return lambda value: tuple(convert(each) for convert, each in zip(items, value))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _record_converter(hint)
    if hint is float:
        return lambda value: float(value) if isinstance(value, int) else value
    return _identity


def _record_converter(cls: type) -> Converter:
    hints = typing.get_type_hints(cls)
    fields = [(field.name, _converter(hints[field.name])) for field in dataclasses.fields(cls)]

    def convert(data: Mapping[str, Any]) -> Any:
        return cls(**{name: read(data[name]) for name, read in fields if name in data})

    return convert


def _identity(value: Any) -> Any:
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


def article_from_rows(row: Mapping[str, Any], removed: Sequence[Mapping[str, Any]]) -> Article:
    values = dict(row)
    values["provenance"] = tuple(tuple(pair) for pair in values["provenance"] or ())
    values["cleaned"] = bool(values["cleaned"])
    values["removed"] = tuple(
        RemovedLine(line_no=line["line_no"], text=line["text"], reason=line["reason"])
        for line in sorted(removed, key=lambda line: line["line_no"])
    )
    return Article(**values)


def story_from_rows(row: Mapping[str, Any], members: Sequence[Mapping[str, Any]]) -> Story:
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
