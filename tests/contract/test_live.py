"""`--base-url`: the same contract against a server at a real URL (the mock served by uvicorn on a free port)."""

from __future__ import annotations

import pytest

from generator.contract.results import SCHEMA, THROTTLE, WEBHOOKS
from generator.contract.run import ContractSettings, contract_report
from generator.contract.connections import Connection
from generator.contract.target import TargetError, is_simulator, live_target, mock_target
from generator.mock.auth import BASIC, Scheme
from tests.contract.conftest import SEED, ServerThread

# Few calls: at a URL the schema run shares the one connection's budget with the throttle test.
SMALL = ContractSettings(suites=(THROTTLE, SCHEMA, WEBHOOKS), phases=("examples", "fuzzing"), max_examples=2,
                         seed=SEED, operation_ids=("User_Get_Self_Info", "Contact_Create"), delivery_timeout=5)


def test_a_server_at_a_url_is_tested_with_one_connection_and_the_throttle_first(build):
    served = mock_target(build)
    with ServerThread(served.app) as url:
        # The server's clock moves when the client waits out a Retry-After: no real waiting.
        target = live_target(build, url, Connection(Scheme(BASIC), ("mock-api-key", "mock-api-secret")),
                             sleep=served.mock.throttle.clock.advance)
        assert target.base_url == url + "/api/v2.1"
        assert target.simulator
        report = contract_report(build, target, SMALL)
    assert report.ok, [(f.operation, f.check, f.message) for f in report.failures]
    assert report.outcomes[0].suite == THROTTLE and report.outcomes[0].passed
    assert {o.name for o in report.suite(WEBHOOKS) if o.passed} == {op.operation_id for op in build.connector.triggers}
    assert report.schema.connections == 1
    # At a URL nothing is rewritten: credentials in curl commands would be the user's own, so they stay hidden.
    assert not target.shows_credentials()


async def plain(scope, receive, send):
    """A server that is no mock: 404 for everything."""
    await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"no"})


def test_the_base_path_is_added_when_the_url_lacks_it(build):
    with ServerThread(plain) as url:
        target = live_target(build, url + "/", Connection(Scheme(BASIC), ("key", "secret")))
        assert (target.base_url, target.origin) == (url + "/api/v2.1", url)
        assert live_target(build, url + "/api/v2.1", Connection(Scheme(BASIC), ("k", "s"))).base_url == url + "/api/v2.1"


def test_an_unreachable_server_is_a_clear_error(build):
    with ServerThread(plain) as url:
        pass
    with pytest.raises(TargetError, match=f"cannot reach {url}/api/v2.1: .*refused"):
        live_target(build, url, Connection(Scheme(BASIC), ("k", "s")))


def test_a_server_without_simulation_routes_is_not_taken_for_the_mock(build):
    with ServerThread(plain) as url:
        assert not is_simulator(live_target(build, url, Connection(Scheme(BASIC), ("k", "s"))).session, url)
