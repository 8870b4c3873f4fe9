"""A fast verdict on a Swagger 2.0 document: True only where openapi-spec-validator finds no error.

openapi-spec-validator, the reference, checks a document in two passes: the Swagger 2.0 JSON Schema
(run by jsonschema-rs, which it picks whenever it is installed, as it is with this toolkit) and a walk
in pure Python through tags, paths, parameters, responses and the schemas they reach (path
parameters, unique operation ids and parameters, defaults against their schema, each top-level
schema against the JSON Schema draft-04 meta-schema). That walk costs most of its time. Here the
first pass is the same jsonschema-rs call on the same schema file, and the walk is made again over
the plain data, following `$ref` as jsonschema-path does, with the meta-schema compiled by
jsonschema-rs too.

The answer is one-sided on purpose: anything this module cannot decide exactly as the reference
would (an unusual `$ref`, a default it cannot judge, a Python value JSON has no type for) makes it
answer False, and the caller then asks the reference itself. A wrong False costs time; a wrong True
would hide findings, so every True rests on checks that mirror the reference's own.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import string
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

# The reference's own choice of schema backend (its environment variable); its pure-Python backend
# judges a few documents differently from jsonschema-rs, so then only the reference may answer.
BACKEND_VARIABLE = "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"
OPERATIONS = frozenset(("get", "put", "post", "delete", "options", "head", "patch", "trace"))
# Values as json.loads makes them; anything else may be judged differently by jsonschema-rs.
JSON_SCALARS = (str, int, float, bool, type(None))
# Keywords of openapi-schema-validator's OAS 3.0 validator that never fail a value.
ANNOTATIONS = frozenset(("discriminator", "readOnly", "writeOnly", "xml", "externalDocs", "example", "deprecated"))
LENGTHS = {"minLength": (str, -1), "maxLength": (str, 1), "minItems": (list, -1), "maxItems": (list, 1),
           "minProperties": (dict, -1), "maxProperties": (dict, 1)}
INT32 = (-(1 << 31), (1 << 31) - 1)
INT64 = (-(1 << 63), (1 << 63) - 1)
TYPE_CHECKS = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


class Unsure(Exception):
    """The reference might report an error here, or fail: only it can tell."""


def certainly_valid(document: object) -> bool:
    """True when openapi-spec-validator's `iter_errors` yields nothing for `document`; False when it may not."""
    if _backend_setting() == "jsonschema" or not _available():
        return False
    try:
        if not _swagger_validator().is_valid(document):
            return False
        _Walk(document).check()
    except Unsure:
        return False
    except ValueError:
        # jsonschema-rs refuses values JSON has no type for (a set, bytes, a key that is not a string).
        return False
    except RecursionError:  # nesting deeper than the reference's own walk could go
        return False
    return True


def faster(validator_class):
    """`validator_class` (openapi-spec-validator's Swagger 2.0 validator, or a subclass of it) made faster
    on an invalid document: the same walk and the same errors, but a schema (with all it reaches), a
    default or an operation that this module proves clean is not walked again in pure Python.
    """
    return _faster(validator_class)


@lru_cache(maxsize=None)
def _faster(base):
    checks = base.keyword_validators

    class SchemaValidator(checks["schema"]):
        def __call__(self, schema, require_properties=True, meta_checked=False):
            if not self.registry.walk.certified_schema(schema.read_value(), top=not meta_checked):
                yield from super().__call__(schema, require_properties, meta_checked)

    class DefaultValidator(checks["default"]):
        def __call__(self, schema, value):
            if not self.registry.walk.certified_default(schema.read_value(), value):
                yield from super().__call__(schema, value)

    class OperationValidator(checks["operation"]):
        def __call__(self, url, name, operation, path_parameters):
            shared = None if path_parameters is None else path_parameters.read_value()
            value = operation.read_value()
            if not self.registry.walk.certified_operation(url, value, shared, self.operation_ids_registry):
                yield from super().__call__(url, name, operation, path_parameters)
            elif "operationId" in value:
                # What the reference remembers of an operation it found nothing in: its id, for later duplicates.
                self.operation_ids_registry.append((operation / "operationId").read_value())

    class Validator(base):
        keyword_validators = {**checks, "operation": OperationValidator, "schema": SchemaValidator,
                              "default": DefaultValidator}

        def __init__(self, document, *args, **kwargs):
            super().__init__(document, *args, **kwargs)
            self.keyword_validators_registry.walk = _Walk(self.schema)

    return Validator


