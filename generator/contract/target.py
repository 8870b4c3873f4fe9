"""What a contract run talks to: the mock in-process (a fresh one per run) or a server at a URL."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import httpx
import requests

from generator.build import Build
from generator.contract.connections import SHARE_OF_BUDGET, Connection, ConnectionPool
from generator.contract.values import NOTIFICATION_URLS
from generator.redact import redact, redact_url

# The host the in-process app is called with (schemathesis' ASGI client sends this Host header).
IN_PROCESS_ORIGIN = "http://testserver"
SIMULATION_PREFIX = "/_mock"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
REQUEST_TIMEOUT = 30
RETRIES_AFTER_429 = 3
# Seeded connections for the in-process mock; more than a default run uses, so none carries two shares.
CONNECTIONS = 256


class AdjustableClock:
    """Wall-clock time plus an offset the run can move forward: honoring Retry-After takes no real time."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.offset = 0.0

    def __call__(self) -> float:
        return self.clock() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


class LoopbackOnly(httpx.AsyncBaseTransport):
    """Webhook deliveries of the in-process mock reach loopback receivers only.

    The schema run subscribes callbacks with generated URLs; their deliveries fail at once instead of
    waiting on DNS, and a contract run never sends traffic off the machine.
    """

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host not in LOOPBACK:
            raise httpx.ConnectError(f"the contract run delivers to loopback receivers only, not {request.url.host}",
                                     request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class Target:
    label: str
    # Where API requests go (with the basePath) and where /_mock/ lives.
    base_url: str
    origin: str
    session: requests.Session
    # The schema run's connections, and one with an untouched budget for the throttle contract.
    pool: ConnectionPool
    throttle_connection: Connection
    # Whether the server has the mock's /_mock/ simulation routes (webhook and throttle contracts need them).
    simulator: bool
    # Waits `seconds` as a client honoring Retry-After does.
    sleep: Callable[[float], None]
    # The ASGI app when in-process, which schemathesis calls directly.
    app: Any = None
    # Base URL and connection that curl commands in the report show, so a user can replay them.
    shown_url: str = ""
    shown_connection: Connection | None = None
    # The in-process mock itself (generator.mock.app.Mock): its state, throttle and clock.
    mock: Any = field(default=None, repr=False)
    # The behaviour pack of the API (generator.mock.packs.Pack), whose contract hooks the run uses.
    pack: Any = None

    @property
    def in_process(self) -> bool:
        return self.app is not None

    def url(self, path: str) -> str:
        return self.base_url + path

    def call(self, method: str, path: str, connection: Connection | None = None, honor_retry_after: bool = True,
             **kwargs) -> requests.Response:
        """An API call: `path` below the basePath (or an absolute URL, such as a Location header).

        Like any client the platform expects, it waits and retries when a 429 says how long to wait.
        """
        url = path if path.startswith(("http://", "https://")) else self.url(path)
        headers = dict(kwargs.pop("headers", None) or {})
        if connection is not None:
            headers.update(connection.headers())
            if connection.query():
                kwargs["params"] = {**(kwargs.get("params") or {}), **connection.query()}
        response = self.session.request(method, url, headers=headers, timeout=REQUEST_TIMEOUT, **kwargs)
        retries = RETRIES_AFTER_429 if honor_retry_after else 0
        while retries and response.status_code == 429 and response.headers.get("Retry-After", "").isdigit():
            self.sleep(int(response.headers["Retry-After"]))
            response = self.session.request(method, url, headers=headers, timeout=REQUEST_TIMEOUT, **kwargs)
            retries -= 1
        return response

    def simulate(self, method: str, route: str, **kwargs) -> requests.Response:
        """A call to the mock's simulation routes (/_mock/inbound...), which take no credentials."""
        return self.session.request(method, self.origin + SIMULATION_PREFIX + route, timeout=REQUEST_TIMEOUT,
                                    **kwargs)

    def shows_credentials(self) -> bool:
        """Curl commands carry real credentials only for the mock, whose credentials are no secret."""
        return self.shown_connection is not None


def mock_target(build: Build, seed: Path | None = None, shown_url: str = "http://127.0.0.1:8000",
                wrap: Callable[[Any], Any] | None = None, connections: int = CONNECTIONS,
                settings: Any = None) -> Target:
    """A fresh in-process mock of `build` with `connections` connections of its own.

    `wrap` receives the mock's ASGI app and returns the app to test (tests break the mock on purpose
    this way); `shown_url` is where `connector mock` serves, for the curl commands of the report.
    """
    from schemathesis.python import asgi

    from generator.mock.app import create_app
    from generator.mock.auth import ANONYMOUS
    from generator.mock.settings import MockSettings

    clock = AdjustableClock()
    settings = settings or MockSettings(seed=seed)
    # The schema run subscribes the made-up flow URLs of NOTIFICATION_URLS; LoopbackOnly keeps their
    # deliveries on the machine all the same.
    settings = replace(settings, allow_callback_hosts=settings.allow_callback_hosts
                       + tuple(sorted({urlsplit(url).hostname for url in NOTIFICATION_URLS})))
    app = create_app(build, settings, clock=clock,
                     http_client=httpx.AsyncClient(transport=LoopbackOnly(), timeout=5.0))
    mock = app.state.mock
    behaviour = mock.behaviour
    if mock.auth.open:
        pool, throttle_connection = ConnectionPool([ANONYMOUS]), ANONYMOUS
    elif mock.throttle is None:
        [connection] = behaviour.new_connections(1)
        pool, throttle_connection = ConnectionPool([connection]), connection
    else:
        made = behaviour.new_connections(connections + 1)
        pool = ConnectionPool(made[:-1], max(1, mock.throttle.calls // SHARE_OF_BUDGET))
        throttle_connection = made[-1]
    base_path = mock.base_path
    served = wrap(app) if wrap is not None else app
    shown = [Connection(scheme, values) for scheme, values in behaviour.shown_credentials()]
    # Schemathesis' own ASGI client: the contract's calls run in the event loop thread its run uses, so the
    # mock's background webhook deliveries always live in one loop.
    return Target(label="the in-process mock", base_url=IN_PROCESS_ORIGIN + base_path, origin=IN_PROCESS_ORIGIN,
                  session=asgi.get_client(served), pool=pool, throttle_connection=throttle_connection,
                  simulator=True, sleep=clock.advance, app=served, shown_url=shown_url.rstrip("/") + base_path,
                  shown_connection=shown[0] if shown else None, mock=mock, pack=mock.pack)


def live_target(build: Build, url: str, connection: Connection | None,
                sleep: Callable[[float], None] = time.sleep, pack: str = "auto") -> Target:
    """A server at `url` (with or without the connector's basePath), called with one connection (None: the
    definition declares no security). `pack` chooses the behaviour pack whose contract hooks apply."""
    from generator.mock.auth import ANONYMOUS
    from generator.mock.packs import find_pack

    base_path = (build.swagger.get("basePath") or "").rstrip("/")
    base_url = url.rstrip("/")
    if base_path and not base_url.endswith(base_path):
        base_url += base_path
    origin = base_url[: len(base_url) - len(base_path)] if base_path else base_url
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http or https URL")
    session = requests.Session()
    try:
        session.get(base_url, timeout=REQUEST_TIMEOUT)
    except requests.RequestException as exc:
        raise TargetError(redact(f"cannot reach {base_url}: {_reason(exc)}", [parts.password])) from None
    connection = connection or ANONYMOUS
    # The report names the server and shows curl commands; a password in the URL stays out of both.
    shown = redact_url(base_url)
    return Target(label=shown, base_url=base_url, origin=origin, session=session,
                  pool=ConnectionPool([connection]), throttle_connection=connection,
                  simulator=is_simulator(session, origin), sleep=sleep, shown_url=shown,
                  pack=find_pack(build.connector, pack))


class TargetError(Exception):
    """The server to test cannot be reached; the message says which and why."""


def _reason(exc: requests.RequestException) -> str:
    cause = exc.args[0] if exc.args else exc
    reason = getattr(cause, "reason", cause)
    return str(reason).split(": ", 1)[-1] if isinstance(reason, Exception) else str(reason)


def is_simulator(session: requests.Session, origin: str) -> bool:
    """Whether the server is a `connector mock`: it answers GET /_mock/state with what it serves."""
    try:
        response = session.get(origin + SIMULATION_PREFIX + "/state", timeout=10)
        return response.status_code == 200 and "mock" in response.json()
    except (requests.RequestException, ValueError):
        return False
