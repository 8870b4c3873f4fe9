"""Routing from the model, Basic authentication on every API route, and account scoping."""

from __future__ import annotations

import base64

import httpx
import pytest
import yaml

from generator.build import render_project
from generator.mock.app import create_app
from starlette.routing import Route
from tests.mock.conftest import AUTH, BASE, OTHER_ACCOUNT, OTHER_TENANT, ROOT_ACCOUNT, SUB_ACCOUNT

pytestmark = pytest.mark.anyio


def concrete(path: str) -> str:
    """A path template with every parameter filled in with something that exists."""
    return (path.replace("{accountId}", str(ROOT_ACCOUNT)).replace("{AccountId}", str(ROOT_ACCOUNT))
            .replace("{contactid}", "7001").replace("{phone}", "+15125453809").replace("{callbackId}", "1"))


async def test_every_operation_of_the_model_is_routed_and_nothing_else_outside_mock(harness, build):
    declared = {(BASE + op.path, op.method.upper()) for op in build.connector.operations}
    routes = [r for r in harness.app.routes if isinstance(r, Route)]
    served = {(r.path, m) for r in routes if not r.path.startswith("/_mock/") for m in r.methods if m != "HEAD"}
    assert served == declared
    assert len(declared) == 12
    assert {r.path for r in routes if r.path.startswith("/_mock/")} == {
        "/_mock/inbound", "/_mock/keywords", "/_mock/deliveries", "/_mock/state", "/_mock/triggers/{operation_id}",
        "/_mock/subscriptions/{subscription_id}"}


@pytest.mark.parametrize("operation_id", ["Account_Get_Info", "Callback_Delete", "Campaign_Push", "Contact_Create",
                                          "Contact_Search", "Contact_Update", "User_Get_Self_Info",
                                          "Delivery_Notice_received", "Incoming_SMS_Received", "Invalid_Targets",
                                          "Keyword_received", "Stop_received"])
@pytest.mark.parametrize("auth", [None, ("mock-api-key", "wrong"), ("nobody", "mock-api-secret")])
async def test_every_route_refuses_missing_or_wrong_credentials_with_a_json_401(harness, build, operation_id,
                                                                                 auth):
    op = build.connector.operation(operation_id)
    response = await harness.client.request(op.method.upper(), BASE + concrete(op.path), auth=auth,
                                            json={"URL": "http://x.test", "CallbackType": 11, "Active": True})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    [error] = response.json()
    assert set(error) == {"ErrorCodeId", "ErrorMessage", "ObjectType", "PropertyName"}


@pytest.mark.parametrize("header", ["Basic", "Basic !!!notbase64", "Bearer abc", "basic " +
                                    base64.b64encode(b"no-colon").decode(), "Basic " +
                                    base64.b64encode(b"\xff\xfe:\xff").decode(), "Digest username=x",
                                    "Basic " + base64.b64encode("mock-api-key:sécret✓".encode()).decode()])
