"""Schemas of bodies, responses, definitions and notifications, and the typed values of parameters."""

from __future__ import annotations

import re

from generator.findings import Severity
from generator.lint.registry import rule

MAX_BODY_SCHEMAS = 512
KNOWN_FORMATS = {
    "integer": {"int32", "int64"},
    "number": {"float", "double", "decimal", "int32", "int64"},
    "string": {"byte", "binary", "date", "date-time", "password", "email", "uri", "url", "uuid", "html", "time",
               "duration", "hostname", "ipv4", "ipv6", "uri-reference", "int32", "int64", "string", "decimal"},
}
BOUNDS = (("minimum", "maximum", "MinimumShouldBeLessThanOrEqualToMaximum"),
          ("minLength", "maxLength", "MinLengthShouldBeLessThanOrEqualToMaxLength"),
          ("minItems", "maxItems", "MinItemsShouldBeLessThanOrEqualToMaxItems"))


def _typed(ctx):
    """Every object that has a JSON type: schemas, non-body parameters and their items."""
    for node in ctx.nodes:
        if node.place in ("schema", "items") or (node.place in ("parameter", "header") and node.value.get("in") != "body"):
            yield node


def matches_type(value: object, type_name: object) -> bool:
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer()),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
        "null": lambda v: v is None,
        "file": lambda v: True,
    }
    check = checks.get(type_name) if isinstance(type_name, str) else None
    return True if check is None else check(value)


def _json_type(value: object) -> str:
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object",
            type(None): "null"}.get(type(value), type(value).__name__)


@rule("enum-type", Severity.ERROR, "enum values have the declared type", ms_code="InvalidEnumValue")
def enum_type(ctx):
    """A boolean whose enum lists the strings "true" and "false" rejects every real boolean.

    Requirement: Microsoft's certification swagger validator rule InvalidEnumValue.

    Passes:
        definitions: {Account: {type: object, properties: {active: {type: boolean, enum: [true, false]}}}}
    Fails:
        definitions: {Account: {type: object, properties: {active: {type: boolean, enum: ['true', 'false']}}}}
    """
    for node in _typed(ctx):
        enum, type_name = node.value.get("enum"), node.value.get("type")
        if not isinstance(enum, list):
            continue
        for index, value in enumerate(enum):
            if not matches_type(value, type_name) and not (value is None and node.value.get("x-nullable")):
                yield ctx.hit(node.tokens + ("enum", index),
                              f"enum value {value!r} is {_json_type(value)}, but the type is {type_name}")


@rule("default-type", Severity.ERROR, "a default has the declared type and is one of the enum values",
      ms_code="DefaultValueMustMatchType", replaces=("swagger-default",))
def default_type(ctx):
    """The platform sends the default when the user gives nothing; one of the wrong type fails every call.

    Requirement: Microsoft's certification swagger validator rule DefaultValueMustMatchType.

    Passes:
        definitions: {Message: {type: object, properties: {count: {type: integer, default: 1}}}}
    Fails:
        definitions: {Message: {type: object, properties: {count: {type: integer, default: one}}}}
    """
    for node in _typed(ctx):
        if "default" not in node.value:
            continue
        value, type_name, enum = node.value["default"], node.value.get("type"), node.value.get("enum")
        tokens = node.tokens + ("default",)
        if value is None and not node.value.get("x-nullable"):
            yield ctx.hit(tokens, "the default is null, which the type does not allow; remove the default")
        elif value is not None and not matches_type(value, type_name):
            yield ctx.hit(tokens, f"default {value!r} is {_json_type(value)}, but the type is {type_name}")
        elif isinstance(enum, list) and value is not None and value not in enum:
            yield ctx.hit(tokens, f"default {value!r} is not one of the enum values")


