"""TrueDialog's behaviour on one mock: its world (seeded accounts, users, contacts...), its users as the
connections, the account in the path, its error shape and its handlers."""

from __future__ import annotations

import dataclasses
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.mock.auth import BASIC, Credentials, Scheme
from generator.mock.calls import Call, Handler
from generator.mock.errors import ApiError, ErrorCode, Problem, forbidden, not_found
from generator.mock.packs import Behaviour
from generator.mock.packs.truedialog import simulate
from generator.mock.packs.truedialog.events import Events, callback_type_of
from generator.mock.responses import MISSING
from generator.mock.packs.truedialog.handlers import handler_for
from generator.mock.packs.truedialog.handlers.callbacks import delete_callback
from generator.mock.packs.truedialog.state import Callback, MockState, User, load_seed, parse_id
from generator.model import Operation

ACCOUNT_PARAMETER = "accountid"


class TrueDialog(Behaviour):
    name = "truedialog"

    def __init__(self, mock, seed: dict[str, Any] | None = None) -> None:
        super().__init__(mock)
        from generator.mock.app import SeedError

        settings = mock.settings
        if seed is None:
            seed, findings = load_seed(settings.seed)
            if seed is None:
                raise SeedError(findings)
        self.state = MockState(seed, mock.clock)
        # TrueDialog calls the Basic user name its API key, and the password its API secret.
        self.state.set_credentials(self.state.users[0], settings.username or settings.api_key,
                                   settings.password or settings.api_secret)
        self.events = Events(mock.connector, self.state, mock.webhooks)

    @property
    def root_user(self) -> User:
        """The seed's first user, whose credentials --username and --password replace."""
        return self.state.users[0]

    def handler(self, operation: Operation) -> Handler | None:
        return handler_for(operation)

    def fire(self, trigger: Operation, payload: Any) -> list[Any]:
        """A notification to every active callback of the trigger's callback type, in any account."""
        kind = callback_type_of(trigger)
        if kind is None:
            return super().fire(trigger, payload)
        if payload is MISSING:
            schema = trigger.notification.schema if trigger.notification is not None else {}
            payload = self.mock.generic.responses.faker.value(schema, "notification")
        name = trigger.operation_id or str(kind)
        return [self.mock.webhooks.send(c.id, kind, name, c.url, payload) for c in self.state.callbacks.values()
                if c.active and c.callback_type == kind]

    def authenticate(self, credentials: Credentials | None) -> User | None:
        if credentials is None or credentials.scheme.kind != BASIC:
            return None
        return self.state.authenticate(*credentials.values)

    def unauthorized(self) -> ApiError:
        return ApiError(401, Problem(ErrorCode.UNAUTHORIZED, "Authorization has been denied for this request: "
                                     "send the API key and secret with HTTP Basic authentication"),
                        headers={"WWW-Authenticate": 'Basic realm="TrueDialog"'})

    async def authorize(self, call: Call) -> Call:
        """The account in the path must exist and be the user's own or one below it."""
        ordered = _path_parameters(call.operation.path)
        account_parameter = next((n for n in ordered if n.lower() == ACCOUNT_PARAMETER), None)
        subject_parameter = next((n for n in reversed(ordered) if n != account_parameter), None)
        subject = call.inputs.path.get(subject_parameter) if subject_parameter else None
        account = None
        if account_parameter is not None:
            text = call.inputs.path.get(account_parameter, "")
            account = self.state.accounts.get(parse_id(text))
            if account is None:
                raise not_found(f"account {text!r} does not exist", "Account")
            if not self.state.reaches(call.user, account):
                raise forbidden(f"user {call.user.user_name} may not use account {account.id}", "Account")
        return dataclasses.replace(call, account=account, subject=subject)

    def error_response(self, error: ApiError, operation: Operation | None = None) -> Response:
        """TrueDialog's shape: a JSON array of {ErrorCodeId, ErrorMessage, ObjectType, PropertyName}."""
        return JSONResponse([p.to_json() for p in error.problems], error.status, headers=error.headers)

    def routes(self) -> list[Route]:
        return simulate.routes(self)

    def snapshot(self) -> dict[str, Any]:
        return self.state.snapshot()

    def credentials(self) -> list[tuple[str, tuple[str, ...], bool]]:
        user, settings = self.root_user, self.mock.settings
        given = settings.username or settings.api_key or settings.password or settings.api_secret
        return [("HTTP Basic (API key / API secret)", (user.api_key, user.api_secret), not given)]

    def shown_credentials(self) -> list[tuple[Scheme, tuple[str, ...]]]:
        return [(Scheme(BASIC), (self.root_user.api_key, self.root_user.api_secret))]

    def banner(self) -> list[tuple[str, str]]:
        root = self.state.accounts[self.root_user.account_id]
        channel = root.default_channel()
        return [("root account", f"{root.id} ({root.name}), default long code {channel.code if channel else 'none'}"),
                ("simulation", "POST /_mock/inbound, POST /_mock/keywords")]

    def new_connections(self, count: int) -> list[Credentials]:
        """`count` more users in the root user's account: connections of one tenant, each its own budget."""
        made = []
        for n in range(count):
            user = self.state.add_user(f"contract.{n}", f"contract-key-{n}", f"contract-secret-{n}",
                                       self.root_user.account_id)
            made.append(Credentials(Scheme(BASIC), (user.api_key, user.api_secret)))
        return made

    def callback_location(self, request: Request, trigger: Operation, callback: Callback) -> str | None:
        """Absolute URL of the operation that deletes `callback` (the trigger's unsubscribe operation)."""
        connector = self.mock.connector
        if trigger.unsubscribe:
            target = connector.operation(trigger.unsubscribe)
        else:
            # A plain swagger file does not name it (the platform just calls DELETE on the Location): the
            # DELETE operation with the callback-deleting behaviour stands in.
            target = next((op for op in connector.operations
                           if op.method == "delete" and handler_for(op) is delete_callback), None)
        if target is None:
            return None
        path = target.path
        for name in _path_parameters(path):
            value = callback.account_id if name.lower() == ACCOUNT_PARAMETER else callback.id
            path = path.replace("{" + name + "}", str(value))
        return str(request.base_url).rstrip("/") + self.mock.base_path + path


def _path_parameters(path: str) -> list[str]:
    return [segment[1:-1] for segment in path.split("/") if segment.startswith("{") and segment.endswith("}")]