async def test_junk_authorization_headers_are_401_not_500(harness, header):
    response = await harness.client.get(f"{BASE}/userinfo", headers={"Authorization": header})
    assert response.status_code == 401
    assert (await harness.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 200


async def test_userinfo_and_account_answer_from_the_stored_user_and_accounts(harness):
    user = (await harness.client.get(f"{BASE}/userinfo", auth=AUTH)).json()
    assert user["userName"] == "contoso.admin" and user["accountId"] == ROOT_ACCOUNT
    assert user["apiKey"]["key"] == "mock-api-key"
    assert "mock-api-secret" not in str(user)
    root = (await harness.client.get(f"{BASE}/account/{ROOT_ACCOUNT}", auth=AUTH)).json()
    assert root["id"] == ROOT_ACCOUNT and root["name"] == "Contoso" and "parentId" not in root
    sub = (await harness.client.get(f"{BASE}/account/{SUB_ACCOUNT}", auth=AUTH)).json()
    assert sub["parentId"] == ROOT_ACCOUNT and sub["name"] == "Contoso Support"
    other = (await harness.client.get(f"{BASE}/userinfo", auth=OTHER_TENANT)).json()
    assert other["accountId"] == OTHER_ACCOUNT


async def test_a_user_reaches_its_account_and_sub_accounts_only(harness):
    async def status(auth, account):
        return (await harness.client.get(f"{BASE}/account/{account}", auth=auth)).status_code

    assert await status(AUTH, ROOT_ACCOUNT) == 200
    assert await status(AUTH, SUB_ACCOUNT) == 200
    assert await status(AUTH, OTHER_ACCOUNT) == 403
    assert await status(OTHER_TENANT, OTHER_ACCOUNT) == 200
    assert await status(OTHER_TENANT, ROOT_ACCOUNT) == 403
    for missing in ("9999", "abc", "-1", "1001.0", "١٠٠١"):
        response = await harness.client.get(f"{BASE}/account/{missing}", auth=AUTH)
        assert response.status_code == 404, missing
        assert response.json()[0]["ObjectType"] == "Account"


async def test_account_scoping_applies_to_writes_too(harness):
    response = await harness.client.post(f"{BASE}/account/{OTHER_ACCOUNT}/contact", auth=AUTH,
                                         json={"PhoneNumber": "+15125550000"})
    assert response.status_code == 403
    state = (await harness.client.get("/_mock/state")).json()
    assert all(c["phoneNumber"] != "+15125550000" for c in state["contacts"])


async def test_credentials_from_settings_replace_the_seeds(make_mock):
    async with make_mock(api_key="flow-key", api_secret="flow-secret") as h:
        assert (await h.client.get(f"{BASE}/userinfo", auth=("flow-key", "flow-secret"))).status_code == 200
        assert (await h.client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 401


async def test_routes_follow_the_model_not_a_swagger_file(truedialog_project):
    """Change the base path and add an operation without pack behaviour: the mock serves what the model says."""
    connector_file = truedialog_project / "connector" / "connector.yaml"
    data = yaml.safe_load(connector_file.read_text())
    data["basePath"] = "/td/v9"
    connector_file.write_text(yaml.safe_dump(data, sort_keys=False))
    (truedialog_project / "connector" / "operations" / "Keyword_List.yaml").write_text(yaml.safe_dump({
        "operationId": "Keyword_List", "method": "get", "path": "/account/{accountId}/keyword",
        "summary": "List keywords", "description": "Keywords of the account",
        "parameters": [{"name": "accountId", "in": "path", "required": True, "type": "string",
                        "x-ms-summary": "Account ID", "description": "The account"}],
        "responses": {"200": {"description": "OK"}}}))
    result = render_project(truedialog_project)
    assert result.ok, result.findings
    app = create_app(result)
    assert [op.operation_id for op in app.state.mock.unhandled()] == ["Keyword_List"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock.test") as client:
        assert (await client.get("/td/v9/userinfo", auth=AUTH)).status_code == 200
        assert (await client.get(f"{BASE}/userinfo", auth=AUTH)).status_code == 404
        # No TrueDialog behaviour: the generic mock answers as declared, after the pack's account check.
        unhandled = await client.get("/td/v9/account/1001/keyword", auth=AUTH)
        assert unhandled.status_code == 200
        assert (await client.get("/td/v9/account/9999/keyword", auth=AUTH)).status_code == 404
        assert (await client.get("/td/v9/account/1001/keyword")).status_code == 401


async def test_a_plain_swagger_file_is_served_the_same_way(build, tmp_path):
    """`connector mock apiDefinition.swagger.json`: the model read back from the artifact behaves alike."""
    from generator.jsonio import dump_json
    from generator.load import load_any

    swagger = tmp_path / "apiDefinition.swagger.json"
    swagger.write_text(dump_json(build.swagger))
    app = create_app(load_any(swagger))
    assert app.state.mock.unhandled() == []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock.test") as client:
        assert (await client.get(f"{BASE}/account/{ROOT_ACCOUNT}", auth=AUTH)).status_code == 200
        subscribed = await client.put(f"{BASE}/account/{ROOT_ACCOUNT}/callback/-6", auth=AUTH,
                                      json={"CallbackType": 6, "URL": "http://127.0.0.1:9/hook", "Active": True})
        assert subscribed.status_code == 201 and "/callback/" in subscribed.headers["Location"]
        stop = await client.post("/_mock/inbound", json={"from": "+15125453809", "to": "+15125550100",
                                                         "text": "STOP"})
        assert stop.json()["trigger"] == "Stop_received" and len(stop.json()["deliveries"]) == 1
    await app.state.mock.webhooks.close()
