"""Every answer the mock gives is one the rendered swagger documents: status, body schema, headers."""

from __future__ import annotations

import jsonschema
import pytest

from tests.mock.conftest import AUTH, BASE, OTHER_TENANT, ROOT_ACCOUNT

pytestmark = pytest.mark.anyio
WRONG = ("mock-api-key", "wrong")
HOOK_BODY = {"CallbackType": 11, "URL": "http://receiver.test/hook", "Active": True}
PUSH_BODY = {"Channels": ["22"], "Targets": ["+15125453809"], "Message": "m", "Execute": True, "CampaignId": 0}

# (operationId, concrete path, body, credentials, expected status)
SCENARIO = [
    ("User_Get_Self_Info", "/userinfo", None, AUTH, 200),
    ("User_Get_Self_Info", "/userinfo", None, WRONG, 401),
    ("Account_Get_Info", "/account/1001", None, AUTH, 200),
    ("Account_Get_Info", "/account/1002", None, AUTH, 200),
    ("Account_Get_Info", "/account/2001", None, AUTH, 403),
    ("Account_Get_Info", "/account/42", None, AUTH, 404),
    ("Account_Get_Info", "/account/1001", None, None, 401),
    ("Contact_Create", "/account/1001/contact", {"PhoneNumber": "+15125550123", "FirstName": "A"}, AUTH, 201),
    ("Contact_Create", "/account/1001/contact", {"Email": "b@example.com"}, AUTH, 201),
    ("Contact_Create", "/account/1001/contact", {}, AUTH, 400),
    ("Contact_Create", "/account/1001/contact", {"PhoneNumber": 5}, AUTH, 400),
    ("Contact_Create", "/account/2001/contact", {"PhoneNumber": "+15125550124"}, AUTH, 403),
    ("Contact_Create", "/account/7/contact", {"PhoneNumber": "+15125550124"}, AUTH, 404),
    ("Contact_Search", "/account/1001/contact-search/+15125453809", None, AUTH, 200),
    ("Contact_Search", "/account/1001/contact-search/+19999999999", None, AUTH, 200),
    ("Contact_Search", "/account/1001/contact-search/what", None, AUTH, 400),
    ("Contact_Update", "/account/1001/contact/7001", {"FirstName": "Ada B."}, AUTH, 200),
    ("Contact_Update", "/account/1001/contact/7001", {"Email": "@"}, AUTH, 400),
    ("Contact_Update", "/account/1001/contact/1", {"FirstName": "X"}, AUTH, 404),
    ("Campaign_Push", "/account/1001/action-pushcampaign", PUSH_BODY, AUTH, 201),
    ("Campaign_Push", "/account/1001/action-pushcampaign", {**PUSH_BODY, "Targets": ["x"]}, AUTH, 400),
    ("Campaign_Push", "/account/1001/action-pushcampaign", {**PUSH_BODY, "Execute": False}, AUTH, 201),
    ("Campaign_Push", "/account/2001/action-pushcampaign", PUSH_BODY, OTHER_TENANT, 201),
    ("Campaign_Push", "/account/1001/action-pushcampaign", PUSH_BODY, OTHER_TENANT, 403),
    ("Incoming_SMS_Received", "/account/1001/callback", HOOK_BODY, AUTH, 201),
    ("Incoming_SMS_Received", "/account/1001/callback", {"URL": 1}, AUTH, 400),
    ("Keyword_received", "/account/1001/callback/-1", {**HOOK_BODY, "CallbackType": 1}, AUTH, 201),
    ("Stop_received", "/account/1001/callback/-6", {**HOOK_BODY, "CallbackType": 6}, AUTH, 201),
    ("Delivery_Notice_received", "/account/1001/callback/-12", {**HOOK_BODY, "CallbackType": 12}, AUTH, 201),
    ("Invalid_Targets", "/account/1001/callback/-13", {**HOOK_BODY, "CallbackType": 13}, AUTH, 201),
    ("Invalid_Targets", "/account/404/callback/-13", {**HOOK_BODY, "CallbackType": 13}, AUTH, 404),
    ("Callback_Delete", "/account/1001/callback/424242", None, AUTH, 404),
]


def documented(swagger: dict, operation_id: str, status: int) -> dict:
    """The response object the swagger documents for this status, with shared responses resolved."""
    for item in swagger["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                responses = operation["responses"]
                assert str(status) in responses, f"{operation_id} does not document {status}"
                response = responses[str(status)]
                if "$ref" in response:
                    response = swagger["responses"][response["$ref"].rsplit("/", 1)[1]]
                return response
    raise AssertionError(f"no operation {operation_id}")


def check(swagger: dict, operation_id: str, response) -> None:
    spec = documented(swagger, operation_id, response.status_code)
    assert response.headers["content-type"] == "application/json"
    if "schema" in spec:
        schema = {**spec["schema"], "definitions": swagger["definitions"]}
        jsonschema.Draft4Validator(schema).validate(response.json())
    for name, header in spec.get("headers", {}).items():
        assert name in response.headers, f"{operation_id} {response.status_code} lacks {name}"
        if header["type"] == "integer":
            assert response.headers[name].isdigit()


async def test_each_answer_is_documented_and_matches_its_schema(harness, build):
    for operation_id, path, body, auth, status in SCENARIO:
        op = build.connector.operation(operation_id)
        response = await harness.client.request(op.method.upper(), BASE + path, json=body, auth=auth)
        assert response.status_code == status, (operation_id, path, response.text)
        check(build.swagger, operation_id, response)
    location = (await harness.client.get("/_mock/state")).json()["callbacks"][0]
    deleted = await harness.client.delete(f"{BASE}/account/{ROOT_ACCOUNT}/callback/{location['id']}", auth=AUTH)
    check(build.swagger, "Callback_Delete", deleted)


async def test_a_literal_path_item_names_its_url_so_another_method_there_is_405(harness):
    """/callback/-1 is the Keyword trigger's path item (PUT only), not callback -1 of DELETE /callback/{id}."""
    response = await harness.client.delete(f"{BASE}/account/{ROOT_ACCOUNT}/callback/-1", auth=AUTH)
    assert response.status_code == 405
    assert response.headers["Allow"] == "PUT"


async def test_the_429_matches_the_shared_throttle_response(make_mock, build):
    async with make_mock(calls=1) as h:
        await h.client.get(f"{BASE}/account/1001", auth=AUTH)
        for operation_id in ("Account_Get_Info", "User_Get_Self_Info", "Campaign_Push", "Stop_received"):
            op = build.connector.operation(operation_id)
            response = await h.client.request(op.method.upper(), BASE + op.path.replace("{accountId}", "1001"),
                                              auth=AUTH, json={})
            assert response.status_code == 429
            check(build.swagger, operation_id, response)
