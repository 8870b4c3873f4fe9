"""What apiProperties.json may hold: its structure, connection parameter types and policy templates."""

from __future__ import annotations

from functools import lru_cache

CONNECTION_PARAMETER_TYPES = ("string", "securestring", "secureobject", "int", "bool", "object", "array",
                              "oauthSetting", "connection", "gatewaySetting")

# Policy template ids (compared without case, as the platform does) and the parameters each one needs
# to do anything; optional parameters are not listed.
POLICY_TEMPLATES: dict[str, tuple[str, ...]] = {
    "setheader": ("name", "value"),
    "setqueryparameter": ("name", "value"),
    "dynamichosturl": ("urlTemplate",),
    "routerequesttoendpoint": ("newPath",),
    "setproperty": (),
    "pollingtrigger": (),
    "stringreplace": (),
    "updatenextlink": ("nextLinkPropertyName",),
    "convertobjecttoarray": (),
    "convertarraytoobject": (),
    "setvaluefromurl": (),
    "stringtoarray": (),
    "encodepropertyvalue": (),
    "moveproperties": (),
}
TEMPLATE_PARAMETER_PREFIX = "x-ms-apimTemplateParameter."

_UI_DEFINITION = {
    "type": "object",
    "properties": {
        "displayName": {"type": "string"},
        "description": {"type": "string"},
        "tooltip": {"type": "string"},
        "constraints": {"type": "object"},
    },
}
_CONNECTION_PARAMETER = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {"type": "string"},
        "uiDefinition": _UI_DEFINITION,
        "oAuthSettings": {"type": "object"},
        "allowedValues": {"type": "array"},
    },
}

SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["properties"],
    "additionalProperties": False,
    "properties": {
        "properties": {
            "type": "object",
            "properties": {
                "connectionParameters": {"type": "object", "additionalProperties": _CONNECTION_PARAMETER},
                "connectionParameterSets": {
                    "type": "object",
                    "required": ["values"],
                    "properties": {
                        "uiDefinition": _UI_DEFINITION,
                        "values": {"type": "array", "items": {
                            "type": "object", "required": ["name", "parameters"],
                            "properties": {"name": {"type": "string"}, "uiDefinition": _UI_DEFINITION,
                                           "parameters": {"type": "object",
                                                          "additionalProperties": _CONNECTION_PARAMETER}}}},
                    },
                },
                "iconBrandColor": {"type": "string"},
                "capabilities": {"type": "array", "items": {"type": "string"}},
                "publisher": {"type": "string"},
                "stackOwner": {"type": "string"},
                "policyTemplateInstances": {"type": "array", "items": {
                    "type": "object", "required": ["templateId"],
                    "properties": {"templateId": {"type": "string"}, "title": {"type": "string"},
                                   "parameters": {"type": "object"}}}},
                "scriptOperations": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
}


@lru_cache(maxsize=1)
def validator():
    import jsonschema

    return jsonschema.Draft7Validator(SCHEMA)
