"""One API call as a handler sees it, and what a handler is: the contract between the core and behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from generator.mock.validation import Inputs
from generator.model import Operation

if TYPE_CHECKING:
    from generator.mock.app import Mock


@dataclass(frozen=True)
class Call:
    """One authenticated, validated API call."""

    mock: Mock
    operation: Operation
    request: Request
    # Who called: what the behaviour's authenticate() returned for the credentials (a pack's user...).
    user: Any
    inputs: Inputs
    # The account the path names, when a pack resolves one (checked to exist and to be reachable by the user).
    account: Any = None
    # The last path value besides the account: the id or name the call is about.
    subject: str | None = None

    @property
    def body(self) -> Any:
        return self.inputs.body

    @property
    def pack(self) -> Any:
        """The running mock's behaviour (a pack's, or the generic one)."""
        return self.mock.behaviour


Handler = Callable[[Call], Awaitable[Response]]
