"""Rules on a matched operation: its route, visibility, trigger kind and documented responses."""

from __future__ import annotations

import re
from typing import Iterator

from generator.diff.context import Change, OperationPair, show
from generator.diff.registry import OPERATION, rule
from generator.findings import Severity, escape_pointer_token, resolve_pointer
from generator.diff.document import DocOperation


@rule("operation-method-changed", Severity.ERROR, OPERATION)
def operation_method_changed(pair: OperationPair) -> Iterator[Change]:
    """The HTTP method of an operation changed.

    Every flow step using it now sends a different request than the one its author tested.

    Reported: `Contact_Update` was `put` and is now `post`.
    Not reported: `Contact_Update` stays `put` while its summary changes.
    """
    if pair.old.method != pair.new.method:
        yield pair.change(f"method changed from {pair.old.method.upper()} to {pair.new.method.upper()}; the "
                          f"calls of existing flows change with it", "method",
                          old=pair.old.method, new=pair.new.method,
                          old_pointer=pair.old_pointer, new_pointer=pair.new_pointer)


def path_parameters(path: str) -> list[str]:
    return re.findall(r"\{([^{}]+)\}", path)


@rule("operation-path-changed", Severity.ERROR, OPERATION)
def operation_path_changed(pair: OperationPair) -> Iterator[Change]:
    """The path of an operation changed its path parameters (one renamed, added or removed).

    Flows store path parameters by name: a value stored under the old name reaches no placeholder.

    Reported: `/accounts/{accountId}/contact` becomes `/accounts/{account}/contact`.
    Not reported: `/account/{accountId}/contact` becomes `/accounts/{accountId}/contact` (that is
    `operation-route-moved`).
    """
    if pair.old.path != pair.new.path and path_parameters(pair.old.path) != path_parameters(pair.new.path):
        yield pair.change(f"path changed from {pair.old.path} to {pair.new.path} with other path parameters; "
                          f"the values existing flows stored for the old ones reach no placeholder", "path",
                          old=pair.old.path, new=pair.new.path,
                          old_pointer=pair.old_pointer, new_pointer=pair.new_pointer)


@rule("operation-route-moved", Severity.WARNING, OPERATION)
def operation_route_moved(pair: OperationPair) -> Iterator[Change]:
    """The path of an operation changed while its path parameters stayed the same.

    Existing flows call the new route with the values they stored; nothing breaks when the API serves it
    (it usually moved there), so check that it does.

    Reported: `/profiles/{id}/` becomes `/profiles/{id}`, or `/Suppress/{Provider}` becomes
    `/Suppress/Address/{Provider}`.
    Not reported: a path parameter is renamed (that is `operation-path-changed`).
    """
    if pair.old.path != pair.new.path and path_parameters(pair.old.path) == path_parameters(pair.new.path):
        yield pair.change(f"route moved from {pair.old.path} to {pair.new.path} with the same path parameters; "
                          f"existing flows call the new route, which the API must serve", "path",
                          old=pair.old.path, new=pair.new.path,
                          old_pointer=pair.old_pointer, new_pointer=pair.new_pointer)


@rule("operation-made-internal", Severity.ERROR, OPERATION)
def operation_made_internal(pair: OperationPair) -> Iterator[Change]:
    """An operation was made internal (x-ms-visibility: internal).

    Internal operations are hidden from flow authors; flows that use it can no longer be edited.

    Reported: `Contact_Search` gets `x-ms-visibility: internal`.
    Not reported: `Contact_Search` goes from `important` to `advanced`.
    """
    if pair.new.visibility == "internal" and pair.old.visibility != "internal":
        was = show(pair.old.visibility) if pair.old.visibility is not None else "visible"
        yield pair.changed("x-ms-visibility", f"operation made internal (was {was}); flow authors can no longer "
                                              f"see it")


@rule("operation-deprecated", Severity.WARNING, OPERATION)
def operation_deprecated(pair: OperationPair) -> Iterator[Change]:
    """An operation was marked deprecated.

    Existing flows keep working, but the designer warns their authors and hides it from new flows.

    Reported: `Contact_Search` gets `deprecated: true`.
    Not reported: `Contact_Search` was already deprecated in the old version.
    """
    if pair.new.deprecated and not pair.old.deprecated:
        yield pair.changed("deprecated", "operation marked deprecated; flows keep working but authors are "
                                         "told to move off it")


