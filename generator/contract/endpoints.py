"""The operations of a rendered swagger, named as schemathesis names them: `METHOD /path`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@dataclass(frozen=True)
class Endpoint:
    """One operation of the rendered swagger, named as schemathesis names it: `METHOD /path`."""

    method: str
    path: str
    definition: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def operation_id(self) -> str | None:
        return self.definition.get("operationId")

    @property
    def name(self) -> str:
        return self.operation_id or self.label


def endpoints(swagger: dict[str, Any]) -> list[Endpoint]:
    return [Endpoint(method, path, definition)
            for path, item in (swagger.get("paths") or {}).items() if isinstance(item, dict)
            for method, definition in item.items() if method in HTTP_METHODS and isinstance(definition, dict)]
