"""The contract run under test: the repository's TrueDialog definition against its mock, whole or broken."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Callable

import pytest

from generator.build import Build, render_project
from generator.contract.run import ContractSettings, contract_report
from generator.contract.target import mock_target

ROOT = Path(__file__).resolve().parents[2]
SEED = 20240601


@pytest.fixture(scope="session")
def build() -> Build:
    result = render_project(ROOT)
    assert result.ok, result.findings
    return result


def _full_run():
    build = render_project(ROOT)
    return contract_report(build, mock_target(build), ContractSettings(max_examples=5, seed=SEED))


@pytest.fixture(scope="session")
def full_report(build):
    """One whole contract run against the intact mock, shared by the tests that read it.

    It runs in a new interpreter, as `connector test` does: what a seeded run draws is reproducible
    only there, since modules other tests import into this process change what it generates.
    """
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_full_run)


Rewrite = Callable[[dict, int, list, bytes], tuple[int, list, bytes]]


def rewriting(rewrite: Rewrite) -> Callable:
    """An ASGI middleware factory: `rewrite(scope, status, headers, body)` may change any response of the mock."""

    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            start: dict = {}
            chunks: list[bytes] = []

            async def capture(message):
                if message["type"] == "http.response.start":
                    start.update(message)
                    return
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                status, headers, body = rewrite(scope, start["status"], list(start.get("headers", [])),
                                                b"".join(chunks))
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})

            await app(scope, receive, capture)

        return wrapped

    return wrap


def json_rewrite(path_suffix: str, status: int, change: Callable[[object], object], method: str | None = None):
    """Rewrite the JSON body of the answers with `status` to requests whose path ends with `path_suffix`."""

    def rewrite(scope, answered, headers, body):
        if answered == status and scope["path"].endswith(path_suffix) and method in (None, scope["method"]):
            body = json.dumps(change(json.loads(body))).encode()
        return answered, headers, body

    return rewriting(rewrite)


class ServerThread:
    """An ASGI app served by uvicorn on a free loopback port, in a thread: a server at a real URL."""

    def __init__(self, app) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            self.thread.join(0.01)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
