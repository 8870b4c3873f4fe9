"""Swagger 2.0 validation with openapi-spec-validator, every error reported with a location."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterator

from generator.findings import Finding, Location, Severity, pointer
from generator.validate.verdict import certainly_valid

Locate = Callable[[str], Location]


def swagger_findings(document: Any, locate: Locate, strict_defaults: bool = True) -> Iterator[Finding]:
    """Every Swagger 2.0 error of `document`, never just the first.

    The document is first checked against the Swagger 2.0 JSON Schema (all errors, each with its
    path); only a document that passes is handed to the semantic checks of openapi-spec-validator,
    which assume a well-formed document. A default value that contradicts its schema is an error,
    or a warning when `strict_defaults` is false (certified connectors ship such defaults).
    """
    if certainly_valid(document):
        # The usual case, settled without importing or running openapi-spec-validator's pure-Python walk.
        return
    from openapi_spec_validator import OpenAPIV2SpecValidator

    from openapi_spec_validator.schemas import openapi_v2_schema_validator

    # openapi-spec-validator's own schema check (jsonschema-rs when installed) settles the usual case,
    # a valid document, fast; only an invalid one is walked again to report every error with its path.
    schema_errors = [] if openapi_v2_schema_validator.is_valid(document) else sorted(
        _schema_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    for error in schema_errors:
        yield _finding(_best(error), locate)
    if schema_errors:
        return
    try:
        errors = list(_semantic_errors(OpenAPIV2SpecValidator(document)))
    except Exception as exc:  # a defect of the validator on an odd document must not hide the others
        yield Finding("swagger-schema", Severity.ERROR, f"the document cannot be checked further: {exc!r}", locate(""))
        return
    if not errors:
        return
    by_identity = {id(node): path for node, path in _walk(document, ())}
    seen = set()
    for error in errors:
        path = tuple(getattr(error, "absolute_path", ()) or ())
        rule, severity = "swagger-schema", Severity.ERROR
        if not path and id(getattr(error, "schema", None)) in by_identity:
            # Default-value errors come without a path; the schema object they concern is in the document.
            path = by_identity[id(error.schema)] + (("default",) if "default" in error.schema else ())
            rule = "swagger-default"
            severity = Severity.ERROR if strict_defaults else Severity.WARNING
        finding = _finding(error, locate, path, rule, severity)
        key = (finding.location.pointer, finding.message)
        if key not in seen:
            seen.add(key)
            yield finding


def _semantic_errors(validator):
    """The validator's checks beyond the JSON Schema, which was already run above on the same document."""
    root = getattr(validator, "root_validator", None)
    if root is None or not hasattr(validator, "schema_path"):
        return validator.iter_errors()
    return root(validator.schema_path)


def _walk(node, path):
    if isinstance(node, dict):
        yield node, path
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, path + (index,))


@lru_cache(maxsize=1)
def _schema_validator():
    import jsonschema
    from openapi_spec_validator.schemas import schema_v2

    return jsonschema.Draft4Validator(dict(schema_v2))


def _best(error):
    """For 'oneOf'/'anyOf' failures, the sub-error that says what is actually wrong.

    Swagger's parameter alternatives are told apart by `in` (and a `$ref` form); errors saying
    the instance is not of the other alternatives are noise, the deepest remaining one is the cause.
    """
    from jsonschema.exceptions import best_match

    if not error.context:
        return error
    leaves = [leaf for leaf in _leaves(error) if not _is_branch_noise(leaf)]
    if not leaves:
        return best_match(error.context) or error
    return max(leaves, key=lambda leaf: len(leaf.absolute_path))


def _leaves(error):
    if not error.context:
        yield error
        return
    for child in error.context:
        yield from _leaves(child)


def _is_branch_noise(error) -> bool:
    path = list(error.absolute_path)
    if error.validator == "enum" and path and path[-1] == "in":
        return True
    if error.validator == "required" and error.validator_value == ["$ref"]:
        return True
    return error.validator == "additionalProperties" and "$ref" in (error.schema.get("properties") or {})


def _finding(error, locate: Locate, path: tuple | None = None, rule: str = "swagger-schema",
             severity: Severity = Severity.ERROR) -> Finding:
    if path is None:
        path = tuple(getattr(error, "absolute_path", ()) or ())
    message = str(getattr(error, "message", error)).split("\n", 1)[0]
    if len(message) > 300:
        message = message[:297] + "..."
    # Which check failed, so that lint can cross-reference Microsoft's codes and skip what it checks itself.
    keyword = getattr(error, "validator", None)
    details = (("check", type(error).__name__), ("keyword", keyword if isinstance(keyword, str) else None))
    return Finding(rule, severity, f"not valid Swagger 2.0: {message}", locate(pointer(*path)), details=details)