def trigger_kind(op: DocOperation) -> str:
    """action, or the kind of trigger with how it delivers (single or batch)."""
    if not op.is_trigger:
        return "action"
    return f"{op.kind} trigger ({op.trigger})"


@rule("trigger-kind-changed", Severity.ERROR, OPERATION)
def trigger_kind_changed(pair: OperationPair) -> Iterator[Change]:
    """A trigger's kind changed: webhook or polling, single or batch (or action and trigger swapped).

    The platform subscribes, polls and hands items to the flow according to the kind.

    Reported: `Incoming_SMS_Received` was `x-ms-trigger: single` and is now `batch`.
    Not reported: `Incoming_SMS_Received` stays a single webhook while its payload gains a field.
    """
    before, after = trigger_kind(pair.old), trigger_kind(pair.new)
    if before != after:
        yield pair.change(f"changed from {before} to {after}; flows built on it no longer run as they did",
                          "x-ms-trigger", old=before, new=after)


def _codes(op: DocOperation) -> list[str]:
    return [str(code) for code in op.responses]


def _success(code: str) -> bool:
    return code.startswith("2")


def _response_pointer(pair_pointer: str, code: str) -> str:
    return f"{pair_pointer}/responses/{escape_pointer_token(code)}"


@rule("response-status-changed", Severity.WARNING, OPERATION)
def response_status_changed(pair: OperationPair) -> Iterator[Change]:
    """A success status code was removed or replaced by another.

    Flows keep their outputs (they are compared on their own), but anything checking the status sees
    another code.

    Reported: `Campaign_Push` answered `200` and now answers `201`.
    Not reported: `Campaign_Push` keeps `201` and gains a documented `429`.
    """
    old_codes, new_codes = _codes(pair.old), _codes(pair.new)
    replacements = [code for code in new_codes if _success(code) and code not in old_codes]
    for code in old_codes:
        if _success(code) and code not in new_codes:
            instead = f"replaced by {', '.join(replacements)}" if replacements else "removed"
            yield pair.change(f"success response {code} {instead}; outputs are compared against the new success "
                              f"response", "responses", code, old=code,
                              new=replacements[0] if replacements else None,
                              new_pointer=_response_pointer(pair.new_pointer, replacements[0]) if replacements
                              else f"{pair.new_pointer}/responses")


@rule("response-added", Severity.INFO, OPERATION)
def response_added(pair: OperationPair) -> Iterator[Change]:
    """A response status code was documented (an error such as 400, 401, 403, 404 or 429, or a new success).

    Additive: the API answered these codes before; now the definition says so.

    Reported: `Campaign_Push` documents `429` (too many requests) besides `201`.
    Not reported: `Campaign_Push` answers `201` in both versions and documents nothing else.
    """
    old_codes, new_codes = _codes(pair.old), _codes(pair.new)
    success_removed = any(_success(code) and code not in new_codes for code in old_codes)
    for code in new_codes:
        if code in old_codes or (_success(code) and success_removed):
            continue
        yield pair.change(f"response {code} is now documented{_described(pair, code)}; additive, existing flows "
                          f"are unaffected", "responses", code, new=code, old_pointer=f"{pair.old_pointer}/responses")


def _described(pair: OperationPair, code: str) -> str:
    """Which shared response and which definition a newly documented response uses, when it names them."""
    response = pair.new.responses.get(code)
    names = []
    while isinstance(response, dict) and isinstance(response.get("$ref"), str):
        names.append(f"shared response {response['$ref'].rsplit('/', 1)[-1]}")
        response = resolve_pointer(pair.new_side.swagger, response["$ref"][1:])
    schema = response.get("schema") if isinstance(response, dict) else None
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        names.append(f"schema {schema['$ref'].rsplit('/', 1)[-1]}")
    return f" ({', '.join(names)})" if names else ""


@rule("response-removed", Severity.INFO, OPERATION)
def response_removed(pair: OperationPair) -> Iterator[Change]:
    """A documented error or default response was removed.

    Flows read the success response; an undocumented error still fails the action as before.

    Reported: `Account_Get_Info` documented `404` and no longer does.
    Not reported: `Account_Get_Info` documents `404` in both versions.
    """
    new_codes = _codes(pair.new)
    for code in _codes(pair.old):
        if not _success(code) and code not in new_codes:
            yield pair.change(f"response {code} is no longer documented; flows read the success response, so "
                              f"they are unaffected", "responses", code, old=code,
                              new_pointer=f"{pair.new_pointer}/responses")
