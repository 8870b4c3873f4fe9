"""`connector mock` as a user runs it: a real uvicorn on a free port, a real webhook receiver."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from generator.cli import main
from tests.mock.conftest import BASE, ROOT_ACCOUNT
from tests.mock.servers import MockProcess, WebhookReceiver


@pytest.fixture(scope="module")
def server():
    with MockProcess("--api-key", "flow-key", "--api-secret", "flow-secret") as process:
        yield process


FLOW = ("flow-key", "flow-secret")


def test_the_banner_gives_url_credentials_and_root_account(server):
    assert server.banner[0].startswith("TrueDialog SMS mock serving 12 operations at http://127.0.0.1:")
    assert "'flow-key'" in server.line("credentials") and "flow-secret" not in server.line("credentials")
    assert f"root account  {ROOT_ACCOUNT} (Contoso)" in server.line("root account")
    assert "100 calls per 60 s per connection (memory://)" in server.line("throttle")


def test_a_flow_developer_subscribes_sends_sms_and_watches_a_stop_arrive(server):
    with WebhookReceiver() as receiver, httpx.Client(base_url=server.url + BASE, auth=FLOW, timeout=10) as api:
        stop = api.put(f"/account/{ROOT_ACCOUNT}/callback/-6",
                       json={"CallbackType": 6, "URL": receiver.url + "/stop", "Active": True})
        notices = api.put(f"/account/{ROOT_ACCOUNT}/callback/-12",
                          json={"CallbackType": 12, "URL": receiver.url + "/notices", "Active": True})
        assert stop.status_code == notices.status_code == 201
        assert stop.headers["Location"].startswith(server.url + BASE + f"/account/{ROOT_ACCOUNT}/callback/")
        sms = {"Channels": ["22"], "Targets": ["+15125557001"], "Message": "Hi", "Execute": True, "CampaignId": 0}
        assert api.post(f"/account/{ROOT_ACCOUNT}/action-pushcampaign", json=sms).status_code == 201
        texted = httpx.post(f"{server.url}/_mock/inbound", json={"from": "+15125557001", "to": "+15125550100",
                                                                 "text": "STOP"})
        assert texted.status_code == 202 and texted.json()["optedOut"] is True
        deliveries = httpx.get(f"{server.url}/_mock/deliveries", params={"wait": 10}).json()["deliveries"]
        assert [(d["event"], d["outcome"]) for d in deliveries] == [("Delivery_Notice_received", "delivered"),
                                                                     ("Stop_received", "delivered")]
        assert sorted(r["path"] for r in receiver.received) == ["/notices", "/stop"]
        stopped = next(r["body"] for r in receiver.received if r["path"] == "/stop")
        assert stopped["PhoneNumber"] == "+15125557001" and stopped["CallbackType"] == 6
        refused = api.post(f"/account/{ROOT_ACCOUNT}/action-pushcampaign", json=sms)
        assert refused.status_code == 400 and "Opted Out" in refused.json()[0]["ErrorMessage"]
        assert httpx.delete(stop.headers["Location"], auth=FLOW).status_code == 200
        assert httpx.delete(notices.headers["Location"], auth=FLOW).status_code == 200


def test_the_101st_call_of_a_connection_in_a_minute_is_429(server):
    with httpx.Client(base_url=server.url + BASE, auth=("throttle-key", "throttle-secret"), timeout=10) as api:
        statuses = [api.get("/userinfo").status_code for _ in range(101)]
    assert statuses == [401] * 100 + [429]
    with httpx.Client(base_url=server.url + BASE, auth=("throttle-key", "throttle-secret"), timeout=10) as api:
        refused = api.get("/userinfo")
    assert 55 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json() == {"statusCode": 429, "message": f"Rate limit is exceeded. Try again in "
                                                            f"{refused.headers['Retry-After']} seconds."}


def test_64_concurrent_clients_on_one_connection_over_http(server):
    async def hammer() -> list[int]:
        limits = httpx.Limits(max_connections=64)
        # A credential pair of its own, so the budget is untouched by the other tests on this server.
        async with httpx.AsyncClient(base_url=server.url + BASE, auth=("concurrent", "x"), limits=limits,
                                     timeout=30) as api:
            async def client() -> list[int]:
                return [(await api.get("/userinfo")).status_code for _ in range(2)]

            results = await asyncio.gather(*(client() for _ in range(64)))
        return [s for r in results for s in r]

    statuses = asyncio.run(hammer())
    # Unknown credentials answer 401, but each call still counts against that connection.
    assert statuses.count(401) == 100 and statuses.count(429) == 64 * 2 - 100


@pytest.mark.parametrize("raw", [b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00",
                                 b"GET /api/v2.1/userinfo HTTP/1.1\r\nHost: x\r\nAuthorization: \xff\xfe\r\n\r\n",
                                 b"POST /api/v2.1/account/1001/contact HTTP/1.1\r\nHost: x\r\n"
                                 b"Content-Length: 99999999999\r\n\r\n{"])
def test_junk_on_the_wire_does_not_stop_the_server(server, raw):
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert not answer.startswith(b"HTTP/1.1 5")
    assert httpx.get(f"{server.url}{BASE}/userinfo", auth=FLOW).status_code == 200


def test_a_bad_seed_file_stops_the_command_with_file_line_and_what(runner, tmp_path):
    seed = tmp_path / "seed.yaml"
    seed.write_text("accounts:\n- id: 1\n  name: A\nusers:\n- userName: u\n  apiKey: k\n  apiSecret: s\n"
                    "  accountId: 2\ncontacts:\n- {id: 5, accountId: 1, phoneNumber: 'call me'}\n")
    result = runner.invoke(main, ["mock", ".", "--seed", str(seed), "--port", "0"])
    assert result.exit_code == 1
    assert f"{seed}:8:14" in result.output and "no account has id 2" in result.output
    assert f"{seed}:10:" in result.output and "'call me' is not a phone number" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, words", [
    (["--storage", "mongodb://localhost"], "unsupported storage 'mongodb://localhost'"),
    (["--calls", "0"], "0 is not in the range x>=1"),
    (["--port", "70000"], "70000 is not in the range"),
])
def test_bad_options_are_refused_clearly(runner, args, words):
    result = runner.invoke(main, ["mock", ".", *args])
    assert result.exit_code in (1, 2)
    assert words in result.output
    assert "Traceback" not in result.output


def test_a_port_in_use_is_a_clear_error(runner):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["mock", ".", "--port", str(port)])
    assert result.exit_code == 1
    assert f"mock failed: cannot listen on 127.0.0.1:{port}" in result.output


def test_a_broken_project_is_reported_not_served(runner, tmp_path):
    (tmp_path / "connector").mkdir()
    (tmp_path / "connector" / "connector.yaml").write_text("title: [unclosed\n")
    result = runner.invoke(main, ["mock", str(tmp_path), "--port", "0"])
    assert result.exit_code == 1
    assert "connector/connector.yaml:2:1: error source-syntax" in result.output and "mock failed" in result.output
