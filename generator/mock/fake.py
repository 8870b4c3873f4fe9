"""Values generated from a JSON schema (Swagger 2.0's subset), deterministic and valid against it.

The same schema always gives the same value: no randomness, so a response can be cached and a test
can expect it. A declared `example`, `x-example` or `default` that fits is preferred, then the first
`enum` value, then a value built from the type, format and bounds. `$ref`s point into the
definitions; a definition met again inside itself keeps only its required properties, and stops there.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Mapping

import jsonschema

# Below this depth every declared property is filled; deeper, only the required ones.
FULL_DEPTH = 3
MAX_DEPTH = 12
STRING_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000001",
    "guid": "00000000-0000-4000-8000-000000000001",
    "byte": "ZXhhbXBsZQ==",
    "binary": "example",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "hostname": "example.com",
    "password": "example",
}


class Faker:
    """Generates values for schemas whose `$ref`s point into `definitions` (a swagger's definitions)."""

    def __init__(self, definitions: Mapping[str, Any] | None = None,
                 prefer: tuple[str, ...] = ("example", "x-example", "default")) -> None:
        self.definitions = definitions or {}
        # Declared values tried first, in this order (a platform request prefers the defaults).
        self.prefer = prefer

    def value(self, schema: Any, name: str = "value") -> Any:
        return self._value(schema, name, 0, ())

    def resolve(self, schema: Any, seen: tuple = ()) -> tuple[Mapping[str, Any], tuple]:
        """The schema a `$ref` names (followed until a plain schema), and the definitions passed through."""
        while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            name = ref.rsplit("/", 1)[1] if ref.startswith("#/definitions/") else None
            if name is None or name not in self.definitions or name in seen:
                return {}, seen + ((name,) if name else ())
            seen = seen + (name,)
            schema = self.definitions[name]
        return (schema if isinstance(schema, Mapping) else {}), seen

    def _value(self, schema: Any, name: str, depth: int, seen: tuple) -> Any:
        recursive = isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) \
            and schema["$ref"].rsplit("/", 1)[-1] in seen
        if recursive:
            # A structure met again inside itself: only what it requires, one level further at most.
            name_seen = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.definitions.get(name_seen) or {}
            if depth > FULL_DEPTH + 1:
                return _smallest(schema)
            depth = max(depth, FULL_DEPTH)
        schema, seen = self.resolve(schema, seen)
        if depth > MAX_DEPTH:
            return _smallest(schema)
        if "allOf" in schema and isinstance(schema["allOf"], list):
            schema = self._merged(schema, seen)
        for key in self.prefer:
            if key in schema and _fits(schema, schema[key], self.definitions):
                return schema[key]
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return enum[0]
        kind = _kind(schema)
        if kind == "object":
            return self._object(schema, depth, seen)
        if kind == "array":
            return self._array(schema, name, depth, seen)
        if kind == "integer":
            return _integer(schema)
        if kind == "number":
            return _number(schema)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        if kind == "file":
            return ""
        return _string(schema, name)

    def _merged(self, schema: Mapping[str, Any], seen: tuple) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties = dict(merged.get("properties") or {})
        required = list(merged.get("required") or [])
        for part in schema["allOf"]:
            part, _ = self.resolve(part, seen)
            if "allOf" in part:
                part = self._merged(part, seen)
            properties.update(part.get("properties") or {})
            required += [r for r in part.get("required") or [] if r not in required]
            for key, value in part.items():
                if key not in ("properties", "required"):
                    merged.setdefault(key, value)
        merged["properties"], merged["required"] = properties, required
        merged.setdefault("type", "object")
        return merged

    def _object(self, schema: Mapping[str, Any], depth: int, seen: tuple) -> dict[str, Any]:
        properties = schema.get("properties") if isinstance(schema.get("properties"), Mapping) else {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        result: dict[str, Any] = {}
        for prop, sub in properties.items():
            if depth < FULL_DEPTH or prop in required:
                result[prop] = self._value(sub, prop, depth + 1, seen)
        for prop in required:
            if prop not in result:
                extra = schema.get("additionalProperties")
                result[prop] = self._value(extra if isinstance(extra, Mapping) else {}, prop, depth + 1, seen)
        minimum = schema.get("minProperties")
        extra = schema.get("additionalProperties")
        n = 1
        while isinstance(minimum, int) and len(result) < minimum and extra is not False:
            result[f"property{n}"] = self._value(extra if isinstance(extra, Mapping) else {}, "value", depth + 1, seen)
            n += 1
        return result

    def _array(self, schema: Mapping[str, Any], name: str, depth: int, seen: tuple) -> list[Any]:
        low = schema.get("minItems") if isinstance(schema.get("minItems"), int) else 0
        high = schema.get("maxItems") if isinstance(schema.get("maxItems"), int) else None
        count = max(low, 1 if depth < FULL_DEPTH else 0)
        if high is not None:
            count = min(count, high)
        items = schema.get("items") if isinstance(schema.get("items"), Mapping) else {}
        ref = items.get("$ref")
        if isinstance(ref, str) and ref.rsplit("/", 1)[-1] in seen and low == 0:
            return []
        item = self._value(items, name, depth + 1, seen)
        if count > 1 and schema.get("uniqueItems"):
            return [item] + [self._distinct(items, item, n) for n in range(1, count)]
        return [item] * count

    def _distinct(self, schema: Mapping[str, Any], first: Any, n: int) -> Any:
        if isinstance(first, int) and not isinstance(first, bool):
            return first + n
        if isinstance(first, str):
            return f"{first}{n}"
        return first


def _kind(schema: Mapping[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), kind[0] if kind else None)
    if kind is None and ("properties" in schema or "additionalProperties" in schema):
        return "object"
    if kind is None and "items" in schema:
        return "array"
    return kind


def _smallest(schema: Mapping[str, Any]) -> Any:
    kind = _kind(schema)
    return {"object": {}, "array": [], "integer": 0, "number": 0, "boolean": False}.get(kind or "", "")


def _fits(schema: Mapping[str, Any], value: Any, definitions: Mapping[str, Any]) -> bool:
    try:
        return _validator(_frozen({**schema, "definitions": definitions})).is_valid(value)
    except Exception:  # noqa: BLE001 - a schema jsonschema cannot read simply gives no example
        return False


def _frozen(value: Any) -> Any:
    """A hashable copy, so validators can be cached per schema."""
    import json

    return json.dumps(value, sort_keys=True, default=str)


@lru_cache(maxsize=4096)
def _validator(text: str) -> jsonschema.Draft4Validator:
    import json

    return jsonschema.Draft4Validator(json.loads(text))


def _integer(schema: Mapping[str, Any]) -> int:
    low, high = _bounds(schema, integer=True)
    value = 1 if low is None else low
    if high is not None and value > high:
        value = high
    step = schema.get("multipleOf")
    if isinstance(step, int) and step > 0 and value % step:
        value += step - value % step
    if low is None and high is not None and value > high:
        value = high - (high % step if isinstance(step, int) and step > 0 else 0)
    return value


def _number(schema: Mapping[str, Any]) -> float | int:
    low, high = _bounds(schema, integer=False)
    value: float = 1.5 if low is None else low
    if high is not None and value > high:
        value = high
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and step > 0:
        value = math.ceil(value / step) * step
    return value


def _bounds(schema: Mapping[str, Any], integer: bool) -> tuple[Any, Any]:
    low, high = schema.get("minimum"), schema.get("maximum")
    low = low if isinstance(low, (int, float)) and not isinstance(low, bool) else None
    high = high if isinstance(high, (int, float)) and not isinstance(high, bool) else None
    nudge = 1 if integer else 0.5
    if low is not None and schema.get("exclusiveMinimum") is True:
        low += nudge
    if high is not None and schema.get("exclusiveMaximum") is True:
        high -= nudge
    if integer:
        low = math.ceil(low) if low is not None else None
        high = math.floor(high) if high is not None else None
    return low, high


def _string(schema: Mapping[str, Any], name: str) -> str:
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        matched = _matching(pattern)
        if matched is not None:
            return matched
    text = STRING_FORMATS.get(str(schema.get("format", "")).lower(), f"example {name}"[:40])
    low = schema.get("minLength") if isinstance(schema.get("minLength"), int) else 0
    high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    if len(text) < low:
        text += "x" * (low - len(text))
    if high is not None and len(text) > high:
        text = text[:high]
    return text


@lru_cache(maxsize=1024)
def _matching(pattern: str) -> str | None:
    """The first string hypothesis finds for a regular expression, derandomized so it is always the same."""
    import re

    try:
        re.compile(pattern)
    except re.error:
        return None
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st

    try:
        return find(st.from_regex(pattern), lambda _: True,
                    settings=settings(database=None, derandomize=True, max_examples=10,
                                      suppress_health_check=list(HealthCheck)))
    except Exception:  # noqa: BLE001 - a pattern hypothesis cannot satisfy leaves the plain value
        return None
