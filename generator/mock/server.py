"""`connector mock`: the app served by uvicorn, on a socket bound before the banner is printed."""

from __future__ import annotations

import logging
import socket
from urllib.parse import urlsplit
from typing import Callable

from generator.mock.app import Mock, create_app
from generator.mock.settings import MockSettings
from generator.model import Connector
from generator.redact import HIDDEN, redact, redact_query


class MockStartError(Exception):
    """The mock cannot start (port taken, Redis unreachable...); the message says why."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; port 0 picks a free one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        raise MockStartError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def check_redis(uri: str) -> None:
    """Fail early and clearly when the shared throttle storage cannot be reached."""
    import redis

    try:
        redis.Redis.from_url(uri, socket_connect_timeout=3).ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        # redis-py's messages can quote the URL, password included.
        message = redact(f"cannot reach the throttle storage {uri}: {exc}", [urlsplit(uri).password])
        raise MockStartError(message) from None


def banner(mock: Mock, url: str) -> str:
    """What the mock serves and accepts. Every line about credentials is made here, and only here."""
    pack = mock.behaviour
    lines = [f"{mock.connector.title} mock serving {len(mock.connector.operations)} operations at {url}{mock.base_path}"]
    for scheme, values, default in pack.credentials():
        # The documented defaults are public (docs/mock.md). Credentials the user gave are theirs: the last value
        # of each (the password, the key, the token) is never printed.
        shown = " / ".join([repr(v) for v in values] if default else [*map(repr, values[:-1]), HIDDEN])
        lines.append(f"  credentials   {scheme}: {shown}{' (the default)' if default else ''}")
    if mock.auth.open:
        lines.append("  credentials   none: the definition declares no security")
    lines += [f"  {label:<13} {text}" for label, text in pack.banner()]
    lines.append(f"  throttle      {mock.throttle.describe() if mock.throttle else 'off (the project declares none)'}")
    lines.append(f"  behaviour     {pack.name}" + (f"; generic answers for {', '.join(op.display_name for op in unhandled)}"
                                                    if mock.pack and (unhandled := mock.unhandled()) else ""))
    lines.append(f"  control       POST {url}/_mock/triggers/{{operationId}}, GET {url}/_mock/deliveries, "
                 f"GET {url}/_mock/state")
    return "\n".join(lines)


def serve(connector: Connector, settings: MockSettings, echo: Callable[[str], None] = print,
          access_log: bool = False) -> None:
    """Run the mock until interrupted."""
    import uvicorn

    if not settings.storage.startswith("memory"):
        check_redis(settings.storage)
    app = create_app(connector, settings)
    sock = bind(settings.host, settings.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    echo(banner(app.state.mock, f"http://{shown}:{port}"))
    config = uvicorn.Config(app, log_level="info" if access_log else "warning", access_log=access_log,
                            lifespan="on")
    # Set after Config, which configures uvicorn's loggers. An API key may travel in the query string.
    logging.getLogger("uvicorn.access").addFilter(_redact_access_record)
    uvicorn.Server(config).run(sockets=[sock])


def _redact_access_record(record: logging.LogRecord) -> bool:
    """uvicorn's access record (client, method, target, version, status) with credentials in the target hidden."""
    if isinstance(record.args, tuple) and len(record.args) == 5 and isinstance(record.args[2], str):
        client, method, target, version, status = record.args
        record.args = (client, method, redact_query(target), version, status)
    return True