def _backend_setting() -> str:
    return os.environ.get(BACKEND_VARIABLE, "auto").strip().lower()


@lru_cache(maxsize=1)
def _available() -> bool:
    return all(importlib.util.find_spec(name) is not None
               for name in ("jsonschema_rs", "openapi_spec_validator", "jsonschema_specifications"))


def _package_file(package: str, *parts: str) -> dict:
    # find_spec locates a package without importing it: openapi-spec-validator alone takes ~0.3 s to import.
    location = importlib.util.find_spec(package).submodule_search_locations[0]
    return json.loads(Path(location, *parts).read_text("utf-8"))


@lru_cache(maxsize=1)
def _swagger_validator():
    """The validator openapi-spec-validator builds for Swagger 2.0 with jsonschema-rs, from the same file."""
    import jsonschema_rs

    schema = _package_file("openapi_spec_validator", "resources", "schemas", "v2.0", "schema.json")
    return jsonschema_rs.validator_cls_for(schema)(schema)


@lru_cache(maxsize=1)
def _meta_validator():
    """The draft-04 meta-schema that openapi-schema-validator's OAS 3.0 `check_schema` applies to a schema.

    Formats are left to `_Walk.meta_check`: the meta-schema's only one is `regex` on `pattern`, which the
    reference checks with Python's `re` (or `regress`), not with jsonschema-rs's engine.
    """
    import jsonschema_rs

    schema = _package_file("jsonschema_specifications", "schemas", "draft4", "metaschema.json")
    return jsonschema_rs.Draft4Validator(schema, validate_formats=False)


@lru_cache(maxsize=1)
def _ecma_regex() -> bool:
    return importlib.util.find_spec("regress") is not None


