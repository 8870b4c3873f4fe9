"""Schemas as the documentation page shows them: rows of fields with a path, a type and a description.

Inputs are flattened the way the designer shows them (every $ref followed, nested keys joined with dots).
Outputs keep a $ref as the definition's name, and that definition gets its own table on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from generator.findings import split_pointer
from generator.model import Connector

# Formats the published pages show instead of the plain JSON type (integer formats are not shown).
SHOWN_FORMATS = frozenset({"date-time", "date", "email", "uri", "uuid", "binary", "byte", "float", "double"})
REF_ROOTS = ("definitions", "parameters", "responses")


@dataclass(frozen=True)
class Row:
    """One line of a parameters or fields table; `key` is the parameter key or the field path."""

    name: str
    key: str
    type: str
    description: str
    required: bool = False
    # The definition the type names ("X" or "array of X"), so that definition is documented too.
    reference: str | None = None


@dataclass(frozen=True)
class Shape:
    """What a response, a notification or a definition holds: fields, or a single type."""

    type: str
    description: str
    fields: tuple[Row, ...]
    reference: str | None = None


def is_internal(node: Mapping[str, Any]) -> bool:
    return node.get("x-ms-visibility") == "internal"


def display_name(node: Mapping[str, Any], name: str) -> str:
    return node.get("x-ms-summary") or node.get("title") or name


class Schemas:
    """Follows the $refs of one connector: definitions, shared parameters and shared responses."""

    def __init__(self, connector: Connector):
        self.roots = {
            "definitions": {d.name: d.schema for d in connector.definitions},
            "parameters": dict(connector.shared_parameters or {}),
            "responses": dict(connector.shared_responses or {}),
        }

    @staticmethod
    def target(node: Any) -> tuple[str, str] | None:
        """(section, name) of a local $ref such as #/definitions/Name, else None."""
        if not isinstance(node, Mapping) or not isinstance(node.get("$ref"), str):
            return None
        ref = node["$ref"]
        tokens = split_pointer(ref[1:]) if ref.startswith("#/") else []
        if len(tokens) == 2 and tokens[0] in REF_ROOTS:
            return tokens[0], tokens[1]
        return None

    def definition_name(self, node: Any) -> str | None:
        target = self.target(node)
        return target[1] if target and target[0] == "definitions" else None

    def resolve(self, node: Any, seen: frozenset[str] = frozenset()) -> tuple[Any, frozenset[str]]:
        """`node` with its $ref chain followed, and the refs followed so far (a ref already seen stops)."""
        while True:
            target = self.target(node)
            if target is None or node["$ref"] in seen:
                return node, seen
            found = self.roots[target[0]].get(target[1])
            if not isinstance(found, Mapping):
                return node, seen
            seen = seen | {node["$ref"]}
            node = found

    def definition(self, name: str) -> Mapping[str, Any] | None:
        schema = self.roots["definitions"].get(name)
        return schema if isinstance(schema, Mapping) else None

    def is_array_definition(self, name: str) -> bool:
        schema = self.definition(name)
        return schema is not None and schema.get("type") == "array"

    def object_parts(self, schema: Mapping[str, Any], seen: frozenset[str]) -> tuple[dict[str, Any], set[str]]:
        """The properties and required names of an object schema, allOf members merged in."""
        properties: dict[str, Any] = {}
        required = set(schema.get("required") or ())
        for member in schema.get("allOf") or ():
            member, member_seen = self.resolve(member, seen)
            if isinstance(member, Mapping) and self.target(member) is None:
                more, more_required = self.object_parts(member, member_seen)
                properties.update(more)
                required |= more_required
        properties.update(schema.get("properties") or {})
        return properties, required

    def type_label(self, schema: Any, follow_refs: bool = False, seen: frozenset[str] = frozenset()) -> str:
        """The Type column: "string", "date-time", "array of string", a definition name, "dynamic"..."""
        if not isinstance(schema, Mapping):
            return ""
        name = self.definition_name(schema)
        if name is not None and not follow_refs:
            return name
        if name is not None:
            resolved, seen = self.resolve(schema, seen)
            return name if resolved is schema else self.type_label(resolved, True, seen)
        if "x-ms-dynamic-schema" in schema or "x-ms-dynamic-properties" in schema:
            return "dynamic"
        kind = schema.get("type")
        if kind == "array":
            inner = self.type_label(schema.get("items"), follow_refs, seen)
            return f"array of {inner}" if inner else "array"
        if kind in ("string", "number"):
            return schema["format"] if schema.get("format") in SHOWN_FORMATS else kind
        if kind is None and (schema.get("properties") or schema.get("allOf") or schema.get("additionalProperties")):
            return "object"
        return str(kind) if kind is not None else ""

    def reference_of(self, schema: Any) -> str | None:
        """The definition a schema's type names: itself when it is a $ref, or its items'."""
        if not isinstance(schema, Mapping):
            return None
        if schema.get("type") == "array":
            return self.reference_of(schema.get("items"))
        return self.definition_name(schema)

    def has_fields(self, schema: Any, seen: frozenset[str] = frozenset()) -> bool:
        return isinstance(schema, Mapping) and bool(self.object_parts(schema, seen)[0])

    def output_fields(self, schema: Mapping[str, Any], prefix: str = "") -> Iterator[Row]:
        """Rows of an output schema. A nested object shows only its fields (parent.child); an array of
        objects shows its own row and then its items' fields; a $ref stays a definition name."""
        properties, required = self.object_parts(schema, frozenset())
        for name, prop in properties.items():
            if not isinstance(prop, Mapping) or is_internal(prop):
                continue
            path = f"{prefix}{name}"
            if self.target(prop) is None and prop.get("type") in ("object", None) and self.has_fields(prop):
                yield from self.output_fields(prop, f"{path}.")
                continue
            yield Row(display_name(prop, name), path, self.type_label(prop), self._description(prop),
                      name in required, self.reference_of(prop))
            items = prop.get("items")
            if prop.get("type") == "array" and self.target(items) is None and self.has_fields(items):
                yield from self.output_fields(items, f"{path}.")

    def input_fields(self, schema: Any, prefix: str, seen: frozenset[str]) -> Iterator[Row]:
        """Rows of a request body, flattened into what a user fills in; internal fields are left out."""
        schema, seen = self.resolve(schema, seen)
        if not isinstance(schema, Mapping):
            return
        properties, required = self.object_parts(schema, seen)
        for name, prop in properties.items():
            if not isinstance(prop, Mapping) or is_internal(prop):
                continue
            key = f"{prefix}{name}"
            target, inner_seen = self.resolve(prop, seen)
            # A ref seen before on this branch is a cycle: show it as its definition and stop there.
            expandable = self.target(target) is None and isinstance(target, Mapping)
            if expandable and target.get("type") in ("object", None) and self.has_fields(target, inner_seen):
                yield from self.input_fields(target, f"{key}.", inner_seen)
                continue
            shown = target if expandable else prop
            yield Row(display_name(prop, "") or display_name(shown, name), key,
                      self.type_label(shown, follow_refs=expandable, seen=inner_seen),
                      self._description(prop) or self._description(shown), name in required,
                      None if expandable else self.reference_of(prop))
            items = shown.get("items") if expandable and shown.get("type") == "array" else None
            if items is not None:
                items, items_seen = self.resolve(items, inner_seen)
                if self.target(items) is None and self.has_fields(items, items_seen):
                    yield from self.input_fields(items, f"{key}.", items_seen)

    def shape(self, schema: Any) -> Shape:
        """A response, notification or definition: its fields when it has any, else its type."""
        if not isinstance(schema, Mapping):
            return Shape("", "", ())
        description = self._description(schema)
        if self.target(schema) is not None:
            return Shape(self.type_label(schema), description, (), self.reference_of(schema))
        fields = tuple(self.output_fields(schema))
        items = schema.get("items")
        if not fields and schema.get("type") == "array" and self.target(items) is None and isinstance(items, Mapping):
            fields = tuple(self.output_fields(items))
        return Shape(self.type_label(schema), description, fields, None if fields else self.reference_of(schema))

    def _description(self, node: Mapping[str, Any]) -> str:
        description = node.get("description")
        if description:
            return str(description)
        name = self.definition_name(node)
        schema = self.definition(name) if name else None
        return str(schema.get("description") or "") if schema is not None else ""
