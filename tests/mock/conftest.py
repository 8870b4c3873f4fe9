"""The mock under test, in-process: the repository's TrueDialog model, a clock the test moves, and a
webhook receiver that records what it is sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from generator.build import Build, render_project
from generator.mock.app import create_app
from generator.mock.settings import MockSettings

ROOT = Path(__file__).resolve().parents[2]
BASE = "/api/v2.1"
AUTH = ("mock-api-key", "mock-api-secret")
OTHER_TENANT = ("fabrikam-api-key", "fabrikam-api-secret")
ROOT_ACCOUNT, SUB_ACCOUNT, OTHER_ACCOUNT = 1001, 1002, 2001
HOOK = "http://receiver.test/hook"


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="session")
def build() -> Build:
    result = render_project(ROOT)
    assert result.ok, result.findings
    return result


class ManualClock:
    """Seconds since the epoch, moved by the test."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Receiver:
    """A webhook endpoint: records every POST; answers `failures` error statuses before succeeding."""

    failures: list[int] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)

    async def hook(self, request: Request) -> JSONResponse:
        self.received.append({"path": request.url.path, "body": await request.json()})
        if self.failures:
            return JSONResponse({"error": "try later"}, self.failures.pop(0))
        return JSONResponse({"ok": True}, 200)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self.hook, methods=["POST"])])


@dataclass
class MockHarness:
    app: Starlette
    client: httpx.AsyncClient
    clock: ManualClock
    receiver: Receiver
    sleeps: list[float]

    @property
    def mock(self):
        return self.app.state.mock

    async def __aenter__(self) -> MockHarness:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()
        await self.mock.webhooks.close()

    async def deliveries(self) -> list[dict]:
        await self.mock.webhooks.drain()
        return self.mock.webhooks.listing()

    async def subscribe(self, operation_path: str, callback_type: int, account: int = ROOT_ACCOUNT,
                        method: str = "PUT", url: str = HOOK) -> httpx.Response:
        response = await self.client.request(method, f"{BASE}/account/{account}{operation_path}", auth=AUTH,
                                              json={"CallbackType": callback_type, "URL": url, "Active": True})
        assert response.status_code == 201, response.text
        return response


@pytest.fixture
def make_mock(build):
    """Build a harness with settings of its own: `async with make_mock(calls=3) as harness`."""

    def factory(**settings) -> MockHarness:
        # The receiver's made-up name is no loopback host: allowed the way a user allows a flow's host.
        settings.setdefault("allow_callback_hosts", ("receiver.test",))
        clock = ManualClock()
        receiver = Receiver()
        sleeps: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            sleeps.append(seconds)

        hooks = httpx.AsyncClient(transport=httpx.ASGITransport(receiver.app()))
        app = create_app(build, MockSettings(**settings), clock=clock, http_client=hooks, sleep=fake_sleep)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock.test")
        return MockHarness(app, client, clock, receiver, sleeps)

    return factory


@pytest.fixture
async def harness(make_mock):
    async with make_mock() as h:
        yield h
