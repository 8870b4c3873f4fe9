"""The connections (credentials) a contract run spreads its calls over.

Power Platform counts calls per connection. A contract run sends thousands of requests in well under
a minute; through one connection the 101st would answer 429 and every later check would be about the
throttle instead of the contract. Against the in-process mock the run gets as many seeded connections
as it needs and moves to the next one after a share of the budget. Against a live endpoint there is
the one connection the user gives, and schemathesis honors Retry-After instead.
"""

from __future__ import annotations

import threading
from typing import Any, Mapping, Sequence

from generator.mock.auth import API_KEY, BASIC, OAUTH2, Credentials, schemes

# A connection carries this fraction of its budget in generated cases: some checks send further
# requests with the same credentials (an unsupported method, a resource that should exist...).
SHARE_OF_BUDGET = 4

# A connection is a credential as the definition's security scheme carries it (see generator.mock.auth).
Connection = Credentials


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

    def owns(self, headers: Mapping[str, str], query: Mapping[str, str] | None = None) -> bool:
        """Whether a request's headers (or query) carry one of the pool's credentials."""
        lowered = {k.lower(): v for k, v in headers.items()}
        for c in self.connections:
            carried = {k.lower(): v for k, v in c.headers().items()}
            if carried and all(lowered.get(k) == v for k, v in carried.items()):
                return True
            if c.query() and query is not None and all(query.get(k) == v for k, v in c.query().items()):
                return True
        return False


class CredentialsError(ValueError):
    """The credentials given do not fit what the definition's security declares."""


def live_connection(swagger: Mapping[str, Any], username: str | None = None, password: str | None = None,
                    api_key: str | None = None, token: str | None = None) -> Connection | None:
    """The connection to a live API from the credentials given, as the definition's first fitting scheme carries
    them; None when the definition declares no security. CredentialsError says what is missing."""
    declared = schemes(swagger.get("securityDefinitions"))
    if not declared:
        return None
    for scheme in declared:
        if scheme.kind == BASIC and username and password:
            return Credentials(scheme, (username, password))
        if scheme.kind == API_KEY and api_key:
            return Credentials(scheme, (api_key,))
        if scheme.kind == OAUTH2 and token:
            return Credentials(scheme, (token,))
    wanted = " or ".join({BASIC: "--username and --password", API_KEY: "--api-key", OAUTH2: "--token"}[s.kind]
                         for s in declared)
    raise CredentialsError(f"the definition declares {' or '.join(s.describe() for s in declared)}: give {wanted}")

