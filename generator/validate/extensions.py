"""The x-ms-* extensions Power Platform understands: where each may be written and what its value is.

Places are those of generator.lint.context: root, info, path-item, operation, parameter, schema,
items (of a non-body parameter), response, header. Value schemas are JSON Schema (draft 7).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INPUTS = ("parameter", "schema", "items")
_OPERATION_REF = {"type": "object", "required": ["operationId"],
                  "properties": {"operationId": {"type": "string", "minLength": 1},
                                 "parameters": {"type": "object"}}}
# Values come from an operation, or from a capability of the platform such as the file picker.
_DYNAMIC_VALUES = {"type": "object", "anyOf": [{"required": ["operationId"]}, {"required": ["capability"]}],
                   "properties": {"operationId": {"type": "string", "minLength": 1},
                                  "capability": {"type": "string"}, "parameters": {"type": "object"},
                                  "value-path": {"type": "string"}, "value-title": {"type": "string"},
                                  "value-collection": {"type": "string"}}}
_DYNAMIC_LIST = {"type": "object", "required": ["operationId"],
                 "properties": {"operationId": {"type": "string", "minLength": 1},
                                "parameters": {"type": "object"}, "itemsPath": {"type": "string"},
                                "itemValuePath": {"type": "string"}, "itemTitlePath": {"type": "string"}}}
_DYNAMIC_SCHEMA = {"type": "object", "required": ["operationId"],
                   "properties": {"operationId": {"type": "string", "minLength": 1},
                                  "parameters": {"type": "object"}, "value-path": {"type": "string"}}}
_DYNAMIC_PROPERTIES = {"type": "object", "required": ["operationId"],
                       "properties": {"operationId": {"type": "string", "minLength": 1},
                                      "parameters": {"type": "object"}, "itemValuePath": {"type": "string"}}}
_TREE_STEP = {"type": "object", "required": ["operationId"],
              "properties": {"operationId": {"type": "string", "minLength": 1}, "parameters": {"type": "object"},
                             "itemValuePath": {"type": "string"}, "itemTitlePath": {"type": "string"},
                             "itemIsParent": {"type": "string"}, "itemFullTitlePath": {"type": "string"},
                             "selectedItemValuePath": {"type": "string"}}}
_ANNOTATION = {"type": "object",
               "properties": {"status": {"enum": ["Preview", "Production", "Deprecated"]},
                              "family": {"type": "string", "minLength": 1},
                              "revision": {"type": "integer", "minimum": 1},
                              "replacement": {"type": "object"}}}


@dataclass(frozen=True)
class Extension:
    name: str
    places: tuple[str, ...]
    value: dict[str, Any] = field(default_factory=dict)


EXTENSIONS: dict[str, Extension] = {e.name: e for e in (
    Extension("x-ms-summary", INPUTS + ("header", "response"), {"type": "string"}),
    Extension("x-ms-visibility", ("operation",) + INPUTS + ("header", "response"),
              {"enum": ["important", "advanced", "internal", "none"]}),
    Extension("x-ms-trigger", ("operation",), {"enum": ["single", "batch"]}),
    Extension("x-ms-trigger-hint", ("operation",), {"type": "string"}),
    Extension("x-ms-trigger-metadata", ("operation",), {"type": "object"}),
    Extension("x-ms-trigger-value", INPUTS, {"type": "object"}),
    Extension("x-ms-notification-content", ("path-item",),
              {"type": "object", "required": ["schema"],
               "properties": {"description": {"type": "string"}, "schema": {"type": "object"}}}),
    Extension("x-ms-notification-url", ("schema", "parameter"), {"const": True}),
    Extension("x-ms-notification", ("operation",), _OPERATION_REF),
    Extension("x-ms-url-encoding", ("parameter",), {"enum": ["single", "double"]}),
    Extension("x-ms-dynamic-values", INPUTS, _DYNAMIC_VALUES),
    Extension("x-ms-dynamic-list", INPUTS, _DYNAMIC_LIST),
    Extension("x-ms-dynamic-schema", INPUTS + ("response",), _DYNAMIC_SCHEMA),
    Extension("x-ms-dynamic-properties", INPUTS + ("response",), _DYNAMIC_PROPERTIES),
    Extension("x-ms-dynamic-tree", INPUTS, {"type": "object", "properties": {
        "settings": {"type": "object"}, "open": _TREE_STEP, "browse": _TREE_STEP}}),
    Extension("x-ms-enum-values", INPUTS, {"type": "array", "items": {"type": "object"}}),
    Extension("x-ms-test-value", INPUTS, {}),
    Extension("x-ms-editor", ("schema",), {"type": "string"}),
    Extension("x-ms-editor-options", ("schema",), {"type": "object"}),
    Extension("x-ms-media-kind", ("schema", "parameter"), {"type": "string"}),
    Extension("x-ms-property-name-alias", ("schema",), {"type": "string"}),
    Extension("x-ms-api-annotation", ("info", "operation"), _ANNOTATION),
    Extension("x-ms-connector-metadata", ("root",),
              {"type": "array", "items": {"type": "object", "required": ["propertyName", "propertyValue"],
                                          "properties": {"propertyName": {"type": "string"},
                                                         "propertyValue": {"type": "string"}}}}),
    Extension("x-ms-capabilities", ("root", "operation", "parameter", "schema"), {"type": "object"}),
    Extension("x-ms-pageable", ("operation",), {"type": "object", "properties": {"nextLinkName": {"type": "string"}}}),
    Extension("x-ms-no-generic-test", ("operation",), {"type": "boolean"}),
    Extension("x-ms-safe-operation", ("operation",), {"type": "boolean"}),
    Extension("x-ms-openai-data", ("operation",), {"type": "object"}),
    Extension("x-ms-openai-manifest", ("root",), {"type": "object"}),
    Extension("x-ms-deployment-version", ("info",), {"type": "string"}),
    Extension("x-ms-examples", ("operation",), {"type": "object"}),
    # Extensions of Azure's AutoRest that public connectors carry over from Azure API specs.
    Extension("x-ms-enum", INPUTS, {"type": "object"}),
    Extension("x-ms-parameter-location", ("parameter",), {"enum": ["client", "method"]}),
)}