@rule("array-items", Severity.ERROR, "arrays say what their items are", ms_code="ArrayHasNoItems")
def array_items(ctx):
    """Without items the designer cannot offer the fields of each element.

    Requirement: Microsoft's certification swagger validator rule ArrayHasNoItems.

    Passes:
        definitions: {Tags: {type: array, items: {type: string}}}
    Fails:
        definitions: {Tags: {type: array}}
    """
    for node in _typed(ctx):
        if node.value.get("type") == "array" and not isinstance(node.value.get("items"), (dict, list)):
            yield ctx.hit(node.tokens, "array without items: add an items schema")


@rule("required-undefined", Severity.ERROR, "every required property is defined", ms_code="RequiredPropertyDefinitionMissing")
def required_undefined(ctx):
    """A required property that does not exist cannot be supplied, so every request or response fails.

    Requirement: Microsoft's certification swagger validator rule RequiredPropertyDefinitionMissing.

    Passes:
        definitions: {Contact: {type: object, required: [phone], properties: {phone: {type: string}}}}
    Fails:
        definitions: {Contact: {type: object, required: [phone], properties: {email: {type: string}}}}
    """
    for node in ctx.schemas():
        required, props = node.value.get("required"), node.value.get("properties")
        if not isinstance(required, list) or "allOf" in node.value or not isinstance(props, dict):
            continue
        for index, name in enumerate(required):
            if name not in props:
                yield ctx.hit(node.tokens + ("required", index), f"required property {name!r} is not defined")


@rule("required-on-non-object", Severity.WARNING, "only object schemas list required properties",
      ms_code="RequiredPropertyNotOnObject")
def required_on_non_object(ctx):
    """A string or array has no properties to require.

    Passes:
        definitions: {Contact: {type: object, required: [phone], properties: {phone: {type: string}}}}
    Fails:
        definitions: {Phone: {type: string, required: [number]}}
    """
    for node in ctx.schemas():
        type_name = node.value.get("type")
        if isinstance(node.value.get("required"), list) and type_name not in (None, "object"):
            yield ctx.hit(node.tokens + ("required",), f"a {type_name} schema lists required properties")


@rule("readonly-required-input", Severity.ERROR, "request properties are not both readOnly and required",
      ms_code="RequiredReadOnlyPropertyNotAllowedAsInput")
def readonly_required_input(ctx):
    """The platform leaves readOnly properties out of requests, so a required one can never be sent.

    Requirement: Microsoft's certification swagger validator rule RequiredReadOnlyPropertyNotAllowedAsInput.

    Passes:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object, required: [name],
          properties: {name: {type: string}, id: {type: string, readOnly: true}}}}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object, required: [id],
          properties: {id: {type: string, readOnly: true}}}}]}}}
    """
    for node in ctx.schemas("input"):
        required, props = node.value.get("required"), node.value.get("properties")
        if isinstance(required, list) and isinstance(props, dict):
            for name in required:
                if isinstance(props.get(name), dict) and props[name].get("readOnly") is True:
                    yield ctx.hit(node.tokens + ("properties", name), f"input property {name!r} is readOnly and required")


@rule("numeric-bounds", Severity.ERROR, "minimum/maximum, length and item bounds are consistent",
      ms_code=("ExclusiveMaximumRequiresMaximum", "ExclusiveMinimumRequiresMinimum", *(b[2] for b in BOUNDS)))
def numeric_bounds(ctx):
    """Bounds that contradict each other reject every value.

    Requirement: Microsoft's certification swagger validator rules ExclusiveMaximumRequiresMaximum,
    ExclusiveMinimumRequiresMinimum, MinimumShouldBeLessThanOrEqualToMaximum,
    MinLengthShouldBeLessThanOrEqualToMaxLength, MinItemsShouldBeLessThanOrEqualToMaxItems.

    Passes:
        definitions: {Count: {type: integer, minimum: 1, maximum: 10}}
    Fails:
        definitions: {Count: {type: integer, minimum: 10, maximum: 1}}
    """
    for node in _typed(ctx):
        value = node.value
        for flag, bound, code in (("exclusiveMaximum", "maximum", "ExclusiveMaximumRequiresMaximum"),
                                  ("exclusiveMinimum", "minimum", "ExclusiveMinimumRequiresMinimum")):
            if flag in value and bound not in value:
                yield ctx.hit(node.tokens + (flag,), f"{flag} is set without {bound}", code)
        for low, high, code in BOUNDS:
            a, b = value.get(low), value.get(high)
            if _number(a) and _number(b) and a > b:
                yield ctx.hit(node.tokens + (low,), f"{low} {a} is greater than {high} {b}", code)


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@rule("pattern-regex", Severity.WARNING, "patterns are valid regular expressions",
      ms_code="PatternShouldBeValidRegularExpression")
