"""Rules on the connector as a whole: where it calls, how it authenticates, which operations it offers."""

from __future__ import annotations

from typing import Iterator

from generator.build import PROPERTIES
from generator.diff.context import Change, Side, operation_key, show
from generator.diff.registry import CONNECTOR, rule
from generator.diff.schema import operation_pointer
from generator.findings import Severity, pointer
from generator.diff.document import DocOperation


def describe(op: DocOperation) -> str:
    return {"action": "action", "webhook": "webhook trigger", "polling": "polling trigger"}[op.kind]


def route(op: DocOperation) -> str:
    return f"{op.method.upper()} {op.path}"


@rule("operation-removed", Severity.ERROR, CONNECTOR)
def operation_removed(old: Side, new: Side) -> Iterator[Change]:
    """An operation was removed; a renamed operationId counts as removed.

    Flows name the operations they use by operationId, so every flow using it stops working.

    Reported: the old version has `Contact_Search`; the new one has no operationId `Contact_Search`
    (it may have the same route under the id `Contact_Find`).
    Not reported: both versions have `Contact_Search`, whatever else changed in it.
    """
    old_keys = {operation_key(op) for op in old.operations}
    new_by_key = {operation_key(op): op for op in new.operations}
    for op in old.operations:
        key = operation_key(op)
        if key in new_by_key:
            continue
        renamed = next((o for k, o in new_by_key.items() if k not in old_keys and route(o) == route(op)), None)
        hint = (f"; {route(op)} is now operationId {operation_key(renamed)!r}, and a renamed operationId counts "
                f"as removed" if renamed else "")
        yield Change(f"{describe(op)} {key!r} ({route(op)}) was removed; every flow that uses it breaks{hint}",
                     ("operation", key), operation_pointer(op.path, op.method),
                     operation_pointer(renamed.path, renamed.method) if renamed else "/paths",
                     old=route(op), operation=key)


@rule("operation-added", Severity.INFO, CONNECTOR)
def operation_added(old: Side, new: Side) -> Iterator[Change]:
    """An operation was added.

    Existing flows do not use it, so nothing breaks.

    Reported: the new version has an operationId `Contact_Delete` the old one lacks.
    Not reported: both versions have the same operationIds.
    """
    old_keys = {operation_key(op) for op in old.operations}
    for op in new.operations:
        key = operation_key(op)
        if key not in old_keys:
            yield Change(f"{describe(op)} {key!r} ({route(op)}) was added", ("operation", key), "/paths",
                         operation_pointer(op.path, op.method), new=route(op), operation=key)


@rule("host-changed", Severity.ERROR, CONNECTOR)
def host_changed(old: Side, new: Side) -> Iterator[Change]:
    """The host every call goes to changed.

    Reported: `host: api.truedialog.com` becomes `host: api2.truedialog.com`.
    Not reported: the host stays `api.truedialog.com` (nor is a change of letter case only).
    """
    if (old.host or "").lower() != (new.host or "").lower():
        yield Change(f"host changed from {show(old.host)} to {show(new.host)}; every call "
                     f"of every flow goes to the new host", ("host",), "/host", "/host",
                     old.host, new.host)


def _base_path(value: str | None) -> str:
    return (value or "/").rstrip("/") or "/"


@rule("base-path-changed", Severity.ERROR, CONNECTOR)
def base_path_changed(old: Side, new: Side) -> Iterator[Change]:
    """The basePath in front of every operation's path changed.

    Reported: `basePath: /api/v2.1` becomes `basePath: /api/v3`.
    Not reported: `basePath: /api/v2.1` becomes `basePath: /api/v2.1/` (a trailing slash changes no URL).
    """
    before, after = old.base_path, new.base_path
    if _base_path(before) != _base_path(after):
        yield Change(f"basePath changed from {show(before)} to {show(after)}; every call of every flow goes "
                     f"to a different URL", ("basePath",), "/basePath", "/basePath", before, after)


