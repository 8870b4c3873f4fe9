"""Webhook deliveries: POST the payload to the subscribed URL, retry with backoff, remember every attempt.

Every delivery is recorded (GET /_mock/deliveries) with its attempts and its outcome: delivered,
failed, or pending while attempts remain. A receiver that keeps failing gets a delivery marked
failed, never a silent drop.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable

import httpx

from generator.mock.callback_targets import CallbackPolicy, GuardedTransport

# Receivers that answer these may succeed later; any other 4xx means the subscription is gone or wrong.
RETRYABLE_STATUS = frozenset({408, 425, 429}) | frozenset(range(500, 600))


def timestamp(clock: Callable[[], float]) -> str:
    """A moment as yyyy-MM-ddTHH:mm:ss in UTC (TrueDialog's format, and the delivery log's)."""
    return datetime.fromtimestamp(clock(), timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


@dataclass
class Attempt:
    at: str
    status: int | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at, "status": self.status, "error": self.error}


@dataclass
class Delivery:
    id: int
    callback_id: int
    callback_type: int
    event: str
    url: str
    payload: dict[str, Any]
    outcome: str = "pending"
    attempts: list[Attempt] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "callbackId": self.callback_id, "callbackType": self.callback_type,
                "event": self.event, "url": self.url, "outcome": self.outcome,
                "attempts": [a.to_json() for a in self.attempts], "payload": self.payload}


class Webhooks:
    """Sends deliveries in the background; `drain()` waits for all of them (tests, shutdown).

    Without a `client` of the caller's, deliveries go straight to the addresses `policy` accepts,
    checked as they connect: never through a proxy of the environment, never following a redirect.
    """

    def __init__(self, client: httpx.AsyncClient | None = None, attempts: int = 4, backoff: float = 0.5,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 clock: Callable[[], float] = time.time, policy: CallbackPolicy | None = None) -> None:
        self.client = client or httpx.AsyncClient(transport=GuardedTransport(policy or CallbackPolicy()),
                                                  timeout=httpx.Timeout(5.0), follow_redirects=False,
                                                  trust_env=False)
        self.max_attempts = max(1, attempts)
        self.backoff = backoff
        self.sleep = sleep
        self.clock = clock
        self.deliveries: list[Delivery] = []
        self._ids = itertools.count(1)
        self._tasks: set[asyncio.Task] = set()

    def send(self, callback_id: int, callback_type: int, event: str, url: str, payload: dict[str, Any]) -> Delivery:
        delivery = Delivery(next(self._ids), callback_id, callback_type, event, url, payload)
        self.deliveries.append(delivery)
        task = asyncio.get_running_loop().create_task(self._deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return delivery

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            for number in range(1, self.max_attempts + 1):
                attempt = Attempt(timestamp(self.clock))
                delivery.attempts.append(attempt)
                try:
                    response = await self.client.post(delivery.url, json=delivery.payload)
                    attempt.status = response.status_code
                except Exception as exc:  # noqa: BLE001 - whatever went wrong is recorded, the delivery never hangs
                    attempt.error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                if attempt.status is not None and 200 <= attempt.status < 300:
                    delivery.outcome = "delivered"
                    return
                if attempt.status is not None and attempt.status not in RETRYABLE_STATUS:
                    break
                if number < self.max_attempts:
                    await self.sleep(self.backoff * 2 ** (number - 1))
            delivery.outcome = "failed"
        except asyncio.CancelledError:
            delivery.outcome = "failed"
            delivery.attempts.append(Attempt(timestamp(self.clock), error="the mock stopped before delivering"))
            raise

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Stop: deliveries still pending are marked failed, then the HTTP client is closed."""
        for task in list(self._tasks):
            task.cancel()
        await self.drain()
        await self.client.aclose()

    def listing(self, callback_type: int | None = None, outcome: str | None = None) -> list[dict[str, Any]]:
        return [d.to_json() for d in self.deliveries
                if (callback_type is None or d.callback_type == callback_type)
                and (outcome is None or d.outcome == outcome)]