def pattern_regex(ctx):
    """An invalid pattern makes validation fail for every value.

    Passes:
        definitions: {Phone: {type: string, pattern: '^\\+[0-9]+$'}}
    Fails:
        definitions: {Phone: {type: string, pattern: '^[0-9+$'}}
    """
    for node in _typed(ctx):
        pattern = node.value.get("pattern")
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as exc:
                yield ctx.hit(node.tokens + ("pattern",), f"pattern {pattern!r} is not a valid regular expression: {exc}")


@rule("discriminator", Severity.ERROR, "a discriminator names a required string property",
      ms_code="DiscriminatorMustBeARequiredStringProperty")
def discriminator(ctx):
    """The discriminator's value picks the subtype, so it must always be there and be a name.

    Requirement: Microsoft's certification swagger validator rule
    DiscriminatorMustBeARequiredStringProperty.

    Passes:
        definitions: {Pet: {type: object, discriminator: kind, required: [kind], properties: {kind: {type: string}}}}
    Fails:
        definitions: {Pet: {type: object, discriminator: kind, properties: {kind: {type: string}}}}
    """
    for node in ctx.schemas():
        name = node.value.get("discriminator")
        if name is None:
            continue
        props = node.value.get("properties") if isinstance(node.value.get("properties"), dict) else {}
        required = node.value.get("required") if isinstance(node.value.get("required"), list) else []
        prop = props.get(name) if isinstance(name, str) else None
        if not isinstance(prop, dict) or prop.get("type") != "string" or name not in required:
            yield ctx.hit(node.tokens + ("discriminator",), f"discriminator {name!r} is not a required string property")


@rule("type-format", Severity.WARNING, "type and format are a known combination", ms_code="UnrecognizedTypeFormat")
def type_format(ctx):
    """An unknown format is ignored, and usually a typo (int23) or a format put on the wrong type.

    Passes:
        definitions: {Count: {type: integer, format: int32}}
    Fails:
        definitions: {Count: {type: integer, format: date-time}}
    """
    for node in _typed(ctx):
        type_name, fmt = node.value.get("type"), node.value.get("format")
        if isinstance(type_name, str) and isinstance(fmt, str) and type_name in KNOWN_FORMATS \
                and fmt not in KNOWN_FORMATS[type_name]:
            yield ctx.hit(node.tokens + ("format",), f"format {fmt!r} is not known for type {type_name}")


@rule("internal-property-optional", Severity.WARNING, "an internal property with a default is required",
      ms_code="InternalPropertyWithDefaultOptional")
def internal_property_optional(ctx):
    """Only required properties are sure to be sent; an optional internal one may never reach the service.

    Passes:
        definitions: {Callback: {type: object, required: [type], properties: {type: {type: integer, default: 1,
          x-ms-visibility: internal}}}}
    Fails:
        definitions: {Callback: {type: object, properties: {type: {type: integer, default: 1,
          x-ms-visibility: internal}}}}
    """
    for node in ctx.schemas():
        if node.direction == "output":
            continue
        props, required = node.value.get("properties"), node.value.get("required")
        required = required if isinstance(required, list) else []
        for name, prop in (props.items() if isinstance(props, dict) else ()):
            if isinstance(prop, dict) and prop.get("x-ms-visibility") == "internal" and "default" in prop \
                    and name not in required:
                yield ctx.hit(node.tokens + ("properties", name),
                              f"internal property {name!r} has a default but is not required")


@rule("string-binary-placement", Severity.ERROR, "string/binary schemas are whole bodies, not properties",
      ms_code="InvalidStringBinaryProperty")
