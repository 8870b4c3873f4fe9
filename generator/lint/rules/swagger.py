"""Swagger 2.0 itself: the document checked against the specification's JSON Schema."""

from __future__ import annotations

from generator.findings import Location, Severity, pointer, split_pointer
from generator.lint.registry import rule
from generator.lint.rules.schemas import default_type
from generator.validate.swagger import SEMANTIC_CHECKS, swagger_findings

LIMIT_KEYWORDS = {"multipleOf": "MultipleOfMustBeGreaterThanZero",
                  "maxLength": "MaxLengthMustBeGreaterThanOrEqualToZero",
                  "minLength": "MinLengthMustBeGreaterThanOrEqualToZero",
                  "maxItems": "MaxItemsMustBeGreaterThanOrEqualToZero",
                  "minItems": "MinItemsMustBeGreaterThanOrEqualToZero",
                  "maxProperties": "MaxPropertiesMustBeGreaterThanOrEqualToZero",
                  "minProperties": "MinPropertiesMustBeGreaterThanOrEqualToZero"}
KEYWORD_CODES = {"additionalProperties": "AdditionalPropertyNotAllowed", "required": "RequiredPropertyMissing",
                 "type": "JsonTypeIncorrect", "enum": "JsonValueNotInEnum", "uniqueItems": "ArrayDuplicateValue"}


@rule("swagger-schema", Severity.ERROR, "the document is valid Swagger 2.0", replaces=("swagger-schema", "swagger-default"),
      ms_code=("SpecificationVersionIncorrect", "HostNameNotValid", "BasePathNotValid", "SchemeNotValid",
               "OperationPathMustStartWithSlash", "ResponseMustBeDefaultOrHttpStatusCode", "OperationMustHaveResponse",
               "EnumMustContainAtLeastOneElement", "RequiredPropertyArrayEmpty", "AdditionalPropertyNotAllowed",
               "ExtensionNameNotValid", "RequiredPropertyMissing", "JsonTypeIncorrect", "JsonValueNotInEnum",
               "ArrayDuplicateValue", "CollectionFormatValueNotSupported", *LIMIT_KEYWORDS.values()))
def swagger_schema(ctx):
    """The document must match the Swagger 2.0 JSON Schema and pass openapi-spec-validator's further
    checks (path parameters, unique operation ids, defaults that match their schema). Where a lint rule
    of its own makes one of those checks and runs, that rule reports it instead, in its own words.

    Requirement: Swagger 2.0 specification; Microsoft's swagger validator reports these as errors
    (codes RequiredPropertyMissing, JsonTypeIncorrect, AdditionalPropertyNotAllowed and the others listed).

    Passes:
        host: api.example.com
    Fails:
        host: https://api.example.com/v1
    """
    if not isinstance(ctx.build.swagger, dict):
        return
    # A default that default-type reports is reported once, by that rule.
    own_defaults = {hit.pointer for hit in default_type(ctx)} if "default-type" in ctx.running else set()
    # Lint locates its hits itself (and in the YAML sources), so only the pointer is needed here.
    for finding in swagger_findings(ctx.swagger, lambda ptr: Location(None, ptr)):
        check = finding.detail("check")
        ptr = finding.location.pointer or ""
        if SEMANTIC_CHECKS.get(check) in ctx.running or (finding.rule == "swagger-default" and _default_root(ptr)
                                                          in own_defaults):
            continue
        yield ctx.hit(tuple(split_pointer(ptr)), finding.message, _code(ptr, finding.detail("keyword"), finding.message))


def _default_root(ptr: str) -> str:
    """The pointer of the default value an error inside it concerns."""
    tokens = split_pointer(ptr)
    cut = max(i for i, token in enumerate(tokens) if token == "default")
    return pointer(*tokens[:cut + 1])


def _code(ptr: str, keyword: str | None, message: str) -> str | None:
    tokens = split_pointer(ptr)
    if tokens == ["swagger"]:
        return "SpecificationVersionIncorrect"
    if tokens == ["host"]:
        return "HostNameNotValid"
    if tokens == ["basePath"]:
        return "BasePathNotValid"
    if tokens[:1] == ["schemes"] and keyword == "enum":
        return "SchemeNotValid"
    if tokens == ["paths"] and keyword == "additionalProperties":
        return "OperationPathMustStartWithSlash"
    if tokens[-1:] == ["responses"] and keyword == "additionalProperties":
        return "ResponseMustBeDefaultOrHttpStatusCode"
    if (tokens[-1:] == ["responses"] and keyword in ("minProperties", "not")) or "'responses' is a required" in message:
        return "OperationMustHaveResponse"
    if tokens[-1:] == ["enum"] and keyword == "minItems":
        return "EnumMustContainAtLeastOneElement"
    if tokens[-1:] == ["required"] and keyword == "minItems":
        return "RequiredPropertyArrayEmpty"
    if tokens[-1:] == ["collectionFormat"]:
        return "CollectionFormatValueNotSupported"
    if tokens and tokens[-1] in LIMIT_KEYWORDS and keyword == "minimum":
        return LIMIT_KEYWORDS[tokens[-1]]
    if keyword == "additionalProperties" and ("'ms-" in message or "'x_" in message or "'X-" in message):
        return "ExtensionNameNotValid"
    return KEYWORD_CODES.get(keyword)