@rule("auth-type-changed", Severity.ERROR, CONNECTOR)
def auth_type_changed(old: Side, new: Side) -> Iterator[Change]:
    """The authentication type changed (securityDefinitions).

    Existing connections hold credentials of the old kind and must all be re-created.

    Reported: `securityDefinitions: {basic_auth: {type: basic}}` becomes `{api_key: {type: apiKey, ...}}`.
    Not reported: the scheme is renamed but stays `type: basic`.
    """
    before, after = old.auth_type, new.auth_type
    if before != after:
        yield Change(f"authentication changed from {before or 'none'} to {after or 'none'}; every existing "
                     f"connection must be re-created", ("securityDefinitions",), "/securityDefinitions",
                     "/securityDefinitions", before, after)


def _connection_parameters(side: Side) -> dict:
    return side.properties.get("connectionParameters") or {}


def _known(old: Side, new: Side) -> bool:
    # A lone swagger file says nothing about connections; comparing it would invent changes.
    return bool(old.properties) and bool(new.properties)


def _parameters_pointer(side: Side, name: str | None = None) -> str:
    if name is not None and name in _connection_parameters(side):
        return pointer("properties", "connectionParameters", name)
    if "connectionParameters" in side.properties:
        return pointer("properties", "connectionParameters")
    return pointer("properties")


@rule("connection-parameter-removed", Severity.ERROR, CONNECTOR)
def connection_parameter_removed(old: Side, new: Side) -> Iterator[Change]:
    """A connection parameter was removed (apiProperties.json connectionParameters).

    Existing connections were made with it; they no longer match the connector.

    Reported: `connectionParameters` has `username` and `password`, and the new version only `password`.
    Not reported: both versions declare `username` and `password`.
    """
    after = _connection_parameters(new)
    for name, value in _connection_parameters(old).items():
        if name not in after and _known(old, new):
            yield Change(f"connection parameter {name!r} was removed; existing connections no longer match",
                         ("connectionParameters", name), _parameters_pointer(old, name), _parameters_pointer(new),
                         old=value, artifact=PROPERTIES)


def _required(parameter: object) -> bool:
    constraints = ((parameter or {}).get("uiDefinition") or {}).get("constraints") or {}
    return str(constraints.get("required", "false")).lower() == "true"


@rule("connection-parameter-added", Severity.WARNING, CONNECTOR)
def connection_parameter_added(old: Side, new: Side) -> Iterator[Change]:
    """A required connection parameter was added.

    Connections made before have no value for it, so users must edit or re-create them.

    Reported: a new `region` connection parameter with `uiDefinition.constraints.required: "true"`.
    Not reported: a new connection parameter whose `required` constraint is `"false"`.
    """
    before = _connection_parameters(old)
    for name, value in _connection_parameters(new).items():
        if name not in before and _required(value) and _known(old, new):
            yield Change(f"required connection parameter {name!r} was added; existing connections have no value "
                         f"for it and must be edited or re-created", ("connectionParameters", name),
                         _parameters_pointer(old), _parameters_pointer(new, name), new=value, artifact=PROPERTIES)


@rule("properties-unreadable", Severity.WARNING, CONNECTOR)
def properties_unreadable(old: Side, new: Side) -> Iterator[Change]:
    """The apiProperties.json of a version could not be read; only the swaggers were compared.

    Connection parameters, authentication settings and policy templates live there, so their changes
    cannot be judged until the file is fixed.

    Reported: the new version's apiProperties.json ends in the middle of an object.
    Not reported: both versions' apiProperties.json are valid JSON objects.
    """
    for side, which in ((old, "old"), (new, "new")):
        if side.properties_problem is not None:
            yield Change(f"the {which} version's {PROPERTIES} cannot be read ({side.properties_problem}); only the "
                         f"swaggers were compared, so connection, authentication and policy changes are unchecked",
                         (PROPERTIES,), "", "", artifact=PROPERTIES)
