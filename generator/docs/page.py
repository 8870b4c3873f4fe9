"""Model -> the content of the documentation page, as plain data the template lays out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from generator.docs.prose import page_prose
from generator.docs.schema import Row, Schemas, Shape, display_name, is_internal
from generator.model import Connector, Operation, Throttling

DEFAULT_CONNECTION = "Default"
DEFAULT_CONNECTION_TEXT = "Parameters for creating connection."
OAUTH = "oauthSetting"
IDENTITY_PROVIDERS = {"aad": "Microsoft Entra ID", "aadcertificate": "Microsoft Entra ID (certificate)",
                      "oauth2": "OAuth 2.0", "oauth2generic": "OAuth 2.0"}


@dataclass(frozen=True)
class ConnectionParameter:
    name: str
    type: str
    description: str
    required: bool


@dataclass(frozen=True)
class Connection:
    """One way to create a connection (a connection parameter set, or the single default one)."""

    name: str
    description: str
    shareable: bool
    sign_in: str | None
    parameters: tuple[ConnectionParameter, ...]


@dataclass(frozen=True)
class OperationDoc:
    name: str
    operation_id: str | None
    description: str
    deprecated: bool
    parameters: tuple[Row, ...]
    returns: Shape | None
    # "Body", or "Items" when the operation returns a definition that is an array.
    returns_label: str


@dataclass(frozen=True)
class Page:
    title: str
    description: str
    contact: tuple[tuple[str, str], ...]
    metadata: tuple[tuple[str, str], ...]
    prose: str
    connections: tuple[Connection, ...]
    throttling: Throttling
    # True when the connector declares no limit and the row shows the platform's default.
    throttling_is_platform_default: bool
    actions: tuple[OperationDoc, ...]
    triggers: tuple[OperationDoc, ...]
    definitions: tuple[tuple[str, Shape], ...]


def build_page(connector: Connector) -> Page:
    """Everything the page shows, taken from the model; internal operations and fields are left out."""
    schemas = Schemas(connector)
    actions = _operations(connector.actions, schemas)
    triggers = _operations(connector.triggers, schemas)
    return Page(
        title=connector.title,
        description=connector.description or "",
        contact=_present((("Name", "name"), ("URL", "url"), ("Email", "email")), connector.contact or {}),
        metadata=tuple((label, str(value)) for label, value in
                       ((("Publisher", connector.publisher),) + connector.metadata_pairs) if value),
        prose=page_prose(connector.readme_prose),
        connections=_connections(connector),
        throttling=connector.throttling,
        throttling_is_platform_default=connector.declared_throttling is None,
        actions=actions,
        triggers=triggers,
        definitions=_definitions(actions + triggers, schemas),
    )


def _present(labels, values: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((label, str(values[key])) for label, key in labels if values.get(key))


def _operations(operations: Iterable[Operation], schemas: Schemas) -> tuple[OperationDoc, ...]:
    shown = [op for op in operations if op.visibility != "internal"]
    shown.sort(key=lambda op: (op.display_name.casefold(), op.display_name, op.operation_id or ""))
    return tuple(_operation(op, schemas) for op in shown)


def _operation(op: Operation, schemas: Schemas) -> OperationDoc:
    if op.notification is not None:
        returned = op.notification.schema
    else:
        response = _success_response(op, schemas)
        returned = response.get("schema") if response else None
    returns = schemas.shape(returned) if returned is not None else None
    label = "Items" if returns and returns.reference and returns.type == returns.reference \
        and schemas.is_array_definition(returns.reference) else "Body"
    return OperationDoc(op.display_name, op.operation_id, op.description or op.summary or "", op.deprecated,
                        tuple(_parameters(op, schemas)), returns, label)


def _success_response(op: Operation, schemas: Schemas) -> Mapping[str, Any] | None:
    """The response a flow reads: the lowest 2xx one, else `default`."""
    by_code = {str(code): response for code, response in (op.responses or {}).items()}
    codes = sorted(code for code in by_code if code.startswith("2")) or [c for c in by_code if c == "default"]
    if not codes:
        return None
    response, _ = schemas.resolve(by_code[codes[0]])
    return response if isinstance(response, Mapping) else None


def _parameters(op: Operation, schemas: Schemas) -> Iterable[Row]:
    for raw in op.parameters or ():
        param, seen = schemas.resolve(raw)
        if not isinstance(param, Mapping) or is_internal(param) or schemas.target(param) is not None:
            continue
        name = str(param.get("name", ""))
        summary = display_name(param, name)
        if param.get("in") == "body":
            schema = param.get("schema") or {}
            resolved, body_seen = schemas.resolve(schema, seen)
            if schemas.has_fields(resolved, body_seen):
                # Fields marked internal are filled in by the connector, so a body may show no row at all.
                yield from schemas.input_fields(schema, "", seen)
                continue
            yield Row(summary, name, schemas.type_label(schema, follow_refs=True),
                      param.get("description") or (resolved.get("description", "") if isinstance(resolved, Mapping)
                                                   else ""), bool(param.get("required")))
        else:
            yield Row(summary, name, schemas.type_label(param), str(param.get("description") or ""),
                      bool(param.get("required")))


def _definitions(operations: tuple[OperationDoc, ...], schemas: Schemas) -> tuple[tuple[str, Shape], ...]:
    """The definitions the documented outputs name, and the ones those name in turn, by name.

    Inputs are flattened, so they name a definition only where it contains itself.
    """
    pending = [ref for op in operations if op.returns for ref in _references(op.returns)] + [
        row.reference for op in operations for row in op.parameters if row.reference]
    found: dict[str, Shape] = {}
    while pending:
        name = pending.pop()
        schema = schemas.definition(name)
        if name in found or schema is None:
            continue
        found[name] = schemas.shape(schema)
        pending.extend(_references(found[name]))
    return tuple(sorted(found.items(), key=lambda item: (item[0].casefold(), item[0])))


def _references(shape: Shape) -> list[str]:
    refs = [row.reference for row in shape.fields if row.reference]
    return refs + ([shape.reference] if shape.reference else [])


def _connections(connector: Connector) -> tuple[Connection, ...]:
    sets = connector.connection_parameter_sets
    if isinstance(sets, Mapping) and sets.get("values"):
        return tuple(_connection(str(value.get("name", "")), value.get("uiDefinition") or {},
                                 value.get("metadata") or {}, value.get("parameters") or {})
                     for value in sets["values"] if isinstance(value, Mapping))
    return (_connection(DEFAULT_CONNECTION, {"description": DEFAULT_CONNECTION_TEXT}, {},
                        connector.connection_parameters or {}),)


def _connection(name: str, ui: Mapping[str, Any], metadata: Mapping[str, Any],
                parameters: Mapping[str, Any]) -> Connection:
    rows, sign_in = [], None
    for key, param in parameters.items():
        if not isinstance(param, Mapping):
            continue
        if param.get("type") == OAUTH:
            settings = param.get("oAuthSettings") or param.get("oauthSettings") or {}
            provider = str(settings.get("identityProvider", ""))
            sign_in = IDENTITY_PROVIDERS.get(provider, provider) or "OAuth"
            continue
        param_ui = param.get("uiDefinition") or {}
        constraints = param_ui.get("constraints") or {}
        if str(constraints.get("hidden", "")).lower() == "true":
            continue
        rows.append(ConnectionParameter(str(param_ui.get("displayName") or key), str(param.get("type", "")),
                                        str(param_ui.get("description") or ""),
                                        str(constraints.get("required", "")).lower() == "true"))
    return Connection(str(ui.get("displayName") or name), str(ui.get("description") or ""),
                      metadata.get("allowSharing") is True, sign_in, tuple(rows))
