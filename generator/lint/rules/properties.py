"""apiProperties.json: connection parameters, policy templates, brand color and ownership."""

from __future__ import annotations

import re

from generator.build import PROPERTIES
from generator.findings import Severity
from generator.lint.registry import rule
from generator.validate import properties as catalogue

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
RESERVED_COLORS = ("#ffffff", "#007ee5")


@rule("properties-structure", Severity.ERROR, "apiProperties.json has the documented structure")
def properties_structure(ctx):
    """Misplaced or mistyped keys are ignored by the platform or make the import fail.

    Requirement: Microsoft's apiProperties.json schema, against which the connector is imported.

    Passes:
        apiProperties: {capabilities: []}
    Fails:
        apiProperties: {capabilities: actions}
    """
    document = ctx.build.properties
    if not isinstance(document, dict):
        return
    for error in sorted(catalogue.validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        message = error.message if error.validator != "additionalProperties" else \
            f"unexpected key(s) at the top level: {error.message.split('(', 1)[-1].rstrip(')')}"
        yield ctx.hit(tuple(error.absolute_path), f"apiProperties.json: {message}", artifact=PROPERTIES)


def _connection_parameters(ctx):
    """(tokens inside `properties`, name, definition) of every connection parameter, also in parameter sets."""
    params = ctx.properties.get("connectionParameters")
    for name, value in (params.items() if isinstance(params, dict) else ()):
        if isinstance(value, dict):
            yield ("connectionParameters", name), name, value
    sets = ctx.properties.get("connectionParameterSets")
    values = sets.get("values") if isinstance(sets, dict) else None
    for index, entry in enumerate(values if isinstance(values, list) else ()):
        inner = entry.get("parameters") if isinstance(entry, dict) else None
        for name, value in (inner.items() if isinstance(inner, dict) else ()):
            if isinstance(value, dict):
                yield ("connectionParameterSets", "values", index, "parameters", name), name, value


@rule("connection-parameter-type", Severity.ERROR, "connection parameters have a known type")
def connection_parameter_type(ctx):
    """The type decides how the connection dialog asks for the value and whether it is kept secret.

    Requirement: Microsoft's apiProperties.json schema, which lists the connection parameter types the
    platform knows; an import with another type fails.

    Passes:
        apiProperties: {connectionParameters: {api_key: {type: securestring, uiDefinition: {displayName: API key,
          description: Your API key}}}}
    Fails:
        apiProperties: {connectionParameters: {api_key: {type: password}}}
    """
    for tokens, name, value in _connection_parameters(ctx):
        kind = value.get("type")
        if kind not in catalogue.CONNECTION_PARAMETER_TYPES:
            yield ctx.prop_hit(tokens + ("type",), f"connection parameter {name!r} has type {kind!r}; use one of "
                                                   f"{', '.join(catalogue.CONNECTION_PARAMETER_TYPES)}")


@rule("connection-parameter-ui", Severity.WARNING, "connection parameters have a display name and a description",
      "certification")
def connection_parameter_ui(ctx):
    """The connection dialog shows uiDefinition.displayName as the label and the description as help;
    without them it shows the parameter's name. Recommended, not required, by Microsoft's documentation.

    Passes:
        apiProperties: {connectionParameters: {api_key: {type: securestring, uiDefinition: {displayName: API key,
          description: The key from your account settings}}}}
    Fails:
        apiProperties: {connectionParameters: {api_key: {type: securestring}}}
    """
    for tokens, name, value in _connection_parameters(ctx):
        # OAuth settings and the platform's own "token:..." parameters are never shown in the dialog.
        if value.get("type") == "oauthSetting" or ":" in name:
            continue
        ui = value.get("uiDefinition")
        if not isinstance(ui, dict):
            yield ctx.prop_hit(tokens, f"connection parameter {name!r} has no uiDefinition")
            continue
        for key in ("displayName", "description"):
            if not isinstance(ui.get(key), str) or not ui[key].strip():
                yield ctx.prop_hit(tokens + ("uiDefinition",), f"connection parameter {name!r} has no "
                                                               f"uiDefinition.{key}")


def _templates(ctx):
    templates = ctx.properties.get("policyTemplateInstances")
    for index, item in enumerate(templates if isinstance(templates, list) else ()):
        if isinstance(item, dict):
            yield ("policyTemplateInstances", index), item


@rule("policy-template-id", Severity.WARNING, "policy templates are ones the platform provides")
def policy_template_id(ctx):
    """An unknown templateId is refused when the connector is imported.

    Passes:
        apiProperties: {policyTemplateInstances: [{templateId: dynamichosturl, title: Host,
          parameters: {x-ms-apimTemplateParameter.urlTemplate: 'https://@connectionParameters(''host'')'}}]}
    Fails:
        apiProperties: {policyTemplateInstances: [{templateId: sethost}]}
    """
    for tokens, item in _templates(ctx):
        template = item.get("templateId")
        if isinstance(template, str) and template.lower() not in catalogue.POLICY_TEMPLATES:
            yield ctx.prop_hit(tokens + ("templateId",), f"policy template {template!r} is not one the platform provides")


@rule("policy-template-parameters", Severity.WARNING, "policy templates get the parameters they need")
def policy_template_parameters(ctx):
    """A setheader without a header name, or a dynamichosturl without its URL template, does nothing
    (a warning: the connector is accepted, the policy is simply without effect).

    Passes:
        apiProperties: {policyTemplateInstances: [{templateId: setheader, title: Version,
          parameters: {x-ms-apimTemplateParameter.name: X-Version, x-ms-apimTemplateParameter.value: '2'}}]}
    Fails:
        apiProperties: {policyTemplateInstances: [{templateId: setheader, title: Version,
          parameters: {x-ms-apimTemplateParameter.value: '2'}}]}
    """
    for tokens, item in _templates(ctx):
        template = item.get("templateId")
        needed = catalogue.POLICY_TEMPLATES.get(template.lower(), ()) if isinstance(template, str) else ()
        given = item.get("parameters") if isinstance(item.get("parameters"), dict) else {}
        for name in needed:
            key = catalogue.TEMPLATE_PARAMETER_PREFIX + name
            if key not in given:
                yield ctx.prop_hit(tokens, f"policy template {template!r} needs the parameter {key!r}")


@rule("brand-color", Severity.ERROR, "iconBrandColor is a hex color other than white and the default blue",
      "certification")
def brand_color(ctx):
    """The brand color is the icon's background across the products; white and the default blue are refused.

    Requirement: Microsoft's certification requirements for iconBrandColor (a hex color, neither white nor
    the default #007ee5).

    Passes:
        apiProperties: {iconBrandColor: '#606163'}
    Fails:
        apiProperties: {iconBrandColor: '#007ee5'}
    """
    color = ctx.properties.get("iconBrandColor")
    if color is None:
        yield ctx.prop_hit((), "iconBrandColor is missing")
    elif not isinstance(color, str) or not HEX_COLOR.match(color):
        yield ctx.prop_hit(("iconBrandColor",), f"{color!r} is not a color of the form #rrggbb")
    elif color.lower() in RESERVED_COLORS:
        yield ctx.prop_hit(("iconBrandColor",), f"{color} is reserved; use the brand's own color")


@rule("publisher", Severity.WARNING, "publisher and stackOwner are set", "certification")
def publisher(ctx):
    """The connector's page shows who publishes it and who runs the service behind it. Microsoft's
    apiProperties schema makes both optional, so this is a recommendation.

    Passes:
        apiProperties: {publisher: Contoso, stackOwner: Contoso}
    Fails:
        apiProperties: {publisher: Contoso, stackOwner: null}
    """
    missing = [key for key in ("publisher", "stackOwner")
               if not isinstance(ctx.properties.get(key), str) or not ctx.properties[key].strip()]
    if missing:
        present = [key for key in missing if key in ctx.properties]
        yield ctx.prop_hit((present[0],) if present else (), f"{' and '.join(missing)} missing in apiProperties.json")
