"""The API documentation page (/docs), rendered on the server from the OpenAPI schema.

FastAPI's own /docs page loads Swagger UI's scripts from a CDN: blank offline and against the
Content-Security-Policy. This page is plain HTML from the same schema (``/openapi.json``):
each JSON endpoint with its summary, its parameters and their constraints, and its responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength", "pattern", "enum", "default")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str  # "path" or "query"
    required: bool
    type: str
    constraints: str
    description: str


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    parameters: tuple[Parameter, ...]
    responses: tuple[tuple[str, str], ...]  # (status, description)


def endpoints(schema: dict[str, Any]) -> list[Endpoint]:
    """The schema's operations in the order it lists them."""
    found = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            found.append(Endpoint(
                method=method.upper(), path=path, summary=operation.get("summary", ""),
                parameters=tuple(_parameter(p) for p in operation.get("parameters", ())),
                responses=tuple((status, answer.get("description", ""))
                                for status, answer in operation.get("responses", {}).items()),
            ))
    return found


def _parameter(parameter: dict[str, Any]) -> Parameter:
    schema = _flatten(parameter.get("schema", {}))
    constraints = ", ".join(f"{key} {schema[key]}" for key in CONSTRAINTS if key in schema)
    return Parameter(
        name=parameter["name"], where=parameter.get("in", ""),
        required=bool(parameter.get("required")), type=str(schema.get("type", "")),
        constraints=constraints,
        description=parameter.get("description") or schema.get("description", ""),
    )


def _flatten(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional parameter's schema is ``anyOf: [X, null]``: show X, keep the default."""
    for option in schema.get("anyOf", ()):
        if option.get("type") != "null":
            return {**option, **{k: v for k, v in schema.items() if k != "anyOf"}}
    return schema
