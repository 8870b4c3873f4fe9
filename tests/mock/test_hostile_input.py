"""Hostile requests (issue 16): raw surrogate bytes, webhook targets, bodies streamed past the limit,
a throttle storage that goes away. Each case poisoned the mock or answered wrongly before."""

from __future__ import annotations

import base64

import pytest

from tests.mock.conftest import AUTH, BASE, ROOT_ACCOUNT

pytestmark = pytest.mark.anyio
# U+D800 encoded the way UTF-8 encoders that do not check for surrogates write it.
RAW_SURROGATE = b"\xed\xa0\x80"


async def state_endpoints_answer(harness) -> None:
    for path in ("/_mock/state", "/_mock/deliveries", f"{BASE}/account/{ROOT_ACCOUNT}/contact-search/p@example.com"):
        response = await harness.client.get(path, auth=AUTH)
        assert response.status_code == 200, (path, response.text)


@pytest.mark.parametrize("path, body", [
    (f"{BASE}/account/{ROOT_ACCOUNT}/contact", b'{"Email": "p@example.com", "FirstName": "X' + RAW_SURROGATE + b'"}'),
    (f"{BASE}/account/{ROOT_ACCOUNT}/callback", b'{"CallbackType": 11, "URL": "http://127.0.0.1/h' + RAW_SURROGATE
     + b'", "Active": true}'),
    ("/_mock/inbound", b'{"from": "+15125453809", "to": "+15125550100", "text": "' + RAW_SURROGATE + b'"}'),
    ("/_mock/keywords", b'{"accountId": 1001, "keyword": "J' + RAW_SURROGATE + b'"}'),
])
async def test_raw_utf8_surrogate_bytes_are_refused_at_the_door(harness, path, body):
    response = await harness.client.post(path, auth=AUTH, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    [error] = response.json()
    assert error["ErrorCodeId"] == 1006 and "not valid UTF-8" in error["ErrorMessage"]
    await state_endpoints_answer(harness)
    assert "X\ud800" not in str(harness.mock.state.contacts)


async def test_other_invalid_utf8_is_refused_and_valid_text_still_works(harness):
    for raw in (b'{"Email": "q@example.com", "FirstName": "\xc3"}', b'{"Email": "q@example.com", "FirstName": "\xf4\x90\x80\x80"}'):
        response = await harness.client.post(f"{BASE}/account/{ROOT_ACCOUNT}/contact", auth=AUTH, content=raw)
        assert response.status_code == 400 and "not valid UTF-8" in response.json()[0]["ErrorMessage"]
    accepted = await harness.client.post(f"{BASE}/account/{ROOT_ACCOUNT}/contact", auth=AUTH,
                                         content='{"Email": "q@example.com", "FirstName": "Zoë 😀"}'.encode())
    assert accepted.status_code == 201 and accepted.json()["firstName"] == "Zoë 😀"


async def chunked(size: int, piece: int = 64 * 1024):
    """A body sent with Transfer-Encoding: chunked (no Content-Length)."""
    for start in range(0, size, piece):
        yield b"x" * min(piece, size - start)


@pytest.mark.parametrize("method, path", [
    ("GET", f"{BASE}/userinfo"),
    ("GET", f"{BASE}/account/{ROOT_ACCOUNT}"),
    ("DELETE", f"{BASE}/account/{ROOT_ACCOUNT}/callback/999999"),
    ("GET", "/_mock/state"),
    ("GET", "/_mock/deliveries"),
    ("GET", "/no/such/route"),
])
async def test_a_chunked_2_mb_body_is_413_even_where_no_body_is_read(harness, method, path):
    response = await harness.client.request(method, path, auth=AUTH, content=chunked(2 * 1024 * 1024))
    assert "content-length" not in response.request.headers
    assert response.status_code == 413, response.text
    assert response.json()[0]["ErrorCodeId"] == 3003
    assert (await harness.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200


async def test_a_chunked_body_within_the_limit_reaches_the_operation(harness):
    async def body():
        yield b'{"PhoneNumber": "+15125550177", '
        yield b'"FirstName": "' + b"y" * 1000 + b'"}'

    response = await harness.client.post(f"{BASE}/account/{ROOT_ACCOUNT}/contact", auth=AUTH, content=body())
    assert response.status_code == 201 and response.json()["phoneNumber"] == "+15125550177"


REFUSED_ALWAYS = ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/meta-data/",
                  "http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.GOOGLE.INTERNAL./x",
                  "http://169.254.170.2/v2/credentials", "http://[fe80::1]/hook", "http://2852039166/",
                  "http://0xa9.0xfe.0xa9.0xfe/", "http://[::ffff:169.254.169.254]/", "http://100.100.100.200/",
                  "https://user:secret@127.0.0.1/hook", "http://0.0.0.0:8080/hook"]
REFUSED_WITHOUT_FLAG = ["http://10.0.0.5/hook", "http://192.168.1.20/hook", "https://flow.example.com/hook",
                        "http://receiver.test/hook"]
LOOPBACK = ["http://127.0.0.1:9/hook", "http://127.8.9.10/hook", "http://localhost:8080/hook", "http://[::1]/hook"]


async def subscribe(harness, url: str):
    return await harness.client.post(f"{BASE}/account/{ROOT_ACCOUNT}/callback", auth=AUTH,
                                     json={"CallbackType": 11, "URL": url, "Active": True})


@pytest.mark.parametrize("url", REFUSED_ALWAYS + REFUSED_WITHOUT_FLAG)
async def test_callbacks_to_metadata_link_local_private_or_credentialed_urls_are_refused(make_mock, url):
    async with make_mock(allow_callback_hosts=()) as h:
        response = await subscribe(h, url)
        assert response.status_code == 400, response.text
        [error] = response.json()
        assert error["PropertyName"] == "URL" and error["ErrorMessage"].startswith("URL ")
        assert "secret" not in response.text
        assert h.mock.state.callbacks == {}


@pytest.mark.parametrize("url", LOOPBACK)
async def test_loopback_callbacks_are_accepted_without_a_flag(make_mock, url):
    async with make_mock(allow_callback_hosts=()) as h:
        assert (await subscribe(h, url)).status_code == 201


@pytest.mark.parametrize("url", REFUSED_ALWAYS)
async def test_no_pattern_opens_link_local_or_metadata_targets(make_mock, url):
    async with make_mock(allow_callback_hosts=("*", "0.0.0.0/0", "::/0")) as h:
        assert (await subscribe(h, url)).status_code == 400


async def test_allowed_patterns_open_other_hosts(make_mock):
    async with make_mock(allow_callback_hosts=("*.example.com", "10.0.0.0/8")) as h:
        for url in ("https://flow.example.com/hook", "http://A.B.Example.com./x", "http://10.1.2.3/hook"):
            assert (await subscribe(h, url)).status_code == 201, url
        for url in ("https://example.com.evil.test/hook", "http://11.0.0.1/hook", "http://192.168.1.20/hook"):
            assert (await subscribe(h, url)).status_code == 400, url


def test_allowed_host_patterns_come_from_the_config_file_and_must_be_a_list():
    from generator.mock.settings import MockSettings

    base = {"host": "127.0.0.1", "port": 0, "storage": "memory://"}
    settings = MockSettings.from_config({**base, "allow-callback-hosts": ["*.example.com", " 10.0.0.0/8 "]})
    assert settings.allow_callback_hosts == ("*.example.com", "10.0.0.0/8")
    with pytest.raises(ValueError, match="allow-callback-hosts must be a list"):
        MockSettings.from_config({**base, "allow-callback-hosts": "*.example.com"})


async def test_a_delivery_connects_only_to_a_checked_address_of_its_host():
    """The name is resolved once, every address is checked, and the request goes to that address."""
    import httpx

    from generator.mock.callback_targets import CallbackPolicy, GuardedTransport
    from tests.mock.servers import WebhookReceiver

    answers = {"evil.test": ["127.0.0.1", "169.254.169.254"], "rebound.test": ["fd00:ec2::254"],
               "good.test": ["127.0.0.1"], "dual.test": ["::1", "127.0.0.1"]}

    async def resolve(host: str, port: int):
        import ipaddress

        return [ipaddress.ip_address(a) for a in answers[host]]

    sent: list[tuple[str, str, str | None]] = []

    class Recording(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            sent.append((request.url.host, request.headers["Host"], request.extensions.get("sni_hostname")))
            return await super().handle_async_request(request)

    transport = GuardedTransport(CallbackPolicy(["*.test"]), inner=Recording(), resolve=resolve)
    with WebhookReceiver() as receiver:
        port = receiver.url.rsplit(":", 1)[1]
        async with httpx.AsyncClient(transport=transport) as client:
            for host in ("evil.test", "rebound.test"):
                with pytest.raises(httpx.ConnectError, match="refused: .* resolves to"):
                    await client.post(f"http://{host}:{port}/hook", json={"n": 1})
            with pytest.raises(httpx.ConnectError, match="refused: other.example is not a loopback host"):
                await client.post(f"http://other.example:{port}/hook", json={"n": 2})
            answered = await client.post(f"http://good.test:{port}/hook", json={"n": 3})
            assert answered.status_code == 200
            fallback = await client.post(f"http://dual.test:{port}/hook", json={"n": 4})
            assert fallback.status_code == 200, "the receiver listens on 127.0.0.1 only, not on ::1"
    assert receiver.received == [{"path": "/hook", "body": {"n": 3}}, {"path": "/hook", "body": {"n": 4}}]
    assert sent == [("127.0.0.1", f"good.test:{port}", "good.test"), ("::1", f"dual.test:{port}", "dual.test"),
                    ("127.0.0.1", f"dual.test:{port}", "dual.test")]


def test_connector_mock_takes_allow_callback_host_and_delivers_to_loopback():
    import httpx

    from tests.mock.servers import MockProcess, WebhookReceiver

    with MockProcess("--allow-callback-host", "*.example.com") as mock, WebhookReceiver() as receiver, \
            httpx.Client(auth=AUTH, timeout=10) as client:
        callbacks = f"{mock.url}{BASE}/account/{ROOT_ACCOUNT}/callback"
        for url, status in (("https://flow.example.com/hook", 201), ("http://169.254.169.254/", 400),
                            ("http://10.0.0.5/hook", 400), (receiver.url + "/mine", 201)):
            answer = client.post(callbacks, json={"CallbackType": 11, "URL": url, "Active": False})
            assert answer.status_code == status, (url, answer.text)
        client.post(callbacks, json={"CallbackType": 11, "URL": receiver.url + "/live", "Active": True})
        client.post(f"{mock.url}/_mock/inbound", json={"from": "+15125453809", "to": "+15125550100", "text": "hi"})
        deliveries = client.get(f"{mock.url}/_mock/deliveries?wait=10").json()["deliveries"]
    assert [d["outcome"] for d in deliveries] == ["delivered"]
    assert [r["path"] for r in receiver.received] == ["/live"]


def test_a_real_server_refuses_a_chunked_2_mb_body_on_an_operation_without_one():
    import socket
    from urllib.parse import urlsplit

    from tests.mock.servers import MockProcess

    with MockProcess() as mock:
        where = urlsplit(mock.url)
        token = base64.b64encode(b"mock-api-key:mock-api-secret").decode()
        head = (f"GET {BASE}/userinfo HTTP/1.1\r\nHost: {where.netloc}\r\nAuthorization: Basic {token}\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode()
        chunk = b"x" * 65536
        with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
            sock.sendall(head)
            try:
                for _ in range(32):
                    sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server may answer and close before the whole body is sent
            answer = b""
            while b"\r\n\r\n" not in answer and (data := sock.recv(65536)):
                answer += data
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
