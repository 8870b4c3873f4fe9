"""An operation's inputs and outputs as flat lists of fields.

Every parameter, every body property and every output property becomes one Field, however deep it
sits: `$ref`s are resolved, `allOf` members are merged into one object, and `properties` and array
`items` are followed. Two versions of an operation are then compared field by field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from generator.findings import escape_pointer_token, pointer, resolve_pointer

# Keywords that hold children or references; a Field keeps every other keyword of its schema.
STRUCTURAL = ("properties", "items", "allOf", "$ref")


@dataclass(frozen=True)
class Field:
    """One input or output value of an operation."""

    # How the field is matched across versions (header names ignore case, the success status is "success").
    key: tuple[str, ...]
    # How findings name it: operation/<id>/<path...>.
    path: tuple[str, ...]
    # The field's own keywords (type, format, enum, default, x-ms-*...), with $ref and allOf resolved.
    schema: Mapping[str, Any]
    # Where those keywords live in the document (inside a definition when the field came through a $ref).
    pointer: str
    type: str | None = None
    required: bool = False
    required_pointer: str | None = None
    parameter_in: str | None = None

    @property
    def internal(self) -> bool:
        return self.schema.get("x-ms-visibility") == "internal"

    def at(self, keyword: str) -> str:
        """The pointer of one of the field's keywords, or of the field when it does not declare it."""
        if keyword == "required":
            return self.required_pointer if self.required and self.required_pointer else self.pointer
        return f"{self.pointer}/{escape_pointer_token(keyword)}" if keyword in self.schema else self.pointer


@dataclass
class _Shape:
    """A schema with its $ref followed and its allOf members merged in."""

    keywords: dict[str, Any]
    pointer: str
    properties: dict[str, tuple[Any, str]] = field(default_factory=dict)
    required: dict[str, str] = field(default_factory=dict)
    items: tuple[Any, str] | None = None
    seen: frozenset[str] = frozenset()
    # The schema refers back to one of its own ancestors: its children were walked already.
    cyclic: bool = False


def resolve(document: Any, node: Any, at: str, seen: frozenset[str] = frozenset()) -> tuple[Any, str, frozenset, bool]:
    """Follow local $refs from `node` (found at pointer `at`): the target, its pointer, the refs taken,
    and whether a ref already on this branch came back."""
    cyclic = False
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
        target_pointer = node["$ref"][1:]
        target = resolve_pointer(document, target_pointer)
        if target is None:
            # A broken $ref is the linter's to report; here the field is compared as written.
            break
        cyclic = target_pointer in seen
        seen = seen | {target_pointer}
        node, at = target, target_pointer
        if cyclic:
            break
    return node, at, seen, cyclic


def _shape(document: Any, node: Any, at: str, seen: frozenset[str]) -> _Shape:
    node, at, seen, cyclic = resolve(document, node, at, seen)
    if not isinstance(node, dict):
        return _Shape({}, at, seen=seen, cyclic=cyclic)
    keywords = {k: v for k, v in node.items()
                if k not in STRUCTURAL and not (k == "required" and isinstance(v, list))}
    shape = _Shape(keywords, at, seen=seen, cyclic=cyclic)
    if cyclic:
        return shape
    for name, child in (node.get("properties") or {}).items():
        shape.properties[name] = (child, f"{at}/properties/{escape_pointer_token(name)}")
    if isinstance(node.get("required"), list):
        for index, name in enumerate(node["required"]):
            shape.required.setdefault(str(name), f"{at}/required/{index}")
    if isinstance(node.get("items"), dict):
        shape.items = (node["items"], f"{at}/items")
    for index, member in enumerate(node.get("allOf") or []):
        part = _shape(document, member, f"{at}/allOf/{index}", seen)
        for key, value in part.keywords.items():
            shape.keywords.setdefault(key, value)
        for name, child in part.properties.items():
            shape.properties.setdefault(name, child)
        for name, where in part.required.items():
            shape.required.setdefault(name, where)
        shape.items = shape.items or part.items
        shape.seen |= part.seen
    return shape


