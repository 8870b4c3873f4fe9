"""Webhook payloads shaped by the trigger's x-ms-notification-content schema.

A handler states the facts of an event under TrueDialog's field names; the payload keeps exactly the
properties the trigger's schema declares, each converted to its declared type, so the body a flow
receives always matches the schema it was designed against. A fact the schema does not declare is
left out, and a declared property without a fact (an unknown contact's id) is omitted, never invented.
"""

from __future__ import annotations

from typing import Any, Mapping


def shape(schema: Mapping[str, Any], value: Any, definitions: Mapping[str, Any] | None = None) -> Any:
    """`value` converted to `schema` (whose $refs point into `definitions`), or None when it cannot be."""
    if value is None:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        schema = (definitions or {}).get(ref.rsplit("/", 1)[1], {})
    kind = schema.get("type")
    if kind == "object" or (kind is None and "properties" in schema):
        if not isinstance(value, Mapping):
            return None
        shaped = {}
        for name, prop in (schema.get("properties") or {}).items():
            converted = shape(prop, value.get(name), definitions)
            if converted is not None:
                shaped[name] = converted
        return shaped
    if kind == "array":
        if not isinstance(value, (list, tuple)):
            return None
        items = schema.get("items") or {}
        return [converted for item in value if (converted := shape(items, item, definitions)) is not None]
    return _scalar(kind, value)


def _scalar(kind: str | None, value: Any) -> Any:
    if kind == "string":
        return value if isinstance(value, str) else (None if isinstance(value, (dict, list)) else _text(value))
    if kind == "integer":
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        return int(value) if isinstance(value, str) and value.lstrip("-").isdigit() else None
    if kind == "number":
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
