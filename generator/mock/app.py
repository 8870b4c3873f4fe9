"""The mock as a Starlette application: every operation of the model routed under the basePath.

Every request first has its body read within the size limit (body_limit.BodyLimit). A request to an
operation then goes through the same steps, in the order the platform and a service apply them: the
connection's throttle (per credential), authentication as the definition declares it, the
operation's declared parameters and body, then the behaviour: a pack's
handler for the operation when a pack serves the connector (see generator/mock/packs/), the generic
answer otherwise. Errors are answered as JSON, never as a 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qsl

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
from generator.mock import control
from generator.mock.auth import Authenticator
from generator.mock.body_limit import BodyLimit
from generator.mock.callback_targets import CallbackPolicy
from generator.mock.calls import Call, Handler
from generator.mock.errors import ApiError, ErrorCode, Problem
from generator.mock.generic import Generic
from generator.mock.packs import Behaviour, find_pack
from generator.mock.settings import MockSettings
from generator.mock.throttle import Clock, StorageUnavailable, Throttle
from generator.mock.validation import RequestReader
from generator.mock.webhooks import Webhooks
from generator.model import Connector, Operation

# Seconds a client is asked to wait while the throttle storage is down (Redis is retried on every call).
STORAGE_RETRY_AFTER = 5

class SeedError(InputError):
    """The seed file has problems; `findings` lists every one of them."""

    def __init__(self, findings) -> None:
        first = findings[0]
        super().__init__(first.message, first.location.file, first.location.line, first.location.column)
        self.findings = findings


class Mock:
    """Everything one running mock holds: the model, its throttle, webhooks, settings and behaviour."""

    def __init__(self, connector: Connector, settings: MockSettings, clock: Clock | None = None,
                 http_client: httpx.AsyncClient | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep, seed: dict[str, Any] | None = None) -> None:
        self.connector = connector
        self.settings = settings
        self.clock = clock or time.time
        self.base_path = (connector.base_path or "").rstrip("/")
        self.auth = Authenticator(connector, settings.username or settings.api_key,
                                  settings.password or settings.api_secret, settings.api_key, settings.token)
        declared = connector.throttling
        # The platform's throttle is the project's policy: on when the project declares one or a flag asks for it.
        self.throttle: Throttle | None = None
        if declared.declared or settings.calls or settings.renewal_period:
            self.throttle = Throttle(settings.calls or declared.calls, settings.renewal_period or declared.renewal_period,
                                     settings.storage, clock)
        self.callback_policy = CallbackPolicy(settings.allow_callback_hosts)
        self.webhooks = Webhooks(http_client, settings.webhook_attempts, settings.webhook_backoff, sleep, self.clock,
                                 self.callback_policy)
        self.generic = Generic(self)
        self.pack = find_pack(connector, settings.pack)
        self.behaviour: Behaviour = self.pack.create(self, seed) if self.pack else Behaviour(self)

    @property
    def state(self) -> Any:
        """What the behaviour remembers (a pack's world, or the generic mock's collections and subscriptions)."""
        return self.behaviour.state

    def unhandled(self) -> list[Operation]:
        """Operations the pack has no behaviour for (the generic mock answers them)."""
        return [op for op in self.connector.operations if self.behaviour.handler(op) is None]


class OperationEndpoint:
    """The ASGI app behind one operation: from the raw request to the behaviour's answer."""

    def __init__(self, mock: Mock, operation: Operation, handler: Handler, names: dict[str, str]) -> None:
        self.mock = mock
        self.operation = operation
        self.handler = handler
        self.reader = RequestReader(operation, mock.connector)
        # Route parameter -> the definition's parameter name (which need not be a Python identifier).
        self.names = names
        declared = _path_parameters(operation.path.split("?")[0])
        self.subject_parameter = declared[-1] if declared else None
        # (URL pattern, methods) of more literal templates that match some of this route's URLs.
        self.shadows: list[tuple[re.Pattern, list[str]]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            for pattern, methods in self.shadows:
                # A more literal path item of the definition names this URL, without this method.
                if pattern.fullmatch(scope["path"]):
                    raise ApiError(405, Problem(ErrorCode.METHOD_NOT_ALLOWED, f"{request.method} is not allowed "
                                                f"here; use {', '.join(methods)}"), headers={"Allow": ", ".join(methods)})
            response = await self.answer(request)
        except ApiError as exc:
            response = self.mock.behaviour.error_response(exc, self.operation)
        await response(scope, receive, send)

    async def answer(self, request: Request) -> Response:
        mock, behaviour = self.mock, self.mock.behaviour
        credentials = mock.auth.read(request.headers, request.query_params)
        # The platform counts calls per connection before the service sees them, right or wrong credentials
        # alike; a call without credentials comes through no connection, so it is refused but never counted
        # (unless the definition declares no security: then every call is the one anonymous connection).
        key = credentials.key if credentials is not None else ("anonymous" if mock.auth.open else None)
        if mock.throttle is not None and key is not None:
            try:
                verdict = await mock.throttle.hit(key)
            except StorageUnavailable:
                raise ApiError(503, Problem(ErrorCode.UNAVAILABLE, "the service cannot count calls right now "
                                            "(its throttle storage does not answer); try again shortly"),
                               headers={"Retry-After": str(STORAGE_RETRY_AFTER)}) from None
            if not verdict.allowed:
                return JSONResponse({"statusCode": 429, "message": verdict.message}, 429,
                                    headers={"Retry-After": str(verdict.retry_after)})
        user = behaviour.authenticate(credentials)
        if user is None:
            raise behaviour.unauthorized()
        raw = await request.body()
        path = {self.names.get(k, k): v for k, v in request.path_params.items()}
        inputs = self.reader.read(path, request.query_params, request.headers, raw)
        subject = inputs.path.get(self.subject_parameter) if self.subject_parameter else None
        call = await behaviour.authorize(Call(mock, self.operation, request, user, inputs, subject=subject))
        return await self.handler(call)


class QueryDispatch:
    """Operations that share a path and method and differ by a fixed query (`/items?action=close` in the
    definition's path): the one whose fixed query the request carries, most specific first."""

    def __init__(self, endpoints: list[tuple[dict[str, str], OperationEndpoint]]) -> None:
        self.endpoints = sorted(endpoints, key=lambda pair: -len(pair[0]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = Request(scope).query_params
        for fixed, endpoint in self.endpoints:
            if all(query.get(k) == v for k, v in fixed.items()):
                await endpoint(scope, receive, send)
                return
        endpoint = self.endpoints[-1][1]
        error = ApiError(400, Problem(ErrorCode.REQUIRED, "the query must name the operation: " + " or ".join(
            "&".join(f"{k}={v}" for k, v in fixed.items()) for fixed, _ in self.endpoints)))
        await endpoint.mock.behaviour.error_response(error, endpoint.operation)(scope, receive, send)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, Problem(ErrorCode.BODY_TOO_LARGE, f"the request body is larger than {limit} bytes"))


def _path_parameters(path: str) -> list[str]:
    return [segment[1:-1] for segment in path.split("/") if segment.startswith("{") and segment.endswith("}")]


def route_template(path: str) -> tuple[str, dict[str, str]]:
    """A Starlette path for a definition's path (its query part left out), and route name -> parameter name.

    Starlette names parameters with identifiers only; a definition may call one `file-name` or `api.version`.
    """
    names: dict[str, str] = {}

    def rename(found: re.Match) -> str:
        name = found.group(1)
        route_name = name if name.isidentifier() and name.isascii() else f"p{len(names)}_"
        names[route_name] = name
        return "{" + route_name + "}"

    template = re.sub(r"\{([^{}/]+)\}", rename, path.split("?")[0])
    return ("/" + template.lstrip("/")), names


def operation_routes(mock: Mock) -> list[Route]:
    """One route per path and method of the model; paths with fewer parameters first, so literals win."""
    grouped: dict[tuple[str, str], list[tuple[dict[str, str], OperationEndpoint]]] = {}
    for op in sorted(mock.connector.operations, key=lambda op: len(_path_parameters(op.path))):
        template, names = route_template(op.path)
        fixed = dict(parse_qsl(op.path.partition("?")[2]))
        handler = mock.behaviour.handler(op) or mock.generic.handler(op)
        grouped.setdefault((template, op.method.upper()), []).append(
            (fixed, OperationEndpoint(mock, op, handler, names)))
    methods: dict[str, list[str]] = {}
    for template, method in grouped:
        methods.setdefault(template, []).append(method)
    for (template, method), endpoints in grouped.items():
        shadows = [(re.compile(re.escape(mock.base_path) + _pattern(other)), sorted(methods[other]))
                   for other in methods if method not in methods[other] and _shadows(other, template)]
        for _, endpoint in endpoints:
            endpoint.shadows = shadows
    return [Route(mock.base_path + template, endpoints[0][1] if len(endpoints) == 1 and not endpoints[0][0]
                  else QueryDispatch(endpoints), methods=[method])
            for (template, method), endpoints in grouped.items()]


def _shadows(literal: str, template: str) -> bool:
    """Whether `literal` is another template, with a literal segment where `template` has a parameter, and matches
    some of the same URLs (segment by segment)."""
    mine, theirs = template.strip("/").split("/"), literal.strip("/").split("/")
    if literal == template or len(mine) != len(theirs):
        return False
    more_literal = False
    for a, b in zip(mine, theirs):
        if a == b:
            continue
        if not (a.startswith("{") and a.endswith("}")) or (b.startswith("{") and b.endswith("}")):
            return False
        more_literal = True
    return more_literal


def _pattern(template: str) -> str:
    return "".join("[^/]+" if part.startswith("{") else re.escape(part)
                   for part in re.split(r"(\{[^{}/]+\})", template))


async def _http_error(request: Request, exc: HTTPException) -> Response:
    behaviour = request.app.state.mock.behaviour
    if exc.status_code == 405:
        allowed = sorted(_allowed_methods(request))
        return behaviour.error_response(ApiError(405, Problem(ErrorCode.METHOD_NOT_ALLOWED, f"{request.method} is "
                                                              f"not allowed here; use {', '.join(allowed)}"),
                                                 headers={"Allow": ", ".join(allowed)}))
    if exc.status_code == 404:
        return behaviour.error_response(ApiError(404, Problem(ErrorCode.NOT_FOUND, f"no route {request.url.path}")))
    return behaviour.error_response(ApiError(exc.status_code, Problem(ErrorCode.INVALID_VALUE, str(exc.detail)),
                                             headers=exc.headers))


async def _server_error(request: Request, exc: Exception) -> Response:
    return request.app.state.mock.behaviour.error_response(
        ApiError(500, Problem(ErrorCode.INTERNAL, f"the mock failed: {type(exc).__name__}")))


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

    app = Starlette(routes=operation_routes(mock) + control.routes(mock) + mock.behaviour.routes(), lifespan=lifespan,
                    exception_handlers={HTTPException: _http_error, Exception: _server_error},
                    middleware=[Middleware(BodyLimit, limit=mock.settings.max_body_bytes,
                                           too_large=lambda limit: mock.behaviour.error_response(_too_large(limit)))])
    # A trailing slash names another path, which the API does not have: 404, not a redirect.
    app.router.redirect_slashes = False
    app.state.mock = mock
    return app
