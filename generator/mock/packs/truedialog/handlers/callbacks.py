"""Webhook subscriptions: a trigger operation creates a callback, DELETE on its Location removes it.

Power Platform calls the trigger with its notification URL, keeps the Location header of the 201,
and calls DELETE there when the flow is turned off or deleted.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from generator.mock.errors import ErrorCode, invalid, not_found
from generator.mock.packs.truedialog.events import CALLBACK_TYPE_PROPERTY, callback_type_of
from generator.mock.packs.truedialog.handlers.registry import Call, handles
from generator.mock.packs.truedialog.state import Callback, parse_id
from generator.model import Operation

OBJECT = "Callback"


def notification_url_property(operation: Operation) -> str:
    return operation.notification_url_property or "URL"


def callback_json(callback: Callback) -> dict:
    return {"id": callback.id, "accountId": callback.account_id, "callbackTypeId": callback.callback_type,
            "callbackType": callback.callback_type, "Url": callback.url, "Active": callback.active}


async def subscribe(call: Call) -> Response:
    """Any webhook trigger of the model: store the callback and answer where to delete it."""
    body = call.body or {}
    url_property = notification_url_property(call.operation)
    url = body.get(url_property)
    why = call.mock.callback_policy.refusal(url) if isinstance(url, str) else "must be an absolute http or https URL"
    if why is not None:
        raise invalid(f"{url_property} {why}", url_property, OBJECT)
    callback_type = body.get(CALLBACK_TYPE_PROPERTY, callback_type_of(call.operation))
    known = call.pack.events.triggers
    if callback_type not in known:
        allowed = ", ".join(f"{k} ({op.operation_id})" for k, op in sorted(known.items()))
        raise invalid(f"{CALLBACK_TYPE_PROPERTY} {callback_type} has no trigger; use one of {allowed}",
                      CALLBACK_TYPE_PROPERTY, OBJECT, ErrorCode.INVALID_VALUE)
    active = body.get("Active", True)
    callback = call.pack.state.add_callback(call.account.id, callback_type, url, active is not False)
    headers = {}
    location = call.pack.callback_location(call.request, call.operation, callback)
    if location is not None:
        headers["Location"] = location
    return JSONResponse(callback_json(callback), 201, headers=headers)


@handles("Callback_Delete")
async def delete_callback(call: Call) -> Response:
    state = call.pack.state
    raw = call.subject or ""
    callback = state.callbacks.get(parse_id(raw))
    if callback is None or callback.account_id != call.account.id:
        raise not_found(f"callback {raw!r} does not exist in account {call.account.id}", OBJECT)
    del state.callbacks[callback.id]
    return JSONResponse(f"Callback {callback.id} deleted")
