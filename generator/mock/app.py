"""The mock as a Starlette application: every operation of the model routed under the basePath.

Every request first has its body read within the size limit (body_limit.BodyLimit). A request to an
operation then goes through the same steps, in the order the real service applies them: the
connection's throttle (per credential pair), Basic authentication, the operation's declared parameters, the account in the path (own account or one below it), and then
the handler registered for the operationId. Errors answer in TrueDialog's shape, never as a 500.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import time
from typing import Any, Awaitable, Callable

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from generator.build import Build
from generator.jsonio import InputError
from generator.mock import simulate
from generator.mock.body_limit import BodyLimit
from generator.mock.errors import ApiError, ErrorCode, Problem, forbidden, not_found, unauthorized
from generator.mock.events import Events
from generator.mock.handlers import Call, Handler, handler_for
from generator.mock.handlers.callbacks import delete_callback
from generator.mock.settings import MockSettings
from generator.mock.state import Callback, MockState, User, load_seed, parse_id
from generator.mock.throttle import Clock, StorageUnavailable, Throttle, connection_key
from generator.mock.validation import RequestReader
from generator.mock.webhooks import Webhooks
from generator.model import Connector, Operation

ACCOUNT_PARAMETER = "accountid"
# Seconds a client is asked to wait while the throttle storage is down (Redis is retried on every call).
STORAGE_RETRY_AFTER = 5


class SeedError(InputError):
    """The seed file has problems; `findings` lists every one of them."""

    def __init__(self, findings) -> None:
        first = findings[0]
        super().__init__(first.message, first.location.file, first.location.line, first.location.column)
        self.findings = findings


class Mock:
    """Everything one running mock holds: the model, its state, throttle, webhooks and settings."""

    def __init__(self, connector: Connector, settings: MockSettings, clock: Clock | None = None,
                 http_client: httpx.AsyncClient | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep, seed: dict[str, Any] | None = None) -> None:
        self.connector = connector
        self.settings = settings
        if seed is None:
            seed, findings = load_seed(settings.seed)
            if seed is None:
                raise SeedError(findings)
        wall = clock or time.time
        self.state = MockState(seed, wall)
        self.state.set_credentials(self.state.users[0], settings.api_key, settings.api_secret)
        self.throttle = Throttle(settings.calls or connector.throttling.calls,
                                 settings.renewal_period or connector.throttling.renewal_period,
                                 settings.storage, clock)
        self.webhooks = Webhooks(http_client, settings.webhook_attempts, settings.webhook_backoff, sleep, wall)
        self.events = Events(connector, self.state, self.webhooks)
        self.base_path = (connector.base_path or "").rstrip("/")

    @property
    def root_user(self) -> User:
        """The seed's first user, whose credentials --api-key and --api-secret replace."""
        return self.state.users[0]

    def unhandled(self) -> list[Operation]:
        """Operations of the model the mock has no behaviour for (they answer 501)."""
        return [op for op in self.connector.operations if handler_for(op) is None]

    def callback_location(self, request: Request, trigger: Operation, callback: Callback) -> str | None:
        """Absolute URL of the operation that deletes `callback` (the trigger's unsubscribe operation)."""
        if trigger.unsubscribe:
            target = self.connector.operation(trigger.unsubscribe)
        else:
            # A plain swagger file does not name it (the platform just calls DELETE on the Location): the
            # DELETE operation with the callback-deleting behaviour stands in.
            target = next((op for op in self.connector.operations
                           if op.method == "delete" and handler_for(op) is delete_callback), None)
        if target is None:
            return None
        path = target.path
        for name in _path_parameters(path):
            value = callback.account_id if name.lower() == ACCOUNT_PARAMETER else callback.id
            path = path.replace("{" + name + "}", str(value))
        return str(request.base_url).rstrip("/") + self.base_path + path


