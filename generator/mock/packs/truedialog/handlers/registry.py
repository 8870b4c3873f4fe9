"""Handlers of API operations, registered by operationId."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from generator.mock.state import Account, User
from generator.mock.validation import Inputs
from generator.model import Operation

if TYPE_CHECKING:
    from generator.mock.app import Mock


@dataclass(frozen=True)
class Call:
    """One authenticated, validated API call, as a handler sees it."""

    mock: Mock
    operation: Operation
    request: Request
    user: User
    inputs: Inputs
    # The account named by the path, already checked to exist and to be reachable by the user.
    account: Account | None
    # The last path value besides the account: the contact id, phone number or callback id the call is about.
    subject: str | None = None

    @property
    def body(self):
        return self.inputs.body


Handler = Callable[[Call], Awaitable[Response]]
HANDLERS: dict[str, Handler] = {}


def handles(*operation_ids: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for operation_id in operation_ids:
            HANDLERS[operation_id] = handler
        return handler

    return register
