"""Authentication as the definition declares it: HTTP Basic, an API key in a header or the query, OAuth 2.

Each security scheme of the definition reads its own credential from a request: Basic the
Authorization header, an API key its declared header or query parameter, OAuth 2 a bearer token.
The credential read is also the connection the throttle counts: a digest of it, never the secret itself.
A definition that declares no scheme lets every call through as one anonymous connection.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import itertools
from dataclasses import dataclass
from typing import Mapping

from generator.mock.errors import ApiError, ErrorCode, Problem
from generator.mock.throttle import connection_key
from generator.model import Connector

BASIC, API_KEY, OAUTH2, NO_SECURITY = "basic", "apiKey", "oauth2", "none"
# What the mock accepts when the command line and the configuration give nothing.
DEFAULT_USERNAME, DEFAULT_PASSWORD = "mock-user", "mock-password"
DEFAULT_API_KEY, DEFAULT_TOKEN = "mock-api-key", "mock-token"


@dataclass(frozen=True)
class Scheme:
    """One security scheme: its kind and, for an API key, where it travels (header or query) and its name."""

    kind: str
    where: str = "header"
    name: str = "Authorization"

    def describe(self) -> str:
        if self.kind == NO_SECURITY:
            return "no credentials"
        if self.kind == BASIC:
            return "HTTP Basic"
        if self.kind == API_KEY:
            return f"API key in the {self.name!r} {'query parameter' if self.where == 'query' else 'header'}"
        return "OAuth 2 bearer token"


@dataclass(frozen=True)
class Credentials:
    """A credential as a request carries it: its scheme and its values ((user, password), (key,) or (token,))."""

    scheme: Scheme
    values: tuple[str, ...]

    @property
    def key(self) -> str:
        """The throttle's counter key: a digest of the credential, so no secret is ever stored."""
        return connection_key(*self.values)

    def headers(self) -> dict[str, str]:
        """The request headers that carry this credential."""
        if self.scheme.kind == BASIC:
            token = base64.b64encode(":".join(self.values).encode("utf-8")).decode("ascii")
            return {"Authorization": f"Basic {token}"}
        if self.scheme.kind == OAUTH2:
            return {"Authorization": f"Bearer {self.values[0]}"}
        if self.scheme.kind == API_KEY and self.scheme.where == "header":
            return {self.scheme.name: self.values[0]}
        return {}

    def query(self) -> dict[str, str]:
        """The query parameters that carry this credential."""
        return {self.scheme.name: self.values[0]} if self.scheme.kind == API_KEY and self.scheme.where == "query" \
            else {}


# The connection of a definition that declares no security: it carries nothing.
ANONYMOUS = Credentials(Scheme(NO_SECURITY), ())


def schemes(security_definitions: Mapping | None) -> list[Scheme]:
    """The definition's security schemes the mock can check, in the order it declares them."""
    found = []
    for scheme in (security_definitions if isinstance(security_definitions, Mapping) else {}).values():
        if not isinstance(scheme, Mapping):
            continue
        kind = scheme.get("type")
        if kind == BASIC or kind == OAUTH2:
            found.append(Scheme(kind))
        elif kind == API_KEY and isinstance(scheme.get("name"), str) and scheme.get("in") in ("header", "query"):
            found.append(Scheme(API_KEY, scheme["in"], scheme["name"]))
    return found


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


class Authenticator:
    """Reads a request's credential by the definition's schemes, and knows which credentials it accepts."""

    def __init__(self, connector: Connector, username: str | None = None, password: str | None = None,
                 api_key: str | None = None, token: str | None = None) -> None:
        self.schemes = schemes(connector.security_definitions)
        # Per scheme: the credential it accepts, and whether that is the documented default.
        self.configured = [(Credentials(scheme, self._given(scheme, username, password, api_key, token)),
                            self._is_default(scheme, username, password, api_key, token)) for scheme in self.schemes]
        self.accepted: set[Credentials] = {credentials for credentials, _ in self.configured}
        self._generated = itertools.count()

    @property
    def open(self) -> bool:
        """No scheme declared: every call is let through."""
        return not self.schemes

    @staticmethod
    def _given(scheme: Scheme, username, password, api_key, token) -> tuple[str, ...]:
        if scheme.kind == BASIC:
            return (username or DEFAULT_USERNAME, password or DEFAULT_PASSWORD)
        if scheme.kind == OAUTH2:
            return (token or DEFAULT_TOKEN,)
        return (api_key or DEFAULT_API_KEY,)

    @staticmethod
    def _is_default(scheme: Scheme, username, password, api_key, token) -> bool:
        if scheme.kind == BASIC:
            return not (username or password)
        return not (token if scheme.kind == OAUTH2 else api_key)

    def read(self, headers: Mapping[str, str], query: Mapping[str, str]) -> Credentials | None:
        """The credential the request carries for the first scheme that finds one, or None."""
        for scheme in self.schemes:
            if scheme.kind == BASIC:
                pair = basic_credentials(headers.get("authorization"))
                if pair is not None:
                    return Credentials(scheme, pair)
            elif scheme.kind == OAUTH2:
                kind, _, token = (headers.get("authorization") or "").partition(" ")
                if kind.lower() == "bearer" and token.strip():
                    return Credentials(scheme, (token.strip(),))
            else:
                source = headers if scheme.where == "header" else query
                value = source.get(scheme.name.lower() if scheme.where == "header" else scheme.name)
                if value:
                    return Credentials(scheme, (value,))
        return None

    def accepts(self, credentials: Credentials) -> bool:
        # Compared in constant time, value by value, against every accepted credential of the same scheme.
        return any(c.scheme == credentials.scheme and len(c.values) == len(credentials.values)
                   and all(hmac.compare_digest(a.encode(), b.encode()) for a, b in zip(c.values, credentials.values))
                   for c in self.accepted)

    def new_connections(self, count: int, prefix: str = "contract") -> list[Credentials]:
        """`count` more accepted credentials of the first scheme (a contract run spreads its calls over them)."""
        if not self.schemes:
            return []
        scheme, made = self.schemes[0], []
        for _ in range(count):
            n = next(self._generated)
            values = (f"{prefix}-user-{n}", f"{prefix}-password-{n}") if scheme.kind == BASIC \
                else (f"{prefix}-{scheme.kind.lower()}-{n}",)
            credentials = Credentials(scheme, values)
            self.accepted.add(credentials)
            made.append(credentials)
        return made

    def unauthorized(self) -> ApiError:
        """401 saying what the definition accepts, with a challenge for each scheme sent in Authorization."""
        wanted = " or ".join(s.describe() for s in self.schemes)
        challenges = [{BASIC: 'Basic realm="mock"', OAUTH2: 'Bearer realm="mock"'}.get(s.kind) for s in self.schemes]
        challenge = ", ".join(c for c in challenges if c)
        return ApiError(401, Problem(ErrorCode.UNAUTHORIZED, f"missing or wrong credentials: send {wanted}"),
                        headers={"WWW-Authenticate": challenge} if challenge else {})
