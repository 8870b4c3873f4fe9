"""No password, secret or token is ever printed: banner, start-up errors, seed errors, reports."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.cli import main
from generator.findings import Finding, Location, Severity
from generator.redact import redact, redact_query, redact_url, secret_values
from generator.report import FORMATS, render_findings
from tests.mock.servers import REDIS, ROOT, MockProcess, free_port, needs_redis

PASSWORD = "hunter2-redis-pw"
API_SECRET = "s3cr3t-from-the-command-line"


@pytest.mark.parametrize("url, shown", [
    ("redis://:pw@10.0.0.1:6379/0", "redis://***@10.0.0.1:6379/0"),
    ("rediss://user:p%40ss@cache.example:6380/1", "rediss://***@cache.example:6380/1"),
    ("https://user:token@api.example/v1?next=a@b", "https://***@api.example/v1?next=a@b"),
    ("memory://", "memory://"),
    ("http://api.example/a@b", "http://api.example/a@b"),
])
def test_redact_url_hides_userinfo_only(url, shown):
    assert redact_url(url) == shown
    assert redact(f"cannot reach '{url}': refused") == f"cannot reach '{shown}': refused"


def test_redact_hides_known_secrets_and_short_ones_only_where_they_stand_alone():
    assert redact("key abc, secret 'Zq9!long'", ["Zq9!long"]) == "key abc, secret '***'"
    assert redact("42 is not of type 'string' (in 4242)", ["42"]) == "*** is not of type 'string' (in 4242)"
    assert sorted(secret_values({"users": [{"apiKey": "k", "apiSecret": ["a", 7]}], "callbackToken": "t"})) == \
        ["7", "a", "t"]


def test_redact_query_hides_credential_parameters_only():
    assert redact_query("/a?api_key=k1&keyword=STOP&Subscription-Key=k2&access_token=t&authorId=5&code=c") == \
        "/a?api_key=***&keyword=STOP&Subscription-Key=***&access_token=***&authorId=5&code=***"
    assert redact_query("/a/b") == "/a/b"


def test_the_banner_never_shows_a_secret_given_on_the_command_line():
    with MockProcess("--api-key", "flow-key", "--api-secret", API_SECRET) as server:
        banner = "\n".join(server.banner)
    assert "'flow-key'" in banner and API_SECRET not in banner
    assert "(API key / API secret): 'flow-key' / ***" in banner


def test_the_banner_shows_the_documented_default_credentials():
    with MockProcess() as server:
        assert "'mock-api-key' / 'mock-api-secret' (the default)" in "\n".join(server.banner)


def test_an_unreachable_redis_error_hides_the_password(runner):
    uri = f"redis://:{PASSWORD}@127.0.0.1:{free_port()}/0"
    result = runner.invoke(main, ["mock", str(ROOT), "--storage", uri, "--port", "0"])
    assert result.exit_code == 1
    assert "cannot reach the throttle storage redis://***@127.0.0.1" in result.output
    assert PASSWORD not in result.output


@pytest.mark.parametrize("uri", [f"redis://:{PASSWORD}@127.0.0.1:notaport/0", f"redis://:{PASSWORD}@/0",
                                 f"redis://:{PASSWORD}@127.0.0.1/db", f"mongodb://u:{PASSWORD}@127.0.0.1/0"])
def test_an_invalid_storage_uri_error_hides_the_password(uri, runner):
    result = runner.invoke(main, ["mock", str(ROOT), "--storage", uri, "--port", "0"])
    assert result.exit_code == 1 and "mock failed" in result.output
    assert PASSWORD not in result.output and "***@" in result.output


@pytest.fixture
def redis_with_password():
    port = free_port()
    process = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--requirepass", PASSWORD], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis(port=port, password=PASSWORD).ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline and process.poll() is None, "redis-server did not start"
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(10)


@needs_redis
def test_the_banner_hides_the_redis_password(redis_with_password):
    with MockProcess("--storage", f"redis://:{PASSWORD}@127.0.0.1:{redis_with_password}/0") as server:
        banner = "\n".join(server.banner)
    assert f"(redis://***@127.0.0.1:{redis_with_password}/0)" in banner
    assert PASSWORD not in banner and PASSWORD not in server.stderr()


@needs_redis
def test_a_wrong_redis_password_error_hides_it(redis_with_password, runner):
    wrong = "not-the-" + PASSWORD
    result = runner.invoke(main, ["mock", str(ROOT), "--storage", f"redis://:{wrong}@127.0.0.1:{redis_with_password}/0",
                                  "--port", "0"])
    assert result.exit_code == 1 and "cannot reach the throttle storage redis://***@" in result.output
    assert wrong not in result.output


def test_seed_errors_do_not_echo_an_api_secret(runner, tmp_path):
    seed = tmp_path / "seed.yaml"
    seed.write_text("accounts:\n  - id: 1\n    name: Root\nusers:\n"
                    "  - {userName: a, apiKey: k1, apiSecret: 987654321, accountId: 1}\n"
                    "  - {userName: b, apiKey: k2, apiSecret: [TopSecretValue42], accountId: 1}\n", "utf-8")
    result = runner.invoke(main, ["mock", str(ROOT), "--seed", str(seed), "--port", "0"])
    assert result.exit_code == 1 and "users/0/apiSecret" in result.output and "users/1/apiSecret" in result.output
    assert "987654321" not in result.output and "TopSecretValue42" not in result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_reports_hide_passwords_in_urls(fmt):
    finding = Finding("host", Severity.ERROR, "host https://admin:CorrectHorse@api.example is not allowed",
                      Location("apiDefinition.swagger.json", "/host", 3, 5))
    text = render_findings([finding], fmt)
    assert "CorrectHorse" not in text and "https://***@api.example" in text


def test_a_server_url_with_credentials_is_not_echoed(runner):
    url = f"http://tester:{PASSWORD}@127.0.0.1:{free_port()}"
    result = runner.invoke(main, ["test", str(ROOT), "--base-url", url, "--username", "u", "--password", API_SECRET])
    assert result.exit_code == 1 and "cannot reach http://***@127.0.0.1" in result.output
    assert PASSWORD not in result.output and API_SECRET not in result.output


def test_the_access_log_hides_credentials_in_query_strings():
    import httpx

    with MockProcess("--access-log") as server:
        httpx.get(f"{server.url}/api/v2.1/userinfo?api_key=QueryKey123&token=QueryToken456&page=2", timeout=10)
        # uvicorn writes its access log to standard output, after the banner.
        log = server.process.stdout.readline()
    assert "/api/v2.1/userinfo?api_key=***&token=***&page=2" in log
    assert "QueryKey123" not in log and "QueryToken456" not in log


class _Echo(BaseHTTPRequestHandler):
    """A careless server: every answer quotes the credentials it was sent."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        credentials = base64.b64decode(self.headers.get("Authorization", "Basic ")[6:] or b"").decode()
        body = json.dumps({"id": "1", "size": 1, "seen": credentials}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, *args):
        pass


def test_contract_reports_hide_credentials_a_server_echoes(runner, minimal_project, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    report = tmp_path / "junit.xml"
    try:
        result = runner.invoke(main, ["test", str(minimal_project), "--base-url",
                                      f"http://127.0.0.1:{server.server_address[1]}", "--username", "tester",
                                      "--password", API_SECRET, "--max-examples", "1", "--report", f"junit:{report}"])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1, result.output
    assert "***" in result.output and API_SECRET not in result.output
    assert API_SECRET not in report.read_text("utf-8")