class OperationEndpoint:
    """The ASGI app behind one operation's route."""

    def __init__(self, mock: Mock, operation: Operation, handler: Handler | None) -> None:
        self.mock = mock
        self.operation = operation
        self.handler = handler
        self.reader = RequestReader(operation, mock.connector)
        names = _path_parameters(operation.path)
        self.account_parameter = next((n for n in names if n.lower() == ACCOUNT_PARAMETER), None)
        self.subject_parameter = next((n for n in reversed(names) if n != self.account_parameter), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self.answer(request)
        except ApiError as exc:
            response = exc.response()
        await response(scope, receive, send)

    async def answer(self, request: Request) -> Response:
        mock = self.mock
        credentials = basic_credentials(request.headers.get("authorization"))
        # The platform counts calls per connection before the service sees them, right or wrong credentials
        # alike; a call without credentials comes through no connection, so it is refused but never counted.
        if credentials is not None:
            try:
                verdict = await mock.throttle.hit(connection_key(*credentials))
            except StorageUnavailable:
                raise ApiError(503, Problem(ErrorCode.UNAVAILABLE, "the service cannot count calls right now "
                                            "(its throttle storage does not answer); try again shortly"),
                               headers={"Retry-After": str(STORAGE_RETRY_AFTER)}) from None
            if not verdict.allowed:
                return JSONResponse({"statusCode": 429, "message": verdict.message}, 429,
                                    headers={"Retry-After": str(verdict.retry_after)})
        user = mock.state.authenticate(*credentials) if credentials is not None else None
        if user is None:
            raise unauthorized()
        raw = await request.body()
        inputs = self.reader.read(request.path_params, request.query_params, request.headers, raw)
        account = None
        if self.account_parameter is not None:
            text = inputs.path.get(self.account_parameter, "")
            account = mock.state.accounts.get(parse_id(text))
            if account is None:
                raise not_found(f"account {text!r} does not exist", "Account")
            if not mock.state.reaches(user, account):
                raise forbidden(f"user {user.user_name} may not use account {account.id}", "Account")
        if self.handler is None:
            raise ApiError(501, Problem(ErrorCode.NOT_IMPLEMENTED, f"the mock has no behaviour for "
                                        f"{self.operation.operation_id or self.operation.display_name}"))
        subject = inputs.path.get(self.subject_parameter) if self.subject_parameter else None
        return await self.handler(Call(mock, self.operation, request, user, inputs, account, subject))


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """(user, password) of an HTTP Basic Authorization header, or None for anything else."""
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None


def _too_large(limit: int) -> Response:
    return ApiError(413, Problem(ErrorCode.BODY_TOO_LARGE,
                                 f"the request body is larger than {limit} bytes")).response()


def _path_parameters(path: str) -> list[str]:
    return [segment[1:-1] for segment in path.split("/") if segment.startswith("{") and segment.endswith("}")]


def operation_routes(mock: Mock) -> list[Route]:
    """One route per operation of the model; paths with fewer parameters first, so literals win."""
    ordered = sorted(mock.connector.operations, key=lambda op: len(_path_parameters(op.path)))
    return [Route(mock.base_path + op.path, OperationEndpoint(mock, op, handler_for(op)), methods=[op.method.upper()])
            for op in ordered]


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 405:
        allowed = sorted(_allowed_methods(request))
        return JSONResponse([Problem(ErrorCode.METHOD_NOT_ALLOWED,
                                     f"{request.method} is not allowed here; use {', '.join(allowed)}").to_json()],
                            405, headers={"Allow": ", ".join(allowed)})
    if exc.status_code == 404:
        return JSONResponse([Problem(ErrorCode.NOT_FOUND, f"no route {request.url.path}").to_json()], 404)
    return JSONResponse([Problem(ErrorCode.INVALID_VALUE, str(exc.detail)).to_json()], exc.status_code,
                        headers=exc.headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    return JSONResponse([Problem(ErrorCode.INTERNAL, f"the mock failed: {type(exc).__name__}").to_json()], 500)


def _allowed_methods(request: Request) -> set[str]:
    """The methods of the path item this URL belongs to, as the swagger lists them.

    Several templates may match (/callback/-6 and /callback/{callbackId}); the one with the fewest
    parameters is the path item the URL names, and it may be declared by several routes (one per method).
    """
    routes = [r for r in request.app.routes if isinstance(r, Route) and r.methods]
    matching = [r for r in routes if r.matches({**request.scope, "method": "GET"})[0] is not Match.NONE]
    if not matching:
        return set()
    # Routes are ordered fewest parameters first, so the first match is the most literal template.
    template = matching[0].path
    return {method for r in matching if r.path == template for method in r.methods}


def create_app(source: Build | Connector, settings: MockSettings | None = None, clock: Clock | None = None,
               http_client: httpx.AsyncClient | None = None, sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
               seed: dict[str, Any] | None = None) -> Starlette:
    """The mock of `source` (a Build or a Connector model) as an ASGI app.

    `clock` (seconds since the epoch) drives the throttle and timestamps; `http_client` and `sleep`
    carry webhook deliveries, so tests can receive them in-process and skip the backoff waits.
    `seed` is seed data already checked by load_seed, used instead of the file `settings.seed` names.
    """
    connector = source.connector if isinstance(source, Build) else source
    if connector is None:
        raise ValueError("the build has no connector model: fix its errors first")
    mock = Mock(connector, settings or MockSettings(), clock, http_client, sleep, seed)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        await mock.webhooks.close()

    app = Starlette(routes=operation_routes(mock) + simulate.routes(mock), lifespan=lifespan,
                    exception_handlers={HTTPException: _http_error, Exception: _server_error},
                    middleware=[Middleware(BodyLimit, limit=mock.settings.max_body_bytes, too_large=_too_large)])
    # A trailing slash names another path, which the API does not have: 404, not a redirect.
    app.router.redirect_slashes = False
    app.state.mock = mock
    return app
