"""The operations of a rendered swagger as the diff sees them, read straight from the document.

The diff needs no model: a connector folder whose files the model cannot hold (an unknown key, an odd
x-ms-notification-content) is still compared, and a large swagger is not split and assembled first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from generator.findings import resolve_pointer
from generator.model.connector import HTTP_METHODS


@dataclass(frozen=True, eq=False)
class DocOperation:
    """One method on one path of the swagger."""

    method: str
    path: str
    operation_id: str | None
    raw: Mapping[str, Any]
    webhook: bool

    @property
    def responses(self) -> Mapping[str, Any]:
        responses = self.raw.get("responses")
        return responses if isinstance(responses, dict) else {}

    @property
    def trigger(self) -> str | None:
        value = self.raw.get("x-ms-trigger")
        return str(value) if value is not None else None

    @property
    def is_trigger(self) -> bool:
        return self.trigger is not None

    @property
    def kind(self) -> str:
        """action, webhook or polling."""
        if not self.is_trigger:
            return "action"
        return "webhook" if self.webhook else "polling"

    @property
    def visibility(self) -> str | None:
        return self.raw.get("x-ms-visibility")

    @property
    def deprecated(self) -> bool:
        return bool(self.raw.get("deprecated"))


def operations(swagger: Mapping[str, Any]) -> list[DocOperation]:
    """Every operation of `swagger`, in document order."""
    found = []
    paths = swagger.get("paths")
    for path, item in (paths.items() if isinstance(paths, dict) else ()):
        if not isinstance(item, dict):
            continue
        for method, raw in item.items():
            if method in HTTP_METHODS and isinstance(raw, dict):
                operation_id = raw.get("operationId")
                found.append(DocOperation(method, str(path), operation_id if isinstance(operation_id, str) else None,
                                          raw, _delivers(swagger, item, raw)))
    return found


def _delivers(swagger: Mapping[str, Any], item: Mapping[str, Any], raw: Mapping[str, Any]) -> bool:
    """Whether a trigger is a webhook: it declares the payload it delivers, or a notification URL."""
    if "x-ms-trigger" not in raw:
        return False
    if isinstance(item.get("x-ms-notification-content"), dict):
        return True
    return any(prop.get("x-ms-notification-url") is True for prop in _body_properties(swagger, raw))


def _body_properties(swagger: Mapping[str, Any], raw: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for param in raw.get("parameters") or ():
        param = _follow(swagger, param)
        if isinstance(param, dict) and param.get("in") == "body":
            schema = _follow(swagger, param.get("schema"))
            properties = schema.get("properties") if isinstance(schema, dict) else None
            for prop in (properties.values() if isinstance(properties, dict) else ()):
                if isinstance(prop, dict):
                    yield prop


def _follow(swagger: Mapping[str, Any], node: Any) -> Any:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
        return resolve_pointer(swagger, node["$ref"][1:])
    return node


def auth_type(swagger: Mapping[str, Any]) -> str | None:
    """The kind of credential a connection holds: basic, apiKey, oauth2, or None."""
    schemes = swagger.get("securityDefinitions")
    for scheme in (schemes.values() if isinstance(schemes, dict) else ()):
        if isinstance(scheme, dict) and scheme.get("type"):
            return scheme["type"]
    return None