def string_binary_placement(ctx):
    """Binary content can be the whole request body, not a field inside a JSON object.

    Requirement: Microsoft's certification swagger validator rule InvalidStringBinaryProperty.

    Passes:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: string, format: binary}}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object,
          properties: {file: {type: string, format: binary}}}}]}}}
    """
    for node in ctx.schemas("input"):
        if node.value.get("type") == "string" and node.value.get("format") == "binary" and node.tokens[-1] != "schema":
            yield ctx.hit(node.tokens + ("format",), "a string/binary property inside a body; send the file as the "
                                                     "whole body or as a formData file")


@rule("schema-count", Severity.ERROR, f"a body has at most {MAX_BODY_SCHEMAS} schemas", "certification",
      ms_code="BodySchemaCountExceedsMaxAllowed")
def schema_count(ctx):
    """The designer cannot render bodies with more fields than this (references counted each time they are used).

    Requirement: Microsoft's certification swagger validator rule BodySchemaCountExceedsMaxAllowed.

    Passes:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object}}]}}}
    Fails:
        size-body-schemas: 600
    """
    for op in ctx.operations:
        body = ctx.body_schema(op)
        if body is not None:
            count = _count(ctx, body[1], MAX_BODY_SCHEMAS + 1, frozenset())
            if count > MAX_BODY_SCHEMAS:
                yield ctx.hit(body[0], f"the body of {op.name} has more than {MAX_BODY_SCHEMAS} schemas")


def _count(ctx, schema: object, limit: int, seen: frozenset) -> int:
    """Schemas in `schema`, following $refs (a recursive reference counted once), stopping past `limit`."""
    if not isinstance(schema, dict):
        return 0
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return 0 if ref in seen else _count(ctx, ctx.resolve(ref), limit, seen | {ref})
    total = 1
    properties, all_of = schema.get("properties"), schema.get("allOf")
    children = list(properties.values()) if isinstance(properties, dict) else []
    children += [schema[k] for k in ("items", "additionalProperties") if isinstance(schema.get(k), dict)]
    children += all_of if isinstance(all_of, list) else []
    for child in children:
        total += _count(ctx, child, limit - total, seen)
        if total > limit:
            break
    return total


@rule("required-loop", Severity.ERROR, "required properties do not loop through references",
      ms_code="RequiredLoopInSchemaNotAllowed")
def required_loop(ctx):
    """If A requires a B and B requires an A, no finite value is valid.

    Requirement: Microsoft's certification swagger validator rule RequiredLoopInSchemaNotAllowed.

    Passes:
        definitions:
          Person: {type: object, required: [name], properties: {name: {type: string}, boss: {$ref: '#/definitions/Person'}}}
    Fails:
        definitions:
          Person: {type: object, required: [boss], properties: {boss: {$ref: '#/definitions/Person'}}}
    """
    definitions = ctx.swagger.get("definitions")
    if not isinstance(definitions, dict):
        return
    edges: dict[str, list[tuple[str, str]]] = {}
    for name, schema in definitions.items():
        if not isinstance(schema, dict):
            continue
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        required = schema.get("required") if isinstance(schema.get("required"), list) else []
        for prop in required:
            ref = props.get(prop, {}).get("$ref") if isinstance(props.get(prop), dict) else None
            if isinstance(ref, str) and ref.startswith("#/definitions/"):
                edges.setdefault(name, []).append((prop, ref[len("#/definitions/"):]))
    reported = set()
    for start in edges:
        cycle = _cycle(start, edges)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            prop = next(p for p, target in edges[start] if target in cycle or target == start)
            yield ctx.hit(("definitions", start, "properties", prop),
                          f"required properties loop: {' -> '.join(cycle + [cycle[0]])}")


def _cycle(start: str, edges: dict) -> list[str] | None:
    stack = [(start, [start])]
    while stack:
        node, trail = stack.pop()
        for _, target in edges.get(node, ()):
            if target == start:
                return trail
            if target not in trail:
                stack.append((target, trail + [target]))
    return None
