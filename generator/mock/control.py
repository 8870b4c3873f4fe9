"""The mock's own routes under /_mock/, for any connector: a window into the mock, and events on demand.

  GET  /_mock/deliveries   every webhook delivery with its attempts and outcome (?wait=SECONDS)
  GET  /_mock/state        what the mock serves and holds (the behaviour's world)

They take no credentials and are not throttled: they are not part of the API.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.mock.errors import ApiError, invalid

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

    return [Route(f"{PREFIX}/deliveries", deliveries, methods=["GET"]),
            Route(f"{PREFIX}/state", state, methods=["GET"])]


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
