"""Rules on the connector as a whole: where it calls, how it authenticates, which operations it offers."""

from __future__ import annotations

from typing import Any, Iterator

from generator.build import PROPERTIES
from generator.diff.context import Change, Side, operation_key, show
from generator.diff.document import DocOperation
from generator.diff.registry import CONNECTOR, rule
from generator.diff.schema import operation_pointer
from generator.findings import Severity, pointer, resolve_pointer


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
    new_keys = {operation_key(op) for op in new.operations}
    added_by_route = {route(op): op for op in reversed(new.operations) if operation_key(op) not in old_keys}
    for op in old.operations:
        key = operation_key(op)
        if key in new_keys:
            continue
        renamed = added_by_route.get(route(op))
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


@rule("host-changed", Severity.WARNING, CONNECTOR)
def host_changed(old: Side, new: Side) -> Iterator[Change]:
    """The host every call goes to changed.

    Existing flows follow the connector to the new host, so nothing breaks when the API moved there (the
    usual reason); check that the new host serves every route and accepts the same credentials.

    Reported: `host: api.truedialog.com` becomes `host: api2.truedialog.com`.
    Not reported: the host stays `api.truedialog.com` (nor is a change of letter case only).
    """
    if (old.host or "").lower() != (new.host or "").lower():
        yield Change(f"host changed from {show(old.host)} to {show(new.host)}; every call of every flow goes "
                     f"to the new host, which must serve every route and accept the same credentials",
                     ("host",), "/host", "/host",
                     old.host, new.host)


def _base_path(value: str | None) -> str:
    return (value or "/").rstrip("/") or "/"


@rule("base-path-changed", Severity.WARNING, CONNECTOR)
def base_path_changed(old: Side, new: Side) -> Iterator[Change]:
    """The basePath in front of every operation's path changed.

    Existing flows follow the connector to the new URLs; nothing breaks when the API serves them (a new API
    version usually does), so check that it does.

    Reported: `basePath: /api/v2.1` becomes `basePath: /api/v3`.
    Not reported: `basePath: /api/v2.1` becomes `basePath: /api/v2.1/` (a trailing slash changes no URL).
    """
    before, after = old.base_path, new.base_path
    if _base_path(before) != _base_path(after):
        yield Change(f"basePath changed from {show(before)} to {show(after)}; every call of every flow goes "
                     f"to a different URL, which the API must serve", ("basePath",), "/basePath", "/basePath",
                     before, after)


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


# Extensions whose operationId names the operation that fills a field's choices or schema at design time.
DYNAMIC = ("x-ms-dynamic-values", "x-ms-dynamic-schema", "x-ms-dynamic-list", "x-ms-dynamic-properties",
           "x-ms-dynamic-tree")


def dynamic_references(node: Any, wanted: set[str]) -> list[tuple[str, str, str]]:
    """Every (pointer, extension, operationId) of a dynamic reference inside `node` to an operation in `wanted`."""
    found: list[tuple[str, str, str]] = []
    _collect(node, [], wanted, found)
    return found


def _collect(node: Any, path: list[str], wanted: set[str], found: list[tuple[str, str, str]]) -> None:
    # The path is kept as a list of tokens and turned into a pointer only for a match: most of a large
    # swagger holds no reference to a removed operation.
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                path.append(key)
                if key in DYNAMIC and isinstance(value, dict):
                    found.extend((pointer(*path), key, operation_id) for operation_id in _operation_ids(value)
                                 if operation_id in wanted)
                _collect(value, path, wanted, found)
                path.pop()
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                path.append(str(index))
                _collect(value, path, wanted, found)
                path.pop()


def _operation_ids(extension: dict) -> Iterator[str]:
    # x-ms-dynamic-tree names its operations under open and browse.
    for part in (extension, extension.get("open"), extension.get("browse")):
        if isinstance(part, dict) and isinstance(part.get("operationId"), str):
            yield part["operationId"]


@rule("dynamic-reference-broken", Severity.ERROR, CONNECTOR)
def dynamic_reference_broken(old: Side, new: Side) -> Iterator[Change]:
    """A dynamic list or schema (x-ms-dynamic-values, -schema, -list, ...) names an operation that is gone.

    The designer fills the field's choices or shape by calling that operation; flows can no longer be
    edited. This is an error even when the operation was internal, because only the field uses it.

    Reported: `accountId` has `x-ms-dynamic-values: {operationId: Account_List}` and `Account_List` was
    removed or renamed.
    Not reported: `Account_List` exists in both versions.
    """
    gone = {op.operation_id for op in old.operations if op.operation_id} - \
        {op.operation_id for op in new.operations if op.operation_id}
    if not gone:
        return
    for at, extension, operation_id in dynamic_references(new.swagger, gone):
        old_at = at if resolve_pointer(old.swagger, at) is not None else ""
        yield Change(f"{extension} names operation {operation_id!r}, which was removed; the designer can no "
                     f"longer fill this field", tuple(at[1:].split("/")), old_at, at, new=operation_id)


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
