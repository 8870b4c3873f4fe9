"""The mock's own routes under /_mock/, for any connector: a window into the mock, and events on demand.

  POST   /_mock/triggers/{operationId}   fire a webhook trigger: the JSON body given, or a payload made from
                                         its x-ms-notification-content, to every subscriber
  DELETE /_mock/subscriptions/{id}       unsubscribe, for triggers whose definition declares no DELETE
  GET    /_mock/deliveries               every webhook delivery with its attempts and outcome (?wait=SECONDS)
  GET    /_mock/state                    what the mock serves and holds (the behaviour's world)

They take no credentials and are not throttled: they are not part of the API.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.mock.errors import ApiError, ErrorCode, invalid, not_found
from generator.mock.generic import SUBSCRIPTIONS_ROUTE
from generator.mock.responses import MISSING
from generator.mock.validation import parse_json

if TYPE_CHECKING:
    from generator.mock.app import Mock

PREFIX = "/_mock"
# Longest wait a client may ask of GET /_mock/deliveries?wait=SECONDS.
MAX_WAIT = 30.0


def routes(mock: Mock) -> list[Route]:
    async def deliveries(request: Request) -> Response:
        return await guard(list_deliveries, mock, request)

    async def state(request: Request) -> Response:
        served = {"connector": mock.connector.title, "behaviour": mock.behaviour.name}
        return JSONResponse({"mock": served, **mock.behaviour.snapshot()})

    async def trigger(request: Request) -> Response:
        return await guard(fire_trigger, mock, request)

    async def subscription(request: Request) -> Response:
        return await guard(delete_subscription, mock, request)

    return [Route(f"{PREFIX}/deliveries", deliveries, methods=["GET"]),
            Route(f"{PREFIX}/state", state, methods=["GET"]),
            Route(f"{PREFIX}/triggers/{{operation_id}}", trigger, methods=["POST"]),
            Route(f"{SUBSCRIPTIONS_ROUTE}/{{subscription_id}}", subscription, methods=["DELETE"])]


async def fire_trigger(mock: Mock, request: Request) -> Response:
    """Body: the notification to deliver (JSON), or nothing for one made from the trigger's schema."""
    name = request.path_params["operation_id"]
    trigger = next((op for op in mock.connector.triggers if op.operation_id == name and op.is_webhook), None)
    if trigger is None:
        known = ", ".join(op.operation_id or op.display_name for op in mock.connector.triggers if op.is_webhook)
        raise not_found(f"no webhook trigger {name!r}; the webhook triggers are: {known or 'none'}")
    raw = await request.body()
    payload = MISSING
    if raw.strip():
        try:
            payload = parse_json(raw)
        except ValueError as exc:
            raise invalid(f"the body is not valid JSON: {exc}", code=ErrorCode.MALFORMED_BODY) from None
    deliveries = mock.behaviour.fire(trigger, payload)
    return JSONResponse({"trigger": name, "deliveries": [d.id for d in deliveries]}, 202)


async def delete_subscription(mock: Mock, request: Request) -> Response:
    identifier = request.path_params["subscription_id"]
    if not mock.generic.remove_subscription(identifier):
        raise not_found(f"no subscription {identifier!r}")
    return Response(status_code=204)


async def guard(handler, mock: Mock, request: Request) -> Response:
    """The handler's answer, or its ApiError written as the behaviour writes errors."""
    try:
        return await handler(mock, request)
    except ApiError as exc:
        return mock.behaviour.error_response(exc)


async def list_deliveries(mock: Mock, request: Request) -> Response:
    """?callbackType=N, ?outcome=pending|delivered|failed, ?wait=SECONDS to let pending ones finish first."""
    query = request.query_params
    try:
        callback_type = int(query["callbackType"]) if "callbackType" in query else None
        wait = min(float(query.get("wait", 0)), MAX_WAIT)
    except ValueError:
        raise invalid("callbackType must be an integer and wait a number of seconds") from None
    outcome = query.get("outcome")
    if outcome not in (None, "pending", "delivered", "failed"):
        raise invalid("outcome must be pending, delivered or failed", "outcome")
    if wait > 0:
        try:
            await asyncio.wait_for(asyncio.shield(mock.webhooks.drain()), wait)
        except TimeoutError:
            pass
    return JSONResponse({"deliveries": mock.webhooks.listing(callback_type, outcome)})
