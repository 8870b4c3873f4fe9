"""`connector mock`: the app served by uvicorn, on a socket bound before the banner is printed."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit
from typing import Callable

from generator.mock.app import Mock, create_app
from generator.mock.settings import MockSettings
from generator.model import Connector
from generator.redact import redact


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
    user, root = mock.root_user, mock.state.accounts[mock.root_user.account_id]
    # Only the built-in seed's secret is shown: it is public (docs/mock.md). A secret given by --api-secret or
    # written in a seed file is the user's, and is never printed.
    if mock.settings.api_secret is not None:
        secret = "*** (the one given by --api-secret)"
    elif mock.settings.seed is not None:
        secret = f"*** (the seed file's apiSecret of user {user.user_name!r})"
    else:
        secret = repr(user.api_secret)
    lines = [
        f"{mock.connector.title} mock serving {len(mock.connector.operations)} operations at {url}{mock.base_path}",
        f"  credentials   API key {user.api_key!r}, API secret {secret} (HTTP Basic)",
        f"  root account  {root.id} ({root.name}), default long code "
        f"{root.default_channel().code if root.default_channel() else 'none'}",
        f"  throttle      {mock.throttle.describe()}",
        f"  simulation    POST {url}/_mock/inbound, GET {url}/_mock/deliveries, GET {url}/_mock/state",
    ]
    for op in mock.unhandled():
        lines.append(f"  warning       no behaviour for {op.method.upper()} {op.path} ({op.display_name}): "
                     "it answers 501")
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
    uvicorn.Server(config).run(sockets=[sock])
