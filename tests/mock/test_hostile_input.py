"""Hostile requests (issue 16): raw surrogate bytes, webhook targets, bodies streamed past the limit,
a throttle storage that goes away. Each case poisoned the mock or answered wrongly before."""

from __future__ import annotations

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
