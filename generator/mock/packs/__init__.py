"""Behaviour packs: what one API does beyond what its definition says, added to the generic mock by registration.

The generic mock serves any definition on its own. A pack adds the behaviour of one API (TrueDialog's
contacts, campaigns and callback types live in `generator/mock/packs/truedialog/`). The core imports
no pack by name; it finds them by one rule:

- a pack is a module that defines `PACK`, a `Pack`: any module directly under `generator/mock/packs/`,
  or one that an installed distribution names under the entry point group `connector_toolkit.mock_packs`;
- a pack serves the connectors whose `host` is one of its `hosts`;
- `[tool.connector.mock] pack` (or `connector mock --pack`) names a pack instead, or `none` for the
  generic mock alone.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Callable

from starlette.responses import Response
from starlette.routing import Route

from generator.mock.calls import Call, Handler
from generator.mock.errors import ApiError
from generator.model import Connector, Operation

if TYPE_CHECKING:
    from generator.mock.app import Mock
    from generator.mock.auth import Credentials, Scheme

ENTRY_POINT_GROUP = "connector_toolkit.mock_packs"
AUTO, NONE = "auto", "none"


class Behaviour:
    """What a running mock does beyond routing, throttling and validating: the generic answers.

    A pack subclasses it and overrides what its API does differently; every method here is what the
    generic mock does for any definition.
    """

    name = "generic"

    def __init__(self, mock: Mock) -> None:
        self.mock = mock
        # What the behaviour remembers; the generic mock's collections and subscriptions unless a pack has more.
        self.state: Any = mock.generic.state

    def handler(self, operation: Operation) -> Handler | None:
        """The behaviour of one operation; None leaves it to the generic mock."""
        return None

    def fire(self, trigger: Operation, payload: Any) -> list[Any]:
        """Deliver a notification of a webhook trigger to its subscribers (POST /_mock/triggers/{operationId});
        `payload` is the body given, or generator.mock.responses.MISSING for one made from the schema."""
        return self.mock.generic.fire(trigger, payload)

    def authenticate(self, credentials: Credentials | None) -> Any | None:
        """Who a credential belongs to, or None to answer 401 (`credentials` is None when the call has none)."""
        auth = self.mock.auth
        if auth.open:
            return "anonymous"
        return credentials if credentials is not None and auth.accepts(credentials) else None

    def unauthorized(self) -> ApiError:
        return self.mock.auth.unauthorized()

    async def authorize(self, call: Call) -> Call:
        """The call with whatever the behaviour resolves from its inputs (an account...), or ApiError."""
        return call

    def error_response(self, error: ApiError, operation: Operation | None = None) -> Response:
        """An error as the API writes it on the wire."""
        return self.mock.generic.responses.error(error, operation)

    def routes(self) -> list[Route]:
        """Routes of the behaviour under /_mock/ (simulations of the world outside the API)."""
        return []

    def snapshot(self) -> dict[str, Any]:
        """What the behaviour holds, for GET /_mock/state (never a secret)."""
        return self.mock.generic.state.snapshot()

    def credentials(self) -> list[tuple[str, tuple[str, ...], bool]]:
        """(scheme, values, whether they are the documented default) of each credential the banner shows."""
        return [(c.scheme.describe(), c.values, default) for c, default in self.mock.auth.configured]

    def shown_credentials(self) -> list[tuple[Scheme, tuple[str, ...]]]:
        """(scheme, values) of the credentials `connector mock` accepts, for requests a user can replay."""
        return [(c.scheme, c.values) for c, _ in self.mock.auth.configured]

    def banner(self) -> list[tuple[str, str]]:
        """(label, text) lines the banner adds about the behaviour's world."""
        return []

    def new_connections(self, count: int) -> list[Credentials]:
        """`count` more credentials the mock accepts, each its own connection (for contract runs)."""
        return self.mock.auth.new_connections(count)


@dataclass(frozen=True)
class Pack:
    name: str
    # API hosts whose connectors the pack serves.
    hosts: tuple[str, ...]
    # Builds the behaviour for one mock: create(mock, seed), `seed` being pack data already loaded, or None.
    create: Callable[..., Behaviour]
    # Module with the pack's contract hooks (see generator.contract.hooks), imported by contract runs only.
    contract: str | None = None


def available_packs() -> dict[str, Pack]:
    """Every pack found by the rule, by name."""
    found: dict[str, Pack] = {}
    for module in pkgutil.iter_modules(__path__, __name__ + "."):
        pack = getattr(importlib.import_module(module.name), "PACK", None)
        if isinstance(pack, Pack):
            found.setdefault(pack.name, pack)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        pack = entry.load()
        pack = getattr(pack, "PACK", pack)
        if isinstance(pack, Pack):
            found.setdefault(pack.name, pack)
    return found


def find_pack(connector: Connector, choice: str | None = AUTO) -> Pack | None:
    """The pack that serves `connector`: the one named by `choice`, or by the connector's host; None for none."""
    choice = choice or AUTO
    if choice == NONE:
        return None
    packs = available_packs()
    if choice != AUTO:
        if choice not in packs:
            raise ValueError(f"no mock pack named {choice!r}; known: {', '.join(sorted(packs)) or 'none'}, "
                             f"{AUTO}, {NONE}")
        return packs[choice]
    host = (connector.host or "").lower()
    return next((p for p in packs.values() if host and host in p.hosts), None)
