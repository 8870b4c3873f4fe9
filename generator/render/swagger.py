"""Model -> apiDefinition.swagger.json (as a dict, in a fixed key order)."""

from __future__ import annotations

from typing import Any

from generator.model import Connector, Operation
from generator.render.sourcemap import SourceMap

METHOD_ORDER = ("get", "put", "post", "delete", "options", "head", "patch")


def render_swagger(connector: Connector) -> tuple[dict[str, Any], SourceMap]:
    smap = SourceMap("apiDefinition.swagger.json")
    origin = connector.origin
    smap.add((), origin)

    info: dict[str, Any] = {"title": connector.title}
    _put(info, "description", connector.description)
    info["version"] = connector.version
    if connector.contact is not None:
        info["contact"] = connector.contact
    info.update(connector.info_extra)
    if origin is not None:
        for key in ("title", "description", "version", "contact"):
            smap.add(("info", key), origin.child(key))
        for key in connector.info_extra:
            smap.add(("info", key), origin.child("info", key))

    doc: dict[str, Any] = {"swagger": "2.0", "info": info}
    _put(doc, "host", connector.host)
    _put(doc, "basePath", connector.base_path)
    _put(doc, "schemes", _list(connector.schemes))
    _put(doc, "consumes", _list(connector.consumes))
    _put(doc, "produces", _list(connector.produces))
    doc["paths"] = _paths(connector, smap)
    if connector.definitions:
        doc["definitions"] = {}
    elif "definitions" in connector.swagger_extra:
        # An empty (or odd) definitions value the original document holds, carried as-is.
        doc["definitions"] = connector.swagger_extra["definitions"]
    for definition in connector.definitions:
        doc["definitions"][definition.name] = definition.schema
        smap.add(("definitions", definition.name), definition.origin)
    _put(doc, "parameters", connector.shared_parameters)
    _put(doc, "responses", connector.shared_responses)
    _put(doc, "securityDefinitions", connector.security_definitions)
    _put(doc, "security", _list(connector.security))
    _put(doc, "tags", _list(connector.tags))
    _put(doc, "x-ms-connector-metadata", connector.metadata)
    doc.update((k, v) for k, v in connector.swagger_extra.items() if k != "definitions")
    if origin is not None:
        for artifact_key, source_key in (("basePath", "basePath"), ("schemes", "schemes"), ("consumes", "consumes"),
                                         ("produces", "produces"), ("parameters", "parameters"),
                                         ("responses", "responses"), ("securityDefinitions", "securityDefinitions"),
                                         ("security", "security"), ("tags", "tags"),
                                         ("x-ms-connector-metadata", "metadata")):
            smap.add((artifact_key,), origin.child(source_key))
        for key in connector.swagger_extra:
            smap.add((key,), origin.child("swagger", key))
    return doc, smap


def _paths(connector: Connector, smap: SourceMap) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for path, extra in connector.path_extra.items():
        paths[path] = dict(extra)
    for op in connector.operations:
        item = paths.setdefault(op.path, {})
        if op.notification is not None:
            item["x-ms-notification-content"] = _notification(op)
            if op.origin is not None:
                smap.add(("paths", op.path, "x-ms-notification-content"), op.origin.child("notification"))
        item[op.method] = render_operation(op)
        smap.add(("paths", op.path, op.method), op.origin)
    for path, item in paths.items():
        ordered = {k: v for k, v in item.items() if k not in METHOD_ORDER}
        ordered.update((m, item[m]) for m in METHOD_ORDER if m in item)
        paths[path] = ordered
    return paths


def _notification(op: Operation) -> dict[str, Any]:
    content: dict[str, Any] = {}
    _put(content, "description", op.notification.description)
    _put(content, "schema", op.notification.schema)
    content.update(op.notification.extra)
    return content


def render_operation(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "operationId", op.operation_id)
    _put(out, "summary", op.summary)
    _put(out, "description", op.description)
    if op.trigger is not None:
        out["x-ms-trigger"] = op.trigger
    if op.parameters is not None:
        out["parameters"] = list(op.parameters)
    _put(out, "responses", op.responses)
    out.update(op.extra)
    return out


def _put(target: dict, key: str, value) -> None:
    if value is not None:
        target[key] = value


def _list(value):
    return list(value) if value is not None else None