class _Walk:
    """openapi-spec-validator's RootValidator for Swagger 2.0 over plain data; raises Unsure where it could fail."""

    def __init__(self, document: object):
        self.root = document
        self.operation_ids: set[str] = set()
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        # Schemas entered by the current `certified_schema` attempt, forgotten again if it fails.
        self.trail: list[int] = []

    def check(self) -> None:
        root = self.root
        if not isinstance(root, dict) or isinstance(root.get("$ref"), str) or "$id" in root or "components" in root:
            raise Unsure
        if "tags" in root:
            self.tags(self.resolve(root["tags"]))
        if "paths" in root:
            paths = self.resolve(root["paths"])
            for url, item in _mapping(paths).items():
                self.path(url, self.resolve(item))

    def certified_schema(self, value: object, top: bool) -> bool:
        """Whether the reference's SchemaValidator finds nothing in `value` and every schema it reaches."""
        self.trail = []
        try:
            self.schema(value, top)
        except (Unsure, ValueError, RecursionError):
            self.visited.difference_update(self.trail)
            return False
        return True

    def certified_operation(self, url: object, operation: object, shared: object, operation_ids: list) -> bool:
        """Whether the reference's OperationValidator finds nothing in `operation`, given the ids seen before it."""
        self.trail = []
        try:
            self.operation_ids = set(operation_ids)
            if shared is not None:
                shared = [_mapping(self.resolve(parameter)) for parameter in _sequence(shared)]
                if not all(isinstance(p.get("name"), str) and isinstance(p.get("in"), str) for p in shared):
                    raise Unsure
            self.operation(url, self.resolve(operation), shared)
        except (Unsure, ValueError, TypeError, RecursionError):  # TypeError: unhashable ids in the reference's list
            self.visited.difference_update(self.trail)
            return False
        return True

    def certified_default(self, schema: object, value: object) -> bool:
        try:
            self.default(schema, value)
        except (Unsure, ValueError, RecursionError):
            return False
        return True

    def resolve(self, node: object) -> object:
        """`node` with `$ref` followed as jsonschema-path does: only local JSON pointers are taken on."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            hops += 1
            if hops > 32:  # a cycle of references: the reference recurses without end
                raise Unsure
            node = self.pointer(node["$ref"])
        return node

    def pointer(self, ref: str) -> object:
        if not ref.startswith("#/"):
            raise Unsure
        node = self.root
        for segment in unquote(ref[2:]).split("/"):
            if isinstance(node, dict):
                # An `$id` on the way would change the base URI that later references resolve against.
                if "$id" in node:
                    raise Unsure
                segment = segment.replace("~1", "/").replace("~0", "~")
                if segment not in node:
                    raise Unsure
                node = node[segment]
            elif isinstance(node, list) and re.fullmatch(r"0|[1-9][0-9]*", segment) and int(segment) < len(node):
                node = node[int(segment)]
            else:
                raise Unsure
        if isinstance(node, dict) and "$id" in node:
            raise Unsure
        return node

    def tags(self, tags: object) -> None:
        names = set()
        for tag in _sequence(tags):
            name = _mapping(self.resolve(tag)).get("name")
            if not isinstance(name, str) or name in names:
                raise Unsure
            names.add(name)

    def path(self, url: object, item: object) -> None:
        item = _mapping(item)
        shared = None
        if "parameters" in item:
            shared = self.parameters(self.resolve(item["parameters"]))
        for name, operation in item.items():
            if not isinstance(name, str):
                raise Unsure
            if name in OPERATIONS:
                self.operation(url, self.resolve(operation), shared)

    def parameters(self, parameters: object) -> list[dict]:
        """The resolved parameters, each checked; two with the same name and location are an error."""
        resolved = []
        seen = set()
        for parameter in _sequence(parameters):
            parameter = _mapping(self.resolve(parameter))
            key = (parameter.get("name"), parameter.get("in"))
            if not all(isinstance(part, str) for part in key) or key in seen:
                raise Unsure
            seen.add(key)
            if "schema" in parameter:
                self.schema(parameter["schema"])
            if "default" in parameter:
                self.default(parameter, self.resolve(parameter["default"]))
            resolved.append(parameter)
        return resolved

    def operation(self, url: object, operation: object, shared: list[dict] | None) -> None:
        operation = _mapping(operation)
        if "operationId" in operation:
            operation_id = self.resolve(operation["operationId"])
            if operation_id is not None:
                if not isinstance(operation_id, str) or operation_id in self.operation_ids:
                    raise Unsure
                self.operation_ids.add(operation_id)
        if "responses" in operation:
            for code, response in _mapping(self.resolve(operation["responses"])).items():
                if not isinstance(code, str):
                    raise Unsure
                response = self.resolve(response)
                if isinstance(response, dict) and "schema" in response:
                    self.schema(response["schema"])
                elif not isinstance(response, (dict, str, int, float, bool, type(None))):
                    raise Unsure
        names = set()
        if "parameters" in operation:
            names.update(p["name"] for p in self.parameters(self.resolve(operation["parameters"])) if p["in"] == "path")
        if shared is not None:
            names.update(p["name"] for p in shared if p["in"] == "path")
        if not isinstance(url, str):
            raise Unsure
        try:
            in_url = {field for _, field, _, _ in string.Formatter().parse(url) if field}
        except ValueError:  # an unbalanced brace: the reference raises
            raise Unsure from None
        if in_url != names:
            raise Unsure

    def schema(self, node: object, top: bool = True) -> None:
        """SchemaValidator: the meta-schema for a top-level schema, then defaults and allOf's required names."""
        value = self.resolve(node)
        if not isinstance(value, dict):
            raise Unsure
        if top and id(value) not in self.meta_checked:
            self.meta_check(value)
            self.meta_checked.add(id(value))
        if id(value) in self.visited:
            return
        self.visited.add(id(value))
        self.trail.append(id(value))
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in value:
                for inner in _sequence(self.resolve(value[keyword])):
                    self.schema(inner, top=False)
        for keyword in ("not", "items"):
            if keyword in value:
                self.schema(value[keyword], top=False)
        if "properties" in value:
            for inner in _mapping(self.resolve(value["properties"])).values():
                self.schema(inner, top=False)
        if "allOf" in value:
            # Required names defined nowhere are an error at the top level only; a superset is fine here.
            required = self.resolve(value.get("required")) or []
            if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
                raise Unsure
            defined = set(_mapping(self.resolve(value["properties"]))) if "properties" in value else set()
            for inner in _sequence(self.resolve(value["allOf"])):
                defined |= self.properties_of(inner, ())
            if set(required) - defined:
                raise Unsure
        if "default" in value:
            default = self.resolve(value["default"])
            nullable = self.resolve(value["nullable"]) if "nullable" in value else False
            if default is not None or nullable is not True:
                self.default(value, default)

    def properties_of(self, node: object, active: tuple[int, ...]) -> set[str]:
        """SchemaValidator._collect_properties: property names through allOf/anyOf/oneOf, items and not."""
        value = self.resolve(node)
        if not isinstance(value, dict):
            return set()
        if id(value) in active:  # the reference recurses here without end
            raise Unsure
        active += (id(value),)
        names = set()
        if "properties" in value:
            names.update(_mapping(self.resolve(value["properties"])))
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in value:
                for inner in _sequence(self.resolve(value[keyword])):
                    names |= self.properties_of(inner, active)
        for keyword in ("items", "not"):
            if keyword in value:
                names |= self.properties_of(value[keyword], active)
        return names

    def meta_check(self, value: dict) -> None:
        if not _meta_validator().is_valid(value):
            raise Unsure
        # What jsonschema-rs and Python's jsonschema may judge differently: non-JSON values, enum
        # uniqueness with floats (1 == 1.0 in Python), and `pattern` (format "regex") in Python's engine.
        stack = [value]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, item in node.items():
                    if not isinstance(key, str):
                        raise Unsure
                    if key == "pattern" and isinstance(item, str):
                        _regex(item)
                    elif key == "enum" and isinstance(item, list) and not _python_unique(item):
                        raise Unsure
                    stack.append(item)
            elif isinstance(node, list):
                stack.extend(node)
            elif type(node) not in JSON_SCALARS:
                raise Unsure

    def default(self, schema: object, value: object) -> None:
        """ValueValidator: `value` against `schema` as openapi-schema-validator's OAS 3.0 validator judges it.

        Its keywords apply side by side (`$ref` and its siblings alike); those not judged here are left
        to the reference wherever they could apply to `value`.
        """
        if not isinstance(schema, dict) or "id" in schema:
            raise Unsure  # a draft-04 `id` would change where the validator resolves references
        if not (type(value) in JSON_SCALARS or type(value) in (dict, list)):
            raise Unsure
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        for keyword, expected in schema.items():
            if keyword in ANNOTATIONS:
                continue
            if keyword in ("allOf", "anyOf", "oneOf", "not") or (keyword == "multipleOf" and is_number):
                raise Unsure
            if keyword == "$ref":
                if not isinstance(expected, str):
                    raise Unsure
                self.default(self.pointer(expected), value)
            elif keyword == "type":
                if not isinstance(expected, str) or expected not in TYPE_CHECKS:
                    raise Unsure  # a list of types or an unknown one ("file") makes the reference raise
                if value is None:
                    if schema.get("nullable") is not True:
                        raise Unsure
                elif not TYPE_CHECKS[expected](value):
                    raise Unsure
            elif keyword == "enum":
                if not isinstance(expected, list) or not any(_equal(each, value) for each in expected):
                    raise Unsure
            elif keyword == "format":
                _format(expected, value)
            elif keyword in ("minimum", "maximum"):
                _limit(keyword, expected, value, schema)
            elif keyword in LENGTHS:
                _length(keyword, expected, value)
            elif keyword == "pattern" and isinstance(value, str):
                _search(expected, value)
            elif isinstance(value, dict):
                self.default_object(keyword, expected, value, schema)
            elif isinstance(value, list):
                self.default_array(keyword, expected, value)

    def default_object(self, keyword: str, expected: object, value: dict, schema: dict) -> None:
        if keyword == "properties":
            for name, inner in _mapping(expected).items():
                if name in value:
                    self.default(inner, value[name])
        elif keyword == "required":
            for name in _sequence(expected):
                if name in value:
                    continue
                inner = _mapping(schema.get("properties", {})).get(name)
                # openapi-schema-validator lets a read-only or write-only property be missing.
                if inner and (_mapping(inner).get("readOnly", False) or inner.get("writeOnly", False)):
                    continue
                raise Unsure
        elif keyword == "additionalProperties":
            if "patternProperties" in schema:
                raise Unsure
            known = _mapping(schema.get("properties", {}))
            extras = [name for name in value if name not in known]
            if isinstance(expected, dict):
                for name in extras:
                    self.default(expected, value[name])
            elif expected is False and extras:
                raise Unsure
            elif not isinstance(expected, bool):
                raise Unsure

    def default_array(self, keyword: str, expected: object, value: list) -> None:
        if keyword == "items":
            for item in value:
                self.default(expected, item)
        elif keyword == "uniqueItems" and expected:
            if not all(isinstance(item, str) for item in value) or len(set(value)) != len(value):
                raise Unsure


