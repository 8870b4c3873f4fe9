"""With redis:// storage, mocks share one budget per connection: against a real redis-server started here."""

from __future__ import annotations

import logging

import httpx
import pytest

from generator.mock.app import create_app
from generator.mock.settings import MockSettings
from tests.mock.conftest import AUTH, BASE, OTHER_TENANT
from tests.mock.servers import MockProcess, RedisServer, needs_redis

pytestmark = [needs_redis]


@pytest.fixture(scope="module")
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_uri(redis_server):
    redis_server.flush()
    return redis_server.uri


@pytest.mark.anyio
async def test_two_apps_on_one_redis_share_each_connections_budget(build, redis_uri):
    settings = MockSettings(storage=redis_uri, calls=10, renewal_period=60)
    first, second = create_app(build, settings), create_app(build, settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(first), base_url="http://one") as one, \
            httpx.AsyncClient(transport=httpx.ASGITransport(second), base_url="http://two") as two:
        statuses = [(await (one if n % 2 else two).get(f"{BASE}/userinfo", auth=AUTH)).status_code
                    for n in range(12)]
        assert statuses == [200] * 10 + [429, 429]
        refused = await one.get(f"{BASE}/userinfo", auth=AUTH)
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.json()["message"] == f"Rate limit is exceeded. Try again in {refused.headers['Retry-After']} " \
                                            "seconds."
        assert (await two.get(f"{BASE}/userinfo", auth=OTHER_TENANT)).status_code == 200


def test_two_mock_processes_share_one_budget_per_connection(redis_uri):
    with MockProcess("--storage", redis_uri) as a, MockProcess("--storage", redis_uri) as b:
        assert "100 calls per 60 s per connection (redis://" in a.line("throttle")
        with httpx.Client(auth=AUTH, timeout=10) as client:
            statuses = [client.get(f"{(a, b)[n % 2].url}{BASE}/userinfo").status_code for n in range(101)]
            assert statuses.count(200) == 100 and statuses[-1] == 429
            refused = client.get(f"{a.url}{BASE}/userinfo")
            assert refused.status_code == 429 and refused.headers["Retry-After"].isdigit()
        with httpx.Client(auth=OTHER_TENANT, timeout=10) as client:
            assert client.get(f"{b.url}{BASE}/userinfo").status_code == 200


def test_an_unreachable_redis_stops_the_mock_with_a_clear_message(tmp_path):
    from tests.mock.servers import free_port

    process = MockProcess("--storage", f"redis://127.0.0.1:{free_port()}/0")
    with pytest.raises(RuntimeError, match="cannot reach the throttle storage redis://127.0.0.1"):
        with process:
            pass


@pytest.mark.anyio
async def test_a_redis_outage_answers_503_with_retry_after_logs_once_and_recovers(build, caplog):
    caplog.set_level(logging.WARNING)
    server = RedisServer()
    with server:
        app = create_app(build, MockSettings(storage=server.uri, calls=100, renewal_period=60))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock") as client:
            assert (await client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200
            server.__exit__()
            for _ in range(5):
                down = await client.get(f"{BASE}/userinfo", auth=AUTH)
                assert down.status_code == 503, down.text
                assert down.headers["Retry-After"] == "5"
                [problem] = down.json()
                assert problem["ErrorCodeId"] == 5001 and "throttle storage" in problem["ErrorMessage"]
            outage = [r for r in caplog.records if r.levelno >= logging.WARNING]
            assert len(outage) == 1, [r.getMessage() for r in outage]
            assert "does not answer" in outage[0].getMessage() and outage[0].exc_info is None
            assert "Traceback" not in caplog.text
            back = RedisServer()
            back.port = server.port
            with back:
                assert (await client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200
                assert (await client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200
            assert [r.getMessage() for r in caplog.records][1:] == ["the throttle storage answers again"]


def test_a_served_mock_logs_one_line_for_a_redis_outage_and_no_traceback():
    server = RedisServer()
    with server, MockProcess("--storage", server.uri) as mock, httpx.Client(auth=AUTH, timeout=10) as client:
        assert client.get(f"{mock.url}{BASE}/userinfo").status_code == 200
        server.__exit__()
        answers = [client.get(f"{mock.url}{BASE}/userinfo") for _ in range(5)]
        assert [a.status_code for a in answers] == [503] * 5
        assert {a.headers["Retry-After"] for a in answers} == {"5"}
        errors = mock.stderr()
    assert errors.count("the throttle storage does not answer") == 1, errors
    assert "Traceback" not in errors
