"""The throttle: 100 calls per 60 s per connection, a moving window, 429 with Retry-After, exact under load."""

from __future__ import annotations

import asyncio

import pytest

from generator.mock.throttle import SWEEP_EVERY, ClockedMemoryStorage, Throttle, check_storage_uri, connection_key
from tests.mock.conftest import AUTH, BASE, OTHER_TENANT, ManualClock

pytestmark = pytest.mark.anyio


async def calls(throttle: Throttle, key: str, count: int) -> list[bool]:
    return [(await throttle.hit(key)).allowed for _ in range(count)]


async def test_the_101st_call_in_a_window_is_refused_until_the_oldest_call_leaves_it():
    clock = ManualClock()
    throttle = Throttle(100, 60, clock=clock)
    assert await calls(throttle, "a", 100) == [True] * 100
    clock.advance(20)
    verdict = await throttle.hit("a")
    assert not verdict.allowed
    assert verdict.retry_after == 40
    assert verdict.message == "Rate limit is exceeded. Try again in 40 seconds."
    clock.advance(39.5)
    assert (await throttle.hit("a")).retry_after == 1, "a fraction of a second left still says 1, never 0"
    clock.advance(0.5)
    assert await calls(throttle, "a", 100) == [True] * 100
    assert not (await throttle.hit("a")).allowed


async def test_the_window_moves_instead_of_resetting_at_fixed_times():
    clock = ManualClock()
    throttle = Throttle(100, 60, clock=clock)
    await calls(throttle, "a", 50)
    clock.advance(30)
    await calls(throttle, "a", 50)
    clock.advance(31)
    # The first 50 calls are 61 s old: 50 slots are free again, not 100 as a fixed window would give.
    assert await calls(throttle, "a", 51) == [True] * 50 + [False]
    clock.advance(30)
    assert await calls(throttle, "a", 51) == [True] * 50 + [False]


async def test_refused_calls_do_not_use_up_the_budget():
    clock = ManualClock()
    throttle = Throttle(2, 60, clock=clock)
    await calls(throttle, "a", 2)
    for _ in range(10):
        clock.advance(5)
        assert not (await throttle.hit("a")).allowed
    clock.advance(10.001)
    assert (await throttle.hit("a")).allowed


async def test_connections_never_share_a_budget():
    clock = ManualClock()
    throttle = Throttle(3, 60, clock=clock)
    assert await calls(throttle, "a", 4) == [True, True, True, False]
    assert await calls(throttle, "b", 3) == [True, True, True]


def test_the_connection_key_is_a_digest_of_the_credential_pair():
    key = connection_key("mock-api-key", "mock-api-secret")
    assert "mock-api-secret" not in key and "mock-api-key" not in key
    assert key == connection_key("mock-api-key", "mock-api-secret")
    assert key != connection_key("mock-api-key", "other-secret")
    assert key != connection_key("other-key", "mock-api-secret")


async def test_idle_connections_are_forgotten():
    clock = ManualClock()
    storage = ClockedMemoryStorage(clock)
    for n in range(100):
        assert await storage.acquire_entry(f"idle-{n}", 5, 60)
    clock.advance(61)
    for _ in range(SWEEP_EVERY):
        await storage.acquire_entry("busy", 10**9, 60)
    assert set(storage.windows) == {"busy"}


def test_storage_uris_are_checked():
    assert check_storage_uri("memory://") == "memory://"
    assert check_storage_uri("redis://localhost:6379/0") == "redis://localhost:6379/0"
    for bad, words in (("mongodb://x", "unsupported storage"), ("redis://:6379/0", "names no host"),
                       ("redis://localhost:99999/0", "invalid port"), ("redis://localhost:6379/x", "database")):
        with pytest.raises(ValueError, match=words):
            check_storage_uri(bad)


def test_an_injected_clock_is_refused_with_shared_storage():
    with pytest.raises(ValueError, match="memory:// storage only"):
        Throttle(100, 60, "redis://localhost:6379/0", clock=ManualClock())


# Through the HTTP API

async def test_the_101st_call_answers_429_like_power_platform(make_mock, build):
    async with make_mock() as h:
        assert build.connector.throttling.calls == 100 and build.connector.throttling.renewal_period == 60
        for _ in range(100):
            assert (await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200
        h.clock.advance(12.3)
        response = await h.client.get(f"{BASE}/userinfo", auth=AUTH)
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "48"
        assert response.json() == {"statusCode": 429, "message": "Rate limit is exceeded. Try again in 48 seconds."}
        # Another connection still has its whole budget.
        assert (await h.client.get(f"{BASE}/userinfo", auth=OTHER_TENANT)).status_code == 200
        h.clock.advance(48)
        assert (await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200


async def test_every_operation_counts_against_the_same_connection(make_mock):
    async with make_mock(calls=3) as h:
        assert (await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200
        assert (await h.client.get(f"{BASE}/account/1001", auth=AUTH)).status_code == 200
        assert (await h.client.post(f"{BASE}/account/1001/contact", auth=AUTH, json={})).status_code == 400
        assert (await h.client.get(f"{BASE}/account/1001", auth=AUTH)).status_code == 429


async def test_calls_with_wrong_credentials_are_a_connection_of_their_own(make_mock):
    async with make_mock(calls=2) as h:
        wrong = ("mock-api-key", "not-the-secret")
        statuses = [(await h.client.get(f"{BASE}/userinfo", auth=wrong)).status_code for _ in range(3)]
        assert statuses == [401, 401, 429]
        assert (await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200
        # Calls without credentials belong to no connection: they are refused, never throttled.
        statuses = {(await h.client.get(f"{BASE}/userinfo")).status_code for _ in range(5)}
        assert statuses == {401}


async def test_calls_and_renewal_period_settings_override_the_model(make_mock):
    async with make_mock(calls=5, renewal_period=10) as h:
        statuses = [(await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        assert (await h.client.get(f"{BASE}/userinfo", auth=AUTH)).headers["Retry-After"] == "10"
        h.clock.advance(10)
        assert (await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200


async def test_64_concurrent_clients_on_one_connection_get_exactly_100_successes(make_mock):
    async with make_mock() as h:
        async def client(n: int) -> list[int]:
            return [(await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code for _ in range(4)]

        results = await asyncio.gather(*(client(n) for n in range(64)))
        statuses = [s for r in results for s in r]
        assert statuses.count(200) == 100
        assert statuses.count(429) == 64 * 4 - 100


async def test_many_unknown_credential_pairs_leave_the_real_connection_alone(make_mock):
    async with make_mock(calls=1) as h:
        for n in range(50):
            assert (await h.client.get(f"{BASE}/userinfo", auth=(f"key-{n}", "x"))).status_code == 401
        assert (await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200


def test_concurrency_is_exact_on_a_real_event_loop_without_http():
    clock = ManualClock()
    throttle = Throttle(100, 60, clock=clock)

    async def main():
        results = await asyncio.gather(*(throttle.hit("a") for _ in range(500)))
        return sum(v.allowed for v in results)

    assert asyncio.run(main()) == 100
