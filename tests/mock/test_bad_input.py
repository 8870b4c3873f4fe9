"""Bad input never gets a 500: malformed JSON, wrong types, oversized bodies, unknown routes, wrong methods,
junk headers. The mock answers in JSON and keeps serving."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from anyio.from_thread import start_blocking_portal

from generator.mock.app import create_app
from generator.mock.settings import MockSettings
from tests.mock.conftest import AUTH, BASE

pytestmark = pytest.mark.anyio
BODY_OPERATIONS = [("POST", "/account/1001/contact"), ("PUT", "/account/1001/contact/7001"),
                   ("POST", "/account/1001/action-pushcampaign"), ("POST", "/account/1001/callback"),
                   ("PUT", "/account/1001/callback/-6")]


async def still_serving(harness) -> None:
    assert (await harness.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200


@pytest.mark.parametrize("method, path", BODY_OPERATIONS)
@pytest.mark.parametrize("raw", [b"{", b"{'single': 'quotes'}", b"\xff\xfe\x00", b'{"a": NaN}', b"[" * 50000,
                                 b'{"PhoneNumber": "+15125550123"} trailing', b"\x00" * 10,
                                 b'{"Email": "a@b.co", "FirstName": "\\udb62"}', b'{"\\udfff": 1}'])
async def test_malformed_json_is_a_400_error_array(harness, method, path, raw):
    response = await harness.client.request(method, BASE + path, content=raw, auth=AUTH,
                                            headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    [error] = response.json()
    assert error["ErrorCodeId"] == 1006 and "not valid JSON" in error["ErrorMessage"]
    await still_serving(harness)


@pytest.mark.parametrize("method, path", BODY_OPERATIONS)
@pytest.mark.parametrize("body", ["a string", 12, True, [1, 2], {"CallbackType": [], "URL": {}, "Active": "no",
                                                                 "PhoneNumber": [], "Channels": {}, "Targets": 3}])
async def test_bodies_of_the_wrong_type_are_400(harness, method, path, body):
    response = await harness.client.request(method, BASE + path, json=body, auth=AUTH)
    assert response.status_code == 400, response.text
    assert all(e["ErrorCodeId"] in (1001, 1002, 1003) for e in response.json())
    await still_serving(harness)


async def test_escaped_emoji_are_text_but_lone_surrogates_are_refused_everywhere(harness):
    emoji = await harness.client.post(f"{BASE}/account/1001/contact", auth=AUTH,
                                      content=b'{"Email": "e@example.com", "FirstName": "\\ud83d\\ude00"}')
    assert emoji.status_code == 201 and emoji.json()["firstName"] == "\U0001f600"
    lone = await harness.client.post("/_mock/inbound", content=b'{"from": "+15125453809", "to": "+15125550100", '
                                                               b'"text": "\\ud800"}')
    assert lone.status_code == 400 and "lone UTF-16 surrogate" in lone.json()[0]["ErrorMessage"]
    assert (await harness.client.get("/_mock/state")).status_code == 200


async def test_a_deeply_nested_valid_json_body_is_400_not_a_crash(harness):
    deep = "[" * 5000 + "]" * 5000
    response = await harness.client.post(f"{BASE}/account/1001/contact", auth=AUTH, content=deep)
    assert response.status_code == 400
    await still_serving(harness)


async def test_bodies_over_the_limit_are_413(make_mock):
    async with make_mock(max_body_bytes=1000) as h:
        response = await h.client.post(f"{BASE}/account/1001/contact", auth=AUTH, content=b"x" * 1001)
        assert response.status_code == 413
        assert response.json()[0]["ErrorMessage"] == "the request body is larger than 1000 bytes"

        async def chunks():
            for _ in range(20):
                yield b"y" * 100

        streamed = await h.client.post(f"{BASE}/account/1001/contact", auth=AUTH, content=chunks())
        assert streamed.status_code == 413, "a body without Content-Length is counted as it arrives"
        ignored = await h.client.request("GET", f"{BASE}/userinfo", auth=AUTH, content=b"z" * 1001)
        assert ignored.status_code == 413, "even where no body is expected"
        within = await h.client.post(f"{BASE}/account/1001/contact", auth=AUTH,
                                     json={"PhoneNumber": "+15125550123", "FirstName": "x" * 900})
        assert within.status_code == 201
        assert (await h.client.post("/_mock/inbound", content=b"{" * 1001)).status_code == 413


def test_the_default_body_limit_is_one_mebibyte():
    assert MockSettings().max_body_bytes == 1024 * 1024


@pytest.mark.parametrize("path", ["/", "/api", f"{BASE}", f"{BASE}/nothing", f"{BASE}/userinfo/", f"{BASE}/account",
                                  f"{BASE}/account/1001/contact/7001/extra", "/_mock", "/_mock/nothing",
                                  f"{BASE}/%ff%fe", f"{BASE}/account/1001/contact-search/"])
async def test_unknown_routes_are_404_json(harness, path):
    response = await harness.client.get(path, auth=AUTH)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()[0]["ErrorCodeId"] == 3001


@pytest.mark.parametrize("method, path, allowed", [
    ("POST", "/userinfo", "GET, HEAD"),
    ("DELETE", "/account/1001", "GET, HEAD"),
    ("GET", "/account/1001/contact", "POST"),
    ("PATCH", "/account/1001/contact/7001", "PUT"),
    ("POST", "/account/1001/callback/-6", "PUT"),
    ("GET", "/account/1001/callback/55", "DELETE"),
    ("OPTIONS", "/account/1001/action-pushcampaign", "POST"),
])
async def test_wrong_methods_are_405_with_allow(harness, method, path, allowed):
    response = await harness.client.request(method, BASE + path, auth=AUTH)
    assert response.status_code == 405
    assert response.headers["Allow"] == allowed
    assert response.json()[0]["ErrorCodeId"] == 3002
    mock_route = await harness.client.delete("/_mock/deliveries")
    assert mock_route.status_code == 405 and mock_route.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("headers", [
    {"Content-Type": "text/plain"}, {"Content-Type": "application/json; charset=utf-16"},
    {"Content-Type": "\x01garbage"}, {"Accept": "application/xml"}, {"X-Junk": "x" * 8000},
    {"Content-Length": "not-a-number"}, {"Content-Encoding": "gzip"}, {"Accept-Encoding": "\x7f"},
])
async def test_junk_headers_do_not_break_a_valid_call(harness, headers):
    response = await harness.client.post(f"{BASE}/account/1001/contact", auth=AUTH, headers=headers,
                                         content=b'{"Email": "junk@example.com"}')
    assert response.status_code in (201, 400), response.text
    assert response.headers["content-type"] == "application/json"
    await still_serving(harness)


@pytest.mark.parametrize("path", ["/account/{n}", "/account/1001/contact/{n}", "/account/1001/callback/{n}"])
async def test_ids_longer_than_python_parses_are_404(harness, path):
    response = await harness.client.request("DELETE" if "callback" in path else "PUT" if "contact" in path else "GET",
                                            BASE + path.format(n="9" * 5000), auth=AUTH, json={})
    assert response.status_code == 404


async def test_huge_ids_in_bodies_are_400(harness):
    push = {"Channels": ["9" * 5000], "Targets": ["9" * 5000], "ContactListIds": ["9" * 5000], "Message": "m",
            "Execute": True, "CampaignId": 0}
    response = await harness.client.post(f"{BASE}/account/1001/action-pushcampaign", auth=AUTH, json=push)
    assert response.status_code == 400
    inbound = await harness.client.post("/_mock/inbound", json={"from": "+15125453809", "to": "9" * 5000,
                                                                "text": "x"})
    assert inbound.status_code == 404
    keyword = await harness.client.post("/_mock/keywords", json={"accountId": "9" * 5000, "keyword": "X"})
    assert keyword.status_code == 404


async def test_query_strings_nobody_declared_are_ignored(harness):
    response = await harness.client.get(f"{BASE}/userinfo?x=1&x=2&%ff=%fe&&=", auth=AUTH)
    assert response.status_code == 200


class BlockingClient:
    """An in-process client for synchronous hypothesis tests: requests run on an event loop in a portal."""

    def __init__(self, portal, client: httpx.AsyncClient) -> None:
        self.portal, self.client = portal, client

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        return self.portal.call(lambda: self.client.request(method, url, **kwargs))


@pytest.fixture(scope="module")
def fuzz_client(build):
    # A limit no fuzzing run reaches: this test is about input handling, not throttling.
    app = create_app(build, MockSettings(calls=10**9))
    with start_blocking_portal() as portal:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock.test")
        yield BlockingClient(portal, client)
        portal.call(client.aclose)


OPERATIONS = [("GET", "/userinfo"), ("GET", "/account/{a}"), ("POST", "/account/{a}/contact"),
              ("PUT", "/account/{a}/contact/{b}"), ("GET", "/account/{a}/contact-search/{b}"),
              ("POST", "/account/{a}/action-pushcampaign"), ("POST", "/account/{a}/callback"),
              ("PUT", "/account/{a}/callback/-1"), ("DELETE", "/account/{a}/callback/{b}"),
              ("POST", "/_mock/inbound"), ("POST", "/_mock/keywords"), ("GET", "/_mock/deliveries?wait={b}")]
segment = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"), min_size=1, max_size=12)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(
    max_size=20)
json_values = st.recursive(scalars,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
                               ["PhoneNumber", "Email", "Channels", "Targets", "Message", "Execute", "URL",
                                "CallbackType", "Active", "from", "to", "text", "accountId", "keyword"]) | st.text(
                               max_size=5), inner, max_size=6), max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operation=st.sampled_from(OPERATIONS), account=st.sampled_from(["1001", "1002", "2001", "0"]) | segment,
       other=segment, body=json_values.map(lambda v: ("json", v)) | st.binary(max_size=200).map(lambda b: ("raw", b)))
def test_fuzzed_requests_never_get_a_500(fuzz_client, operation, account, other, body):
    method, template = operation
    path = template.replace("{a}", quote(account, safe="")).replace("{b}", quote(other, safe=""))
    url = path if path.startswith("/_mock") else BASE + path
    kind, value = body
    kwargs = {"json": value} if kind == "json" else {"content": value}
    response = fuzz_client.request(method, url, auth=AUTH, **kwargs)
    assert response.status_code < 500, (method, url, body, response.text)
    assert response.headers["content-type"] == "application/json"
