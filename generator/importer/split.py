"""Split the two JSON documents of a connector into the source files of a project.

What the source format models gets its own key; everything else goes to a carry-through key
(`info`, `swagger`, `apiProperties`, `connector/paths.yaml`, or the operation file itself), so that
rendering the project gives back the same documents.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from generator.build import PROPERTIES, SWAGGER
from generator.jsonio import InputError
from generator.model.connector import HTTP_METHODS

SWAGGER_MODELLED = ("swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths",
                    "definitions", "parameters", "responses", "securityDefinitions", "security", "tags",
                    "x-ms-connector-metadata")
PROPERTIES_MODELLED = {"connectionParameters": "connectionParameters",
                       "connectionParameterSets": "connectionParameterSets", "iconBrandColor": "brandColor",
                       "capabilities": "capabilities", "publisher": "publisher", "stackOwner": "stackOwner"}
INFO_MODELLED = ("title", "description", "version", "contact")
LEADING_KEYS = ("operationId", "x-ms-trigger", "summary", "description", "parameters", "responses")


def split_connector(swagger: dict, properties: dict, file: str = SWAGGER) -> dict[str, Any]:
    """Source files (relative path -> data) for a connector given as its two JSON documents."""
    if swagger.get("swagger") != "2.0":
        raise InputError(f"only Swagger 2.0 is supported, the document says swagger: {swagger.get('swagger')!r}",
                         file)
    for key in ("paths", "info"):
        if not isinstance(swagger.get(key, {}), dict):
            raise InputError(f"'{key}' must be an object", file)
    extra_root = [k for k in properties if k != "properties"]
    if extra_root:
        raise InputError(f"unexpected top-level keys {extra_root} (only 'properties' is known)", PROPERTIES)
    props = properties.get("properties", {})
    if not isinstance(props, dict):
        raise InputError("'properties' must be an object", PROPERTIES)

    files: dict[str, Any] = {"connector/connector.yaml": _connector(swagger, props)}
    names: set[str] = set()
    path_extra: dict[str, dict] = {}
    for path, item in (swagger.get("paths") or {}).items():
        if not isinstance(item, dict):
            raise InputError(f"path item {path!r} must be an object", file)
        notification = item.get("x-ms-notification-content")
        notification_taken = False
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            if not isinstance(op, dict):
                raise InputError(f"operation {method.upper()} {path} must be an object", file)
            if not isinstance(op.get("operationId", ""), str):
                raise InputError(f"the operationId of {method.upper()} {path} must be a string", file)
            is_trigger = "x-ms-trigger" in op
            data: dict[str, Any] = {}
            if "operationId" in op:
                data["operationId"] = op["operationId"]
            data["method"] = method
            data["path"] = path
            if is_trigger:
                data["trigger"] = op["x-ms-trigger"]
                if isinstance(notification, dict) and not notification_taken:
                    data["notification"] = notification
                    notification_taken = True
            for key in ("summary", "description"):
                if key in op:
                    data[key] = op[key]
            data.update((k, v) for k, v in op.items() if k not in LEADING_KEYS)
            for key in ("parameters", "responses"):
                if key in op:
                    data[key] = op[key]
            folder = "triggers" if is_trigger else "operations"
            name = _unique(_slug(op.get("operationId") or f"{method}-{path}"), names, folder)
            files[f"connector/{folder}/{name}.yaml"] = data
        rest = {k: v for k, v in item.items() if k not in HTTP_METHODS
                and not (k == "x-ms-notification-content" and notification_taken)}
        if rest or not any(m in item for m in HTTP_METHODS):
            path_extra[path] = rest
    if path_extra:
        files["connector/paths.yaml"] = path_extra
    if _has_definition_files(swagger):
        for name, schema in swagger["definitions"].items():
            slug = _unique(_slug(name), names, "definitions")
            files[f"connector/definitions/{slug}.yaml"] = {"name": name, "schema": schema}
    if _fits("policies", {"templates": props.get("policyTemplateInstances")}):
        files["policies/templates.yaml"] = {"templates": props["policyTemplateInstances"]}
    return files


def _has_definition_files(swagger: dict) -> bool:
    """Whether the definitions become one file each; otherwise (empty, or odd) they are carried as-is."""
    definitions = swagger.get("definitions")
    return isinstance(definitions, dict) and bool(definitions) and all(
        _fits("definition", {"name": name, "schema": schema}) for name, schema in definitions.items())


def _fits(schema: str, data: Any, key: str | None = None) -> bool:
    """Whether `data` (or the property `key` of a document) is what the source schema `schema` models.

    A value the platform accepted but the model does not type (a null uiDefinition, a metadata list of
    odd entries) is carried through as-is instead of being refused.
    """
    return _validator(schema, key).is_valid(data)


@lru_cache(maxsize=None)
def _validator(schema: str, key: str | None):
    import jsonschema

    from generator.source.schemas import load_schema

    rules = load_schema(schema)
    return jsonschema.Draft7Validator(rules if key is None else rules["properties"][key])


def _connector(swagger: dict, props: dict) -> dict[str, Any]:
    info = swagger.get("info") or {}
    data: dict[str, Any] = {}
    info_extra: dict[str, Any] = {}
    for key, value in info.items():
        if key in INFO_MODELLED and _fits("connector", value, key):
            data[key] = value
        else:
            info_extra[key] = value
    if info_extra:
        data["info"] = info_extra
    swagger_extra: dict[str, Any] = {}
    for key, value in swagger.items():
        source_key = "metadata" if key == "x-ms-connector-metadata" else key
        if key in ("swagger", "info", "paths") or (key == "definitions" and _has_definition_files(swagger)):
            continue
        # Metadata in the document is a list; anything else would read back as the mapping shorthand.
        modelled = key in SWAGGER_MODELLED and key != "definitions" and (
            key != "x-ms-connector-metadata" or isinstance(value, list))
        if modelled and _fits("connector", value, source_key):
            data[source_key] = _metadata(value) if key == "x-ms-connector-metadata" else value
        else:
            swagger_extra[key] = value
    if swagger_extra:
        data["swagger"] = swagger_extra
    properties_extra: dict[str, Any] = {}
    for key, value in props.items():
        if key == "policyTemplateInstances" and _fits("policies", {"templates": value}):
            continue
        if key in PROPERTIES_MODELLED and _fits("connector", value, PROPERTIES_MODELLED[key]):
            data[PROPERTIES_MODELLED[key]] = value
        else:
            properties_extra[key] = value
    if properties_extra:
        data["apiProperties"] = properties_extra
    return _ordered(data)


# The order of keys in connector.yaml: what people read first comes first.
CONNECTOR_ORDER = ("title", "description", "version", "contact", "info", "host", "basePath", "schemes", "consumes",
                   "produces", "metadata", "securityDefinitions", "security", "parameters", "responses", "tags",
                   "swagger", "publisher", "stackOwner", "brandColor", "capabilities", "connectionParameters",
                   "connectionParameterSets", "apiProperties")


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in CONNECTOR_ORDER if key in data}


def _metadata(items):
    """A mapping when that loses nothing (unique names, plain string pairs), the value as-is otherwise."""
    if isinstance(items, list) and all(
            isinstance(i, dict) and set(i) == {"propertyName", "propertyValue"}
            and isinstance(i["propertyName"], str) and isinstance(i["propertyValue"], str)
            for i in items):
        names = [i["propertyName"] for i in items]
        if len(set(names)) == len(names):
            return {i["propertyName"]: i["propertyValue"] for i in items}
    return items


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.")
    return slug[:80] or "item"


def _unique(slug: str, taken: set[str], folder: str) -> str:
    candidate, n = slug, 2
    while f"{folder}/{candidate}".lower() in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(f"{folder}/{candidate}".lower())
    return candidate


# Where a key of connector.yaml comes from: (document, pointer tokens), the inverse of _connector.
CONNECTOR_SOURCES = {
    **{key: (SWAGGER, ("info", key)) for key in INFO_MODELLED},
    "info": (SWAGGER, ("info",)), "swagger": (SWAGGER, ()), "metadata": (SWAGGER, ("x-ms-connector-metadata",)),
    **{key: (SWAGGER, (key,)) for key in SWAGGER_MODELLED},
    **{source: (PROPERTIES, ("properties", artifact)) for artifact, source in PROPERTIES_MODELLED.items()},
    "apiProperties": (PROPERTIES, ("properties",)),
}
OPERATION_RENAMES = {"trigger": ("x-ms-trigger",)}


def original_location(relative: str, data: Any, path: tuple) -> tuple[str, tuple]:
    """The document (SWAGGER or PROPERTIES) and pointer tokens that the node at `path` of the source file
    `relative` (as split_connector made it, with `data` its content) was taken from."""
    if relative == "connector/connector.yaml":
        if not path or path[0] not in CONNECTOR_SOURCES:
            return SWAGGER, ()
        document, tokens = CONNECTOR_SOURCES[path[0]]
        rest = path[1:]
        if path[0] == "metadata" and isinstance(data.get("metadata"), dict):
            rest = ()  # the mapping shorthand has no counterpart node by node
        return document, tokens + rest
    if relative == "connector/paths.yaml":
        return SWAGGER, ("paths",) + path
    if relative == "policies/templates.yaml":
        return PROPERTIES, ("properties", "policyTemplateInstances") + path[1:]
    if relative.startswith("connector/definitions/"):
        return SWAGGER, ("definitions", data.get("name", "")) + path[1:]
    item = ("paths", data.get("path", ""))
    if not path or path[0] in ("method", "path"):
        return SWAGGER, item + (data.get("method", ""),)
    if path[0] == "notification":
        return SWAGGER, item + ("x-ms-notification-content",) + path[1:]
    return SWAGGER, item + (data.get("method", ""),) + OPERATION_RENAMES.get(path[0], path[:1]) + path[1:]
