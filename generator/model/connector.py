"""The connector model.

Fields people edit are modelled; everything else a public connector may hold is kept in the
`extra` mappings and carried through to the artifacts unchanged, so an import loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from generator.source.yaml_loader import Mark, YamlDocument

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@dataclass(frozen=True, eq=False)
class Origin:
    """The source file a model object came from, and the path of keys to it inside that file."""

    document: YamlDocument
    path: tuple = ()

    @property
    def file(self) -> str:
        return self.document.file

    def mark(self, *subpath) -> Mark:
        return self.document.mark(self.path + tuple(subpath))

    def child(self, *subpath) -> Origin:
        return Origin(self.document, self.path + tuple(subpath))


@dataclass(frozen=True)
class Notification:
    """The payload a webhook delivers to the flow (x-ms-notification-content)."""

    schema: Mapping[str, Any] | None = None
    description: str | None = None
    # Every other key of x-ms-notification-content (parameters, summary, responses, vendor keys), as-is.
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Operation:
    """An action or a trigger: one method on one path."""

    method: str
    path: str
    responses: Mapping[str, Any] | None = None
    operation_id: str | None = None
    summary: str | None = None
    description: str | None = None
    parameters: tuple[Mapping[str, Any], ...] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    # Trigger fields: `trigger` is the x-ms-trigger value ("single" or "batch"), None for an action.
    trigger: str | None = None
    notification: Notification | None = None
    unsubscribe: str | None = None
    origin: Origin | None = None

    @property
    def is_trigger(self) -> bool:
        return self.trigger is not None

    @property
    def notification_url_property(self) -> str | None:
        """Name of the body property marked x-ms-notification-url, when the body declares one inline."""
        for param in self.parameters or ():
            if param.get("in") == "body":
                for name, prop in (param.get("schema", {}).get("properties") or {}).items():
                    if isinstance(prop, dict) and prop.get("x-ms-notification-url") is True:
                        return name
        return None

    @property
    def is_webhook(self) -> bool:
        return self.is_trigger and (self.notification is not None or self.notification_url_property is not None)

    @property
    def is_polling(self) -> bool:
        return self.is_trigger and not self.is_webhook

    @property
    def kind(self) -> str:
        """action, webhook or polling."""
        if not self.is_trigger:
            return "action"
        return "webhook" if self.is_webhook else "polling"

    @property
    def visibility(self) -> str | None:
        return self.extra.get("x-ms-visibility")

    @property
    def deprecated(self) -> bool:
        return bool(self.extra.get("deprecated"))

    @property
    def display_name(self) -> str:
        return self.summary or self.operation_id or f"{self.method.upper()} {self.path}"

    def parameter(self, name: str) -> Mapping[str, Any] | None:
        return next((p for p in self.parameters or () if p.get("name") == name), None)


@dataclass(frozen=True, eq=False)
class Definition:
    name: str
    schema: Mapping[str, Any]
    origin: Origin | None = None


@dataclass(frozen=True)
class PolicyTemplate:
    """One policyTemplateInstances item of apiProperties.json."""

    template_id: str
    title: str | None
    parameters: Mapping[str, Any] | None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Throttling:
    """How many calls one connection may make in one renewal period (seconds)."""

    calls: int
    renewal_period: int
    name: str = "API calls per connection"
    # Whether the project declares it (policies/throttling.yaml); the figures above are the platform's default.
    declared: bool = False


# What the platform applies to a connector that declares no limit of its own (published connector pages
# show this row); never written into a project, only used where a limit must be assumed.
PLATFORM_THROTTLING = Throttling(100, 60)


@dataclass(frozen=True, eq=False)
class Connector:
    title: str
    version: str
    operations: tuple[Operation, ...]
    definitions: tuple[Definition, ...]
    description: str | None = None
    host: str | None = None
    contact: Mapping[str, Any] | None = None
    info_extra: Mapping[str, Any] = field(default_factory=dict)
    base_path: str | None = None
    schemes: tuple[str, ...] | None = None
    consumes: tuple[str, ...] | None = None
    produces: tuple[str, ...] | None = None
    # x-ms-connector-metadata exactly as the document holds it (normally a list of propertyName/propertyValue).
    metadata: Any = None
    security_definitions: Mapping[str, Any] | None = None
    security: tuple[Any, ...] | None = None
    shared_parameters: Mapping[str, Any] | None = None
    shared_responses: Mapping[str, Any] | None = None
    tags: tuple[Any, ...] | None = None
    swagger_extra: Mapping[str, Any] = field(default_factory=dict)
    path_extra: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    publisher: str | None = None
    stack_owner: str | None = None
    brand_color: str | None = None
    capabilities: tuple[str, ...] | None = None
    connection_parameters: Mapping[str, Any] | None = None
    connection_parameter_sets: Mapping[str, Any] | None = None
    properties_extra: Mapping[str, Any] = field(default_factory=dict)
    policies: tuple[PolicyTemplate, ...] | None = None
    # The limit the project declares (policies/throttling.yaml); None when it declares none.
    declared_throttling: Throttling | None = None
    origin: Origin | None = None
    icon: bytes | None = None
    # Carried byte for byte (a BOM included): the platform runs the file as it was uploaded.
    script: bytes | None = None
    readme_prose: str | None = None

    @property
    def throttling(self) -> Throttling:
        """The limit calls are held to: the declared one, else the platform's default."""
        return self.declared_throttling or PLATFORM_THROTTLING

    @property
    def actions(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if not op.is_trigger)

    @property
    def triggers(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.is_trigger)

    def operation(self, operation_id: str) -> Operation | None:
        return next((op for op in self.operations if op.operation_id == operation_id), None)

    def definition(self, name: str) -> Definition | None:
        return next((d for d in self.definitions if d.name == name), None)

    @property
    def metadata_pairs(self) -> tuple[tuple[str, Any], ...]:
        """(name, value) of each metadata entry that has both, whatever the case of its keys."""
        pairs = []
        for item in self.metadata if isinstance(self.metadata, list) else ():
            if isinstance(item, dict):
                keys = {str(k).lower(): v for k, v in item.items()}
                if isinstance(keys.get("propertyname"), str) and "propertyvalue" in keys:
                    pairs.append((keys["propertyname"], keys["propertyvalue"]))
        return tuple(pairs)

    def metadata_value(self, name: str) -> Any:
        return next((v for k, v in self.metadata_pairs if k.lower() == name.lower()), None)

    @property
    def auth_type(self) -> str | None:
        """The kind of credential a connection holds: basic, apiKey, oauth2, or None."""
        for scheme in (self.security_definitions or {}).values():
            if isinstance(scheme, dict) and scheme.get("type"):
                return scheme["type"]
        return None
