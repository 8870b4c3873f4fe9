"""The fast verdict says "valid" only where openapi-spec-validator, the reference, finds nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from openapi_spec_validator import OpenAPIV2SpecValidator
from openapi_spec_validator.schemas import schema_v2
from openapi_schema_validator import OAS30Validator

from generator.validate import verdict
from generator.validate.swagger import _spec_validator, swagger_findings
from generator.findings import Location
from tests.conftest import SHARED, needs_shared


def reference_valid(document) -> bool:
    """True, False, or None when the reference itself fails on the document."""
    try:
        return next(iter(OpenAPIV2SpecValidator(document).iter_errors()), None) is None
    except Exception:
        return None


def document() -> dict:
    """A small valid Swagger 2.0 document that reaches every part of the reference's walk."""
    return {
        "swagger": "2.0",
        "info": {"title": "Fixture", "version": "1.0"},
        "host": "api.example.com",
        "basePath": "/v1",
        "schemes": ["https"],
        "tags": [{"name": "items"}, {"name": "other"}],
        "paths": {
            "/items/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
                "get": {
                    "operationId": "GetItem",
                    "parameters": [
                        {"name": "limit", "in": "query", "type": "integer", "format": "int32", "default": 10,
                         "minimum": 1, "maximum": 100},
                        {"$ref": "#/parameters/Mode"},
                    ],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Item"}},
                                  "default": {"$ref": "#/responses/Failure"}},
                },
            },
            "/items": {
                "post": {
                    "operationId": "AddItem",
                    "parameters": [{"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Item"}}],
                    "responses": {"201": {"description": "created"}},
                },
            },
        },
        "parameters": {"Mode": {"name": "mode", "in": "query", "type": "string", "enum": ["fast", "full"],
                                "default": "fast"}},
        "responses": {"Failure": {"description": "failed", "schema": {"$ref": "#/definitions/Problem"}}},
        "definitions": {
            "Item": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 20, "default": "item"},
                    "price": {"type": "number", "format": "double", "default": 1},
                    "tags": {"type": "array", "items": {"type": "string"}, "default": ["a", "b"], "uniqueItems": True},
                    "owner": {"$ref": "#/definitions/Owner"},
                },
                "default": {"name": "first", "owner": {"id": 1}},
            },
            "Owner": {"type": "object", "properties": {"id": {"type": "integer"}}, "additionalProperties": False},
            "Problem": {"allOf": [{"$ref": "#/definitions/Owner"}, {"properties": {"text": {"type": "string"}}}],
                        "required": ["id", "text"]},
        },
    }


def with_change(path: str, value) -> dict:
    """The fixture with the value at a path replaced (or added); "|" separates the keys."""
    doc = document()
    *parents, last = path.split("|")
    node = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def test_the_fixture_is_valid_and_certainly_so():
    doc = document()
    assert reference_valid(doc) is True
    assert verdict.certainly_valid(doc) is True


def test_the_schema_files_are_the_references_own():
    assert verdict._package_file("openapi_spec_validator", "resources", "schemas", "v2.0", "schema.json") == dict(schema_v2)
    assert verdict._package_file("jsonschema_specifications", "schemas", "draft4", "metaschema.json") == \
        OAS30Validator.META_SCHEMA


# Changes the reference accepts: the fast verdict must accept them too, or it would be no faster.
VALID = {
    "default 1.0 in an integer enum": ("parameters|Mode", {"name": "mode", "in": "query", "type": "number",
                                                            "enum": [1, 2], "default": 1.0}),
    "escaped pointer": ("definitions|Item|properties|owner", {"$ref": "#/definitions/Own%65r"}),
    "int32 at its bound": ("paths|/items/{id}|get|parameters|0", {"name": "limit", "in": "query", "type": "integer",
                                                                 "format": "int32", "default": 2**31 - 1}),
    "a wrong default under additionalProperties is not checked": ("definitions|Owner|additionalProperties", {"type": "integer", "default": "text"}),
    "a wrong default in an unused definition is not checked": ("definitions|Unused", {"type": "integer", "default": "text"}),
    "a valid pattern": ("definitions|Item|properties|name|pattern", "^[a-z]+$"),
    "a float enum with distinct values": ("definitions|Item|properties|price|enum", [1, 1.5, 2]),
    "a read-only required property may be missing": ("definitions|Item|default", {"owner": {"id": 1}}),
}


