"""The connections (credential pairs) a contract run spreads its calls over.

Power Platform counts calls per connection. A contract run sends thousands of requests in well under
a minute; through one connection the 101st would answer 429 and every later check would be about the
throttle instead of the contract. Against the in-process mock the run gets as many seeded connections
as it needs and moves to the next one after a share of the budget. Against a live endpoint there is
the one connection the user gives, and schemathesis honors Retry-After instead.
"""

from __future__ import annotations

import base64
import copy
import threading
from dataclasses import dataclass
from typing import Any, Sequence

# A connection carries this fraction of its budget in generated cases: some checks send further
# requests with the same credentials (an unsupported method, a resource that should exist...).
SHARE_OF_BUDGET = 4


@dataclass(frozen=True)
class Connection:
    username: str
    password: str

    @property
    def header(self) -> str:
        """The HTTP Basic Authorization header of this connection."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode("utf-8")).decode("ascii")
        return f"Basic {token}"


class ConnectionPool:
    """Hands out connections in turn, `share` cases each; wraps around when all are used (thread-safe)."""

    def __init__(self, connections: Sequence[Connection], share: int | None = None) -> None:
        if not connections:
            raise ValueError("a connection pool needs at least one connection")
        self.connections = tuple(connections)
        self.share = share
        self._lock = threading.Lock()
        self._handed = 0

    def next(self) -> Connection:
        with self._lock:
            index = self._handed // self.share if self.share else 0
            self._handed += 1
            return self.connections[index % len(self.connections)]

    @property
    def used(self) -> int:
        """How many connections have carried at least one case."""
        if not self.share:
            return 1 if self._handed else 0
        return min(len(self.connections), -(-self._handed // self.share))

    def owns(self, authorization: str | None) -> bool:
        return any(c.header == authorization for c in self.connections)


def seed_with_connections(seed: dict[str, Any], count: int, prefix: str = "contract") -> tuple[dict, list[Connection]]:
    """A copy of a mock seed with `count` more users in the account of its first user.

    They act as `count` connections of one tenant: same account and rights, each its own throttle budget.
    """
    grown = copy.deepcopy(seed)
    account_id = grown["users"][0]["accountId"]
    connections = [Connection(f"{prefix}-key-{n}", f"{prefix}-secret-{n}") for n in range(count)]
    grown["users"].extend({"userName": f"{prefix}.{n}", "apiKey": c.username, "apiSecret": c.password,
                           "accountId": account_id} for n, c in enumerate(connections))
    return grown, connections
