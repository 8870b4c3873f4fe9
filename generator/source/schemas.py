"""The JSON Schemas of the source files, and validation of a loaded file against one."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Iterator

from generator.findings import Finding, Location, Severity, pointer
from generator.jsonio import dump_json, json_type
from generator.source.yaml_loader import YamlDocument

SCHEMA_NAMES = ("connector", "operation", "trigger", "definition", "paths", "policies", "throttling")
# Where a project keeps its copy of the schemas, so the modelines of its files resolve inside the project.
SCHEMA_FOLDER = "schemas"


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    return json.loads(resources.files("generator.schemas").joinpath(f"{name}.schema.json").read_text("utf-8"))


def schema_files() -> dict[str, bytes]:
    """The schemas as a project keeps them: `schemas/<kind>.schema.json`, by path inside the project."""
    return {f"{SCHEMA_FOLDER}/{name}.schema.json": dump_json(load_schema(name)).encode("utf-8") for name in SCHEMA_NAMES}


def schema_ref(relative: str, kind: str) -> str:
    """The modeline target of the source file at `relative` (e.g. connector/operations/x.yaml) in its project."""
    return "../" * relative.count("/") + f"{SCHEMA_FOLDER}/{kind}.schema.json"


@lru_cache(maxsize=None)
def _validator(name: str):
    import jsonschema

    return jsonschema.Draft7Validator(load_schema(name))


@lru_cache(maxsize=None)
def _fast_validator(name: str):
    import jsonschema_rs

    # Python's Draft7Validator without a format checker asserts no format either.
    return jsonschema_rs.Draft7Validator(load_schema(name), validate_formats=False)


def certainly_matches(data: object, schema: str) -> bool:
    """Whether `data` matches the source schema, answered by jsonschema-rs, which agrees with Python's
    jsonschema on these schemas (plain types, string enums, the patterns ^/ and ^x-); a value it cannot
    take (a date, a set, a key that is not a string) is left to Python's jsonschema."""
    try:
        return _fast_validator(schema).is_valid(data)
    except ValueError:
        return False


def check_document(document: YamlDocument, schema: str) -> Iterator[Finding]:
    """Findings for every place where `document` does not match the source schema `schema`."""
    if certainly_matches(document.data, schema):
        # The usual case; only a mismatching document is walked in Python for every error and its message.
        return
    for error in sorted(_validator(schema).iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        message = _describe(error)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            patterns = error.schema.get("patternProperties", {})
            for key in error.instance:
                if key not in allowed and not any(re.search(p, key) for p in patterns):
                    yield document_finding("source-schema", document, path + (key,),
                                           f"unknown key {key!r}{_suggest(key, allowed)}", at_key=True)
            continue
        yield document_finding("source-schema", document, path, message)


def document_finding(rule: str, document: YamlDocument, path: tuple, message: str, at_key: bool = False) -> Finding:
    """An error at `path` inside a loaded file, its message prefixed with that path; at its key if `at_key`."""
    mark = document.key_mark(path) if at_key else document.mark(path)
    where = "/".join(map(str, path))
    text = f"{where}: {message}" if where else message
    return Finding(rule, Severity.ERROR, text, Location(document.file, pointer(*path), mark.line, mark.column))


def _describe(error) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {expected}, got {json_type(error.instance)}"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(repr, error.validator_value))}"
    return error.message


def _suggest(key: str, allowed) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
