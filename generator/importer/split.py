"""Split the two JSON documents of a connector into the source files of a project.

What the source format models gets its own key; everything else goes to a carry-through key
(`info`, `swagger`, `apiProperties`, `connector/paths.yaml`, or the operation file itself), so that
rendering the project gives back the same documents.
"""

from __future__ import annotations

import re
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
DEFAULT_THROTTLING = {"name": "API calls per connection", "calls": 100, "renewalPeriod": 60, "counter": "connection"}


def split_connector(swagger: dict, properties: dict, file: str = SWAGGER) -> dict[str, Any]:
    """Source files (relative path -> data) for a connector given as its two JSON documents."""
    if swagger.get("swagger") != "2.0":
        raise InputError(f"only Swagger 2.0 is supported, the document says swagger: {swagger.get('swagger')!r}",
                         file)
    for key in ("paths", "info", "definitions"):
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
                if notification is not None and not notification_taken:
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
    for name, schema in (swagger.get("definitions") or {}).items():
        slug = _unique(_slug(name), names, "definitions")
        files[f"connector/definitions/{slug}.yaml"] = {"name": name, "schema": schema}
    if "policyTemplateInstances" in props:
        files["policies/templates.yaml"] = {"templates": props["policyTemplateInstances"]}
    files["policies/throttling.yaml"] = dict(DEFAULT_THROTTLING)
    return files


def _connector(swagger: dict, props: dict) -> dict[str, Any]:
    info = swagger.get("info") or {}
    data: dict[str, Any] = {k: info[k] for k in INFO_MODELLED if k in info}
    info_extra = {k: v for k, v in info.items() if k not in INFO_MODELLED}
    if info_extra:
        data["info"] = info_extra
    for key in ("host", "basePath", "schemes", "consumes", "produces"):
        if key in swagger:
            data[key] = swagger[key]
    if "x-ms-connector-metadata" in swagger:
        data["metadata"] = _metadata(swagger["x-ms-connector-metadata"])
    for key in ("securityDefinitions", "security", "parameters", "responses", "tags"):
        if key in swagger:
            data[key] = swagger[key]
    swagger_extra = {k: v for k, v in swagger.items() if k not in SWAGGER_MODELLED}
    if swagger_extra:
        data["swagger"] = swagger_extra
    for artifact_key, source_key in PROPERTIES_MODELLED.items():
        if artifact_key in props:
            data[source_key] = props[artifact_key]
    properties_extra = {k: v for k, v in props.items()
                        if k not in PROPERTIES_MODELLED and k != "policyTemplateInstances"}
    if properties_extra:
        data["apiProperties"] = properties_extra
    return data


def _metadata(items):
    """A mapping when that loses nothing (unique names, plain pairs), the list as-is otherwise."""
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
