"""Security definitions and requirements."""

from __future__ import annotations

from generator.findings import Severity
from generator.lint.registry import rule

SCHEME_PROPERTIES = {
    "basic": ((), ()),
    "apiKey": (("name", "in"), ("name", "in")),
    "oauth2": (("flow",), ("flow", "authorizationUrl", "tokenUrl", "scopes")),
}
FLOW_PROPERTIES = {"implicit": ("authorizationUrl",), "password": ("tokenUrl",), "application": ("tokenUrl",),
                   "accessCode": ("authorizationUrl", "tokenUrl")}
COMMON = ("type", "description")


@rule("security-scheme", Severity.ERROR, "security definitions have the properties of their type",
      ms_code=("SecuritySchemePropertyRequired", "SecuritySchemePropertyNotValid"))
def security_scheme(ctx):
    """Each type of credential needs its own settings: an apiKey its name and location, OAuth its URLs.

    Requirement: Microsoft's certification swagger validator rules SecuritySchemePropertyRequired,
    SecuritySchemePropertyNotValid.

    Passes:
        securityDefinitions: {key: {type: apiKey, name: X-Api-Key, in: header}}
    Fails:
        securityDefinitions: {key: {type: apiKey, in: header}}
    """
    for node in ctx.at("security-scheme"):
        kind = node.value.get("type")
        if kind not in SCHEME_PROPERTIES:
            continue
        required, allowed = SCHEME_PROPERTIES[kind]
        if kind == "oauth2":
            required = required + FLOW_PROPERTIES.get(node.value.get("flow"), ()) + ("scopes",)
        for key in required:
            if key not in node.value:
                yield ctx.hit(node.tokens, f"{kind} security definition needs {key!r}", "SecuritySchemePropertyRequired")
        for key in node.value:
            if key not in allowed and key not in COMMON and not str(key).startswith("x-"):
                yield ctx.hit(node.tokens + (key,), f"{key!r} does not apply to a {kind} security definition",
                              "SecuritySchemePropertyNotValid")


@rule("security-requirement", Severity.ERROR, "security requirements name defined schemes with fitting scopes",
      ms_code=("SecurityRequirementMustBeDefined", "SecurityRequirementMustHaveValue",
               "SecurityRequirementMustHaveEmptyValue", "OAuthSecurityRequirementValueMustBeScopeName"))
def security_requirement(ctx):
    """A requirement refers to a security definition by name; only OAuth requirements list scopes.

    Requirement: Microsoft's certification swagger validator rules SecurityRequirementMustBeDefined,
    SecurityRequirementMustHaveValue, SecurityRequirementMustHaveEmptyValue,
    OAuthSecurityRequirementValueMustBeScopeName.

    Passes:
        securityDefinitions: {basic_auth: {type: basic}}
        security: [{basic_auth: []}]
    Fails:
        securityDefinitions: {basic_auth: {type: basic}}
        security: [{basic: []}]
    """
    definitions = ctx.swagger.get("securityDefinitions")
    definitions = definitions if isinstance(definitions, dict) else {}
    lists = [(("security",), ctx.swagger.get("security"))]
    lists += [(op.tokens + ("security",), op.value.get("security")) for op in ctx.operations]
    for tokens, requirements in lists:
        for index, requirement in enumerate(requirements if isinstance(requirements, list) else ()):
            for name, scopes in (requirement.items() if isinstance(requirement, dict) else ()):
                where = tokens + (index, name)
                scheme = definitions.get(name)
                if not isinstance(scheme, dict):
                    yield ctx.hit(where, f"security requirement {name!r} has no security definition",
                                  "SecurityRequirementMustBeDefined")
                elif not isinstance(scopes, list):
                    yield ctx.hit(where, f"security requirement {name!r} needs a list of scopes (empty if none)",
                                  "SecurityRequirementMustHaveValue")
                elif scheme.get("type") != "oauth2" and scopes:
                    yield ctx.hit(where, f"{scheme.get('type')} requirement {name!r} cannot list scopes",
                                  "SecurityRequirementMustHaveEmptyValue")
                elif scheme.get("type") == "oauth2":
                    known = scheme.get("scopes") if isinstance(scheme.get("scopes"), dict) else {}
                    for scope in scopes:
                        if scope not in known:
                            yield ctx.hit(where, f"scope {scope!r} is not defined by {name!r}",
                                          "OAuthSecurityRequirementValueMustBeScopeName")
