"""Swagger 2.0 itself: the document checked against the specification's JSON Schema."""

from __future__ import annotations

from generator.findings import Location, Severity, split_pointer
from generator.lint.registry import rule
from generator.validate.swagger import swagger_findings

# Checks of openapi-spec-validator that dedicated lint rules make with their own words and codes.
COVERED_ELSEWHERE = {"ExtraParametersError", "ParameterDuplicateError", "UnresolvableParameterError",
                     "DuplicateOperationIDError"}
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
    """The document must match the Swagger 2.0 JSON Schema; openapi-spec-validator then checks what a schema
    cannot (path parameters, unique operation ids, defaults), and lint reports those with its own rules.

    Passes:
        host: api.example.com
    Fails:
        host: https://api.example.com/v1
    """
    if not isinstance(ctx.build.swagger, dict):
        return
    # Lint locates its hits itself (and in the YAML sources), so only the pointer is needed here.
    for finding in swagger_findings(ctx.swagger, lambda ptr: Location(None, ptr)):
        if finding.rule != "swagger-schema" or finding.detail("check") in COVERED_ELSEWHERE:
            continue
        ptr = finding.location.pointer or ""
        yield ctx.hit(tuple(split_pointer(ptr)), finding.message, _code(ptr, finding.detail("keyword"), finding.message))


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
