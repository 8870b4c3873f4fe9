"""The JSON text of apiDefinition.swagger.json and apiProperties.json: what parsing it silently hides."""

from __future__ import annotations

from generator.build import PROPERTIES, SWAGGER
from generator.findings import Severity
from generator.lint.registry import Hit, rule


def _issues(ctx, kind: str):
    for artifact, locator in ((SWAGGER, ctx.build.swagger_map), (PROPERTIES, ctx.build.properties_map)):
        # YAML projects have no JSON text: their YAML loader reports what it finds itself.
        for issue in getattr(locator, "issues", ()):
            if issue.kind == kind:
                yield Hit(issue.pointer, issue.message, artifact)


@rule("json-duplicate-key", Severity.WARNING, "no object repeats a key")
def json_duplicate_key(ctx):
    """JSON readers keep one value of a repeated key and drop the others without a word, so what the
    platform reads is not what the file shows (RFC 8259: names should be unique).

    Passes:
        json-text: '"x-team": "messaging",'
    Fails:
        json-text: '"x-team": "messaging", "x-team": "billing",'
    """
    yield from _issues(ctx, "duplicate-key")


@rule("json-not-json", Severity.ERROR, "numbers are JSON numbers, not NaN or Infinity")
def json_not_json(ctx):
    """NaN and Infinity are JavaScript, not JSON; Python reads them, but strict JSON readers refuse the file.

    Requirement: apiDefinition.swagger.json and apiProperties.json are JSON documents (RFC 8259), which
    Microsoft's connector import parses.

    Passes:
        json-text: '"x-limit": 10,'
    Fails:
        json-text: '"x-limit": NaN,'
    """
    yield from _issues(ctx, "not-json")


@rule("json-number-range", Severity.WARNING, "integers fit in a double")
def json_number_range(ctx):
    """An integer beyond the range of a double (about 1.8e308) is read differently, or refused, by each
    JSON reader (RFC 8259, section 6).

    Passes:
        json-text: '"x-limit": 1000000,'
    Fails:
        json-text: >-
          "x-limit": 100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000,
    """
    yield from _issues(ctx, "number-range")