def walk(document: Any, node: Any, at: str, key: tuple[str, ...], path: tuple[str, ...], required: bool = False,
         required_pointer: str | None = None, seen: frozenset[str] = frozenset(),
         parameter_in: str | None = None) -> Iterator[Field]:
    """The field at `node` and every field below it, parents before children."""
    shape = _shape(document, node, at, seen)
    kind = shape.keywords.get("type")
    if kind is None and shape.properties:
        kind = "object"
    elif kind is None and shape.items is not None:
        kind = "array"
    if kind is not None and not isinstance(kind, str):
        # JSON Schema allows a list of types; Swagger 2.0 does not, but compare it as written.
        kind = json.dumps(kind)
    yield Field(key, path, shape.keywords, shape.pointer, kind, required, required_pointer, parameter_in)
    for name, (child, child_pointer) in shape.properties.items():
        yield from walk(document, child, child_pointer, key + (name,), path + (name,), name in shape.required,
                        shape.required.get(name), shape.seen)
    if shape.items is not None:
        child, child_pointer = shape.items
        yield from walk(document, child, child_pointer, key + ("items",), path + ("items",), seen=shape.seen)


def operation_pointer(path: str, method: str) -> str:
    return pointer("paths", path, method)


def input_fields(document: Mapping[str, Any], path: str, method: str) -> dict[tuple, Field]:
    """Every input of the operation: its parameters (path-level ones too) and what their body holds."""
    item = (document.get("paths") or {}).get(path) or {}
    declared: dict[tuple, tuple[dict, str, frozenset[str]]] = {}
    for owner, where in ((item, pointer("paths", path)), (item.get(method) or {}, operation_pointer(path, method))):
        for index, raw in enumerate(owner.get("parameters") or []):
            param, at, seen, _ = resolve(document, raw, f"{where}/parameters/{index}")
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                # An operation's own parameter replaces the path item's parameter of the same name and place.
                declared[_parameter_key(param)] = (param, at, seen)
    fields: dict[tuple, Field] = {}
    for key, (param, at, seen) in declared.items():
        name, location = param["name"], param.get("in")
        required = param.get("required") is True
        if location == "body":
            own = {k: v for k, v in param.items() if k != "schema"}
            fields[key] = Field(key, ("parameter", name), own, at, None, required, f"{at}/required", location)
            for found in walk(document, param.get("schema") or {}, f"{at}/schema", key + ("schema",),
                              ("parameter", name, "schema"), seen=seen):
                fields[found.key] = found
        else:
            # Any other parameter is itself schema-like: type, format, enum, default, items.
            for found in walk(document, param, at, key, ("parameter", name), required, f"{at}/required", seen,
                              parameter_in=location):
                fields[found.key] = found
    return fields


def _parameter_key(param: Mapping[str, Any]) -> tuple[str, ...]:
    # HTTP header names are case-insensitive; every other parameter name is matched exactly.
    name = param["name"].lower() if param.get("in") == "header" else param["name"]
    return ("parameter", str(param.get("in")), name)


def success_status(responses: Mapping[str, Any]) -> str | None:
    """The response a flow's outputs come from: the lowest 2xx status, else `default`."""
    codes = sorted(str(code) for code in responses if str(code).startswith("2"))
    if codes:
        return codes[0]
    return "default" if "default" in responses else None


def output_fields(document: Mapping[str, Any], path: str, method: str) -> dict[tuple, Field]:
    """Every output of the operation: the success response's body and headers, and for a trigger
    the payload it delivers (x-ms-notification-content)."""
    item = (document.get("paths") or {}).get(path) or {}
    operation = item.get(method) or {}
    at = operation_pointer(path, method)
    fields: dict[tuple, Field] = {}
    responses = operation.get("responses") or {}
    status = success_status(responses)
    if status is not None:
        response, response_at, seen, _ = resolve(document, responses[status], f"{at}/responses/{status}")
        response = response if isinstance(response, dict) else {}
        if "schema" in response:
            for found in walk(document, response["schema"], f"{response_at}/schema", ("responses", "success", "schema"),
                              ("responses", status, "schema"), seen=seen):
                fields[found.key] = found
        for name, header in (response.get("headers") or {}).items():
            for found in walk(document, header, f"{response_at}/headers/{escape_pointer_token(name)}",
                              ("responses", "success", "headers", name.lower()), ("responses", status, "headers", name),
                              seen=seen):
                fields[found.key] = found
    content = item.get("x-ms-notification-content")
    if "x-ms-trigger" in operation and isinstance(content, dict) and "schema" in content:
        content_at = pointer("paths", path, "x-ms-notification-content", "schema")
        for found in walk(document, content["schema"], content_at, ("x-ms-notification-content", "schema"),
                          ("x-ms-notification-content", "schema")):
            fields[found.key] = found
    return fields
