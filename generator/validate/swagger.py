"""Swagger 2.0 validation with openapi-spec-validator, every error reported with a location."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any, Callable, Iterator

from generator.findings import Finding, Location, Severity, pointer
from generator.validate.verdict import certainly_valid, faster

Locate = Callable[[str], Location]

# Checks of openapi-spec-validator beyond the JSON Schema, and the lint rules that make the same check.
SEMANTIC_CHECKS = {"ExtraParametersError": "required-undefined", "ParameterDuplicateError": "parameter-duplicate",
                   "UnresolvableParameterError": "path-parameter-undeclared",
                   "DuplicateOperationIDError": "operation-id-unique"}


def swagger_findings(document: Any, locate: Locate, strict_defaults: bool = True) -> Iterator[Finding]:
    """Every Swagger 2.0 error of `document`, never just the first: an error exactly when
    openapi-spec-validator rejects the document, except for its one known misreading of Swagger 2.0
    (a response schema of type file, which Swagger 2.0 defines and OpenAPI 3 does not).

    The document is first checked against the Swagger 2.0 JSON Schema (all errors, each with its
    path); only a document that passes is handed to the semantic checks of openapi-spec-validator,
    which assume a well-formed document. A default value that contradicts its schema is reported as
    rule `swagger-default`: an error, or a warning when `strict_defaults` is false.
    """
    if certainly_valid(document):
        # The usual case, settled without importing or running openapi-spec-validator's pure-Python walk.
        return
    from openapi_spec_validator.schemas import openapi_v2_schema_validator

    # openapi-spec-validator's own schema check (jsonschema-rs when installed) settles the usual case,
    # a valid document, fast; only an invalid one is walked again to report every error with its path.
    schema_errors = [] if openapi_v2_schema_validator.is_valid(document) else sorted(
        _schema_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    best = [_best(error) for error in schema_errors]
    placed = Counter(tuple(error.absolute_path) for error in best)
    for error in best:
        # The schema's `not` restates what a sibling error at the same place already says (an empty map).
        if not (error.validator == "not" and placed[tuple(error.absolute_path)] > 1):
            yield _finding(error, locate)
    if schema_errors:
        return
    places = {id(node): path for node, path in _walk(document, ())}
    seen = set()
    try:
        validator = faster(_spec_validator())(document)
        for error in validator.root_validator(validator.schema_path):
            owner, inner = getattr(error, "connector_place", (None, ()))
            where = places.get(id(owner), ())
            path = where + inner
            if _is_file_response(owner, inner, where):
                continue
            rule, severity = "swagger-schema", Severity.ERROR
            if inner[:1] == ("default",):
                rule = "swagger-default"
                severity = Severity.ERROR if strict_defaults else Severity.WARNING
            finding = _finding(error, locate, path, rule, severity)
            # One finding per place in a default: a null fails its type, nullability and enum at once.
            key = finding.location.pointer if rule == "swagger-default" else (finding.location.pointer, finding.message)
            if key not in seen:
                seen.add(key)
                yield finding
    except RecursionError:
        yield Finding("swagger-schema", Severity.ERROR, "not valid Swagger 2.0: the schemas nest or refer to each "
                      "other too deeply to be checked", locate(""), details=(("check", "RecursionError"),))
    except Exception as exc:  # a defect of the validator on an odd document must not hide the others
        yield Finding("swagger-schema", Severity.ERROR, f"the document cannot be checked further: {exc!r}", locate(""))


def _is_file_response(owner: object, inner: tuple, where: tuple) -> bool:
    """openapi-spec-validator checks schemas as OpenAPI 3, which has no `type: file`; Swagger 2.0 allows
    it as the root schema of a response."""
    return (inner == ("type",) and isinstance(owner, dict) and owner.get("type") == "file"
            and len(where) >= 3 and where[-1] == "schema" and where[-3] == "responses")


@lru_cache(maxsize=1)
def _spec_validator():
    """openapi-spec-validator's Swagger 2.0 validator, with each error tagged with the object it concerns.

    Its semantic errors carry no path into the document (a default's error has a path inside the
    default value, a schema's a path inside that schema), so each check is wrapped to note the
    document object it was given; `swagger_findings` maps that object back to its place.
    """
    from openapi_spec_validator import OpenAPIV2SpecValidator
    from openapi_spec_validator.validation import keywords

    def tag(error, owner, inner: tuple = ()):
        if not hasattr(error, "connector_place"):
            error.connector_place = (owner, inner + tuple(getattr(error, "absolute_path", ()) or ()))
        return error

    class DefaultValidator(keywords.OpenAPIV30ValueValidator):
        def __call__(self, schema, value):
            with schema.resolve() as resolved:
                owner = resolved.contents
            for error in super().__call__(schema, value):
                yield tag(error, owner, ("default",))

    class SchemaValidator(keywords.OpenAPIV30SchemaValidator):
        def _validate_schema_meta(self, schema, schema_value):
            error = super()._validate_schema_meta(schema, schema_value)
            return None if error is None else tag(error, schema_value)

        def __call__(self, schema, *args, **kwargs):
            for error in super().__call__(schema, *args, **kwargs):
                yield tag(error, schema.read_value())

    class ParametersValidator(keywords.ParametersValidator):
        def __call__(self, parameters):
            for error in super().__call__(parameters):
                yield tag(error, parameters.read_value())

    class OperationValidator(keywords.OperationValidator):
        def __call__(self, url, name, operation, path_parameters):
            for error in super().__call__(url, name, operation, path_parameters):
                inner = ("operationId",) if type(error).__name__ == "DuplicateOperationIDError" else ()
                yield tag(error, operation.read_value(), inner)

    class Validator(OpenAPIV2SpecValidator):
        keyword_validators = {**OpenAPIV2SpecValidator.keyword_validators, "default": DefaultValidator,
                              "schema": SchemaValidator, "parameters": ParametersValidator,
                              "operation": OperationValidator}

    return Validator


def _walk(node, path):
    # An explicit stack: the document may nest deeper than Python's recursion limit.
    stack = [(node, path)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            yield node, path
            stack.extend((value, path + (key,)) for key, value in node.items())
        elif isinstance(node, list):
            yield node, path
            stack.extend((value, path + (index,)) for index, value in enumerate(node))


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
    if message == "None for not nullable":  # openapi-schema-validator's words for a null the schema refuses
        message = "null is not allowed here (the schema is not nullable)"
    if len(message) > 300:
        message = message[:297] + "..."
    # Which check failed, so that lint can cross-reference Microsoft's codes and skip what it checks itself.
    keyword = getattr(error, "validator", None)
    details = (("check", type(error).__name__), ("keyword", keyword if isinstance(keyword, str) else None))
    return Finding(rule, severity, f"not valid Swagger 2.0: {message}", locate(pointer(*path)), details=details)