def _mapping(node: object) -> dict:
    if not isinstance(node, dict):
        raise Unsure
    return node


def _sequence(node: object) -> list:
    if not isinstance(node, list):
        raise Unsure
    return node


def _equal(one: object, two: object) -> bool:
    """jsonschema's `equal`: True is not 1 and False is not 0, but 1 is 1.0; lists and objects compared within."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return len(one) == len(two) and all(key in two and _equal(item, two[key]) for key, item in one.items())
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # two different booleans, or a boolean and a number (`one is two` took the same ones)
    return one == two


def _python_unique(items: list) -> bool:
    """No two items equal as Python's jsonschema compares them (1 == 1.0), where jsonschema-rs might differ."""
    if all(isinstance(item, (str, int, type(None))) for item in items):
        return True  # bool is an int here; both libraries tell such values apart the same way
    if not all(type(item) in JSON_SCALARS for item in items):
        return False
    return not any(_equal(a, b) for i, a in enumerate(items) for b in items[i + 1:])


def _format(name: object, value: object) -> None:
    """openapi-schema-validator's OAS 3.0 format checks that a JSON scalar can fail; other formats are not judged."""
    if value is None or name in ("float", "double", "password", "binary"):
        return
    if name in ("int32", "int64"):
        low, high = INT32 if name == "int32" else INT64
        if isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high:
            raise Unsure
        return
    raise Unsure


