"""Real processes for the tests that need them: `connector mock`, redis-server, a webhook receiver."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (.ci/run installs it with "
                                                       "apt-get): the shared-budget throttle cannot be tested")
START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MockProcess:
    """`connector mock --port 0 ...` in a child process; `url` is read from the banner it prints."""

    def __init__(self, *args: str, project: Path = ROOT) -> None:
        self.args = [sys.executable, "-m", "generator", "mock", str(project), "--port", "0", *args]
        self.process: subprocess.Popen | None = None
        self.url = ""
        self.banner: list[str] = []

    def __enter__(self) -> MockProcess:
        # stderr goes to a file: a pipe nobody reads could fill up and stall the server.
        self.errors = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=self.errors, text=True, cwd=ROOT)
        first = self.process.stdout.readline()
        if not first:
            self.__exit__()
            raise RuntimeError(f"the mock did not start: {self.stderr()}")
        self.banner.append(first.rstrip("\n"))
        found = re.search(r"at (http://\S+?)/api/v2\.1", first)
        assert found, first
        self.url = found.group(1)
        # The banner ends with the control routes' line.
        while not self.banner[-1].lstrip().startswith("control"):
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"the banner stopped early: {self.banner}")
            self.banner.append(line.rstrip("\n"))
        return self

    def line(self, label: str) -> str:
        """The banner line with this label (credentials, throttle...)."""
        return next(line for line in self.banner if line.lstrip().startswith(label))

    def stderr(self) -> str:
        self.errors.seek(0)
        return self.errors.read()

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class RedisServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> RedisServer:
        import redis

        self.process = subprocess.Popen([REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.__exit__()
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def flush(self) -> None:
        import redis

        redis.Redis(port=self.port).flushall()

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class WebhookReceiver:
    """An HTTP server on a free port recording the JSON bodies POSTed to it."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                receiver.received.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