# Changes the reference rejects (or fails on): the fast verdict must never call them valid.
INVALID = {
    "default of the wrong type": ("parameters|Mode|default", 3),
    "boolean default in an integer enum": ("parameters|Mode", {"name": "mode", "in": "query", "type": "integer",
                                                                "enum": [1, 0], "default": True}),
    "int32 default out of range": ("paths|/items/{id}|get|parameters|0|default", 2**31),
    "default above the maximum": ("paths|/items/{id}|get|parameters|0|default", 101),
    "null default of a parameter": ("parameters|Mode|default", None),
    "null default of a property (Swagger 2.0 has no nullable)": ("definitions|Item|properties|name|default", None),
    "default longer than maxLength": ("definitions|Item|properties|name|default", "x" * 21),
    "object default missing a required property": ("definitions|Item|default", {"owner": {"id": 1}, "price": 2}),
    "object default with a property the schema forbids": ("definitions|Item|default",
                                                         {"name": "n", "owner": {"id": 1, "extra": 1}}),
    "array default with repeated items": ("definitions|Item|properties|tags|default", ["a", "a"]),
    "response schema of type file (not a draft-04 type)": ("paths|/items|post|responses|201|schema", {"type": "file"}),
    "exclusiveMaximum without maximum": ("definitions|Item|properties|price|exclusiveMaximum", True),
    "a pattern Python cannot compile": ("definitions|Item|properties|name|pattern", "(unclosed"),
    "a string default the pattern does not match": ("definitions|Item|properties|name|pattern", "^[0-9]+$"),
    "1 and 1.0 in one enum": ("definitions|Item|properties|price|enum", [1, 1.0]),
    "duplicate operationId": ("paths|/items|post|operationId", "GetItem"),
    "path parameter not in the path": ("paths|/items|post|parameters|0",
                                       {"name": "id", "in": "path", "required": True, "type": "string"}),
    "unbalanced brace in a path": ("paths|/items/{id}|get|operationId", "GetItem"),
    "duplicate parameter": ("paths|/items/{id}|get|parameters|1",
                            {"name": "limit", "in": "query", "type": "integer"}),
    "duplicate tag": ("tags|1|name", "items"),
    "allOf requires a property defined nowhere": ("definitions|Problem|required", ["id", "missing"]),
    "reference to nothing": ("definitions|Item|properties|owner", {"$ref": "#/definitions/Nobody"}),
    "reference to another file": ("paths|/items|post|parameters|0|schema", {"$ref": "other.json#/Item"}),
    "references in a circle": ("definitions|Owner", {"$ref": "#/definitions/Loop"}),
    "e-mail that jsonschema-rs rejects": ("info|contact", {"email": "not an address"}),
    "tuple items in a response schema's enum": ("definitions|Problem|enum", ("a", "b")),
    "an integer key": ("paths|/items/{id}|get|responses", {200: {"description": "ok"}}),
    "array items given as a list": ("definitions|Item|properties|tags|items", [{"type": "string"}]),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid_changes_are_certainly_valid(case):
    path, value = VALID[case]
    doc = with_change(path, value)
    if case == "a read-only required property may be missing":
        doc["definitions"]["Item"]["properties"]["name"]["readOnly"] = True
    assert reference_valid(doc) is True
    assert verdict.certainly_valid(doc) is True


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_changes_are_never_certainly_valid(case):
    path, value = INVALID[case]
    doc = with_change(path, value)
    if case == "unbalanced brace in a path":
        doc["paths"]["/items}"] = doc["paths"].pop("/items")
    if case == "references in a circle":
        doc["definitions"]["Loop"] = {"$ref": "#/definitions/Owner"}
    assert reference_valid(doc) is not True
    assert verdict.certainly_valid(doc) is False


def semantic_errors(validator) -> list[tuple]:
    """What swagger_findings reads of each error of the reference's walk beyond the JSON Schema."""
    return [(type(e).__name__, e.message, tuple(e.absolute_path), id(getattr(e, "schema", None)), e.validator,
             id(getattr(e, "connector_place", (None,))[0]), getattr(e, "connector_place", (None, ()))[1])
            for e in validator.root_validator(validator.schema_path)]


def same_errors(doc) -> None:
    """The faster walk reports what the reference reports, and what swagger_findings' own subclass reports."""
    for validator_class in (OpenAPIV2SpecValidator, _spec_validator()):
        try:
            expected = semantic_errors(validator_class(doc))
        except Exception as exc:
            with pytest.raises(type(exc)):
                semantic_errors(verdict.faster(validator_class)(doc))
            continue
        assert semantic_errors(verdict.faster(validator_class)(doc)) == expected


@pytest.mark.parametrize("case", sorted(INVALID))
def test_the_faster_reference_walk_reports_the_same_errors(case):
    path, value = INVALID[case]
    doc = with_change(path, value)
    if case == "unbalanced brace in a path":
        doc["paths"]["/items}"] = doc["paths"].pop("/items")
    if case == "references in a circle":
        doc["definitions"]["Loop"] = {"$ref": "#/definitions/Owner"}
    same_errors(doc)


def test_the_faster_reference_walk_reports_each_of_many_errors():
    """Several faults in one document, some in schemas shared by operations: each reported as the reference does."""
    doc = document()
    doc["definitions"]["Owner"]["properties"]["id"]["default"] = "one"
    doc["parameters"]["Mode"]["default"] = "slow"
    doc["paths"]["/items"]["post"]["operationId"] = "GetItem"
    doc["paths"]["/items"]["post"]["responses"]["201"]["schema"] = {"type": "file"}
    doc["definitions"]["Problem"]["required"] = ["id", "missing"]
    assert len(semantic_errors(OpenAPIV2SpecValidator(doc))) >= 4
    same_errors(doc)


def test_values_json_has_no_type_for_are_left_to_the_reference():
    doc = with_change("definitions|Item|example", {1, 2})
    assert verdict.certainly_valid(doc) is False


@pytest.mark.parametrize("case", ["fixture", "int32 at its bound", "escaped pointer", "a valid pattern",
                                  "default of the wrong type", "duplicate operationId",
                                  "allOf requires a property defined nowhere"])
def test_the_shortcut_changes_no_finding(case, monkeypatch):
    """swagger_findings gives the same with and without the fast verdict."""
    from generator.validate import swagger

    doc = document() if case == "fixture" else with_change(*(VALID.get(case) or INVALID[case]))
    found = list(swagger.swagger_findings(doc, lambda ptr: Location(None, ptr)))
    monkeypatch.setattr(swagger, "certainly_valid", lambda document: False)
    assert list(swagger.swagger_findings(doc, lambda ptr: Location(None, ptr))) == found
    assert bool(found) == (case in INVALID)


def test_the_references_pure_python_backend_leaves_the_verdict_to_it(monkeypatch):
    monkeypatch.setenv(verdict.BACKEND_VARIABLE, "jsonschema")
    assert verdict.certainly_valid(document()) is False


def corpus_swaggers() -> list[Path]:
    return sorted(p for name in ("corpus-sample", "corpus-calibration") if (SHARED / name).is_dir()
                  for p in (SHARED / name).glob("*/apiDefinition.swagger.json"))


@needs_shared
def test_corpus_verdicts_match_the_reference():
    """Over both corpora: every swagger called valid is valid for the reference, every valid one is called so,
    and the faster walk reports the reference's errors."""
    checked = 0
    for path in corpus_swaggers():
        try:
            doc = json.loads(path.read_text("utf-8-sig"))
        except ValueError:
            continue
        assert verdict.certainly_valid(copy.deepcopy(doc)) == (reference_valid(doc) is True), path.parent.name
        same_errors(doc)
        checked += 1
    assert checked > 200