def _limit(keyword: str, limit: object, value: object, schema: dict) -> None:
    """Draft 4's minimum and maximum, with their boolean exclusiveMinimum and exclusiveMaximum."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return
    if not isinstance(limit, (int, float)) or isinstance(limit, bool) or not math.isfinite(limit):
        raise Unsure
    exclusive = schema.get("exclusiveMinimum" if keyword == "minimum" else "exclusiveMaximum", False)
    if keyword == "minimum":
        failed = value <= limit if exclusive else value < limit
    else:
        failed = value >= limit if exclusive else value > limit
    if failed:
        raise Unsure


def _length(keyword: str, limit: object, value: object) -> None:
    """minLength and the like: a bound on the length of the one kind of value each applies to."""
    kind, direction = LENGTHS[keyword]
    if not isinstance(value, kind):
        return
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise Unsure
    if (len(value) - limit) * direction > 0:
        raise Unsure


def _search(pattern: object, value: str) -> None:
    """A string default must match its `pattern` as the reference searches (`re`; `regress` is not judged here)."""
    if _ecma_regex() or not isinstance(pattern, str):
        raise Unsure
    try:
        found = re.search(pattern, value)
    except Exception:  # an invalid pattern makes the reference raise
        raise Unsure from None
    if found is None:
        raise Unsure


def _regex(pattern: str) -> None:
    """A `pattern` must compile as the reference compiles it (`regress` when installed, else `re`)."""
    if _ecma_regex():
        raise Unsure
    try:
        re.compile(pattern)
    except Exception:  # re.error, and the OverflowError or RecursionError of pathological patterns
        raise Unsure from None
