"""Webhooks: subscribe (201 + Location), unsubscribe (DELETE there), inbound texts, payloads that match
the trigger's schema exactly, retries with backoff and failures that are recorded."""

from __future__ import annotations

import asyncio

import httpx
import jsonschema
import pytest

from generator.mock.app import create_app
from generator.mock.packs.truedialog.events import triggers_by_callback_type
from generator.mock.settings import MockSettings
from tests.mock.conftest import AUTH, BASE, HOOK, OTHER_TENANT, ROOT_ACCOUNT, SUB_ACCOUNT, Receiver

pytestmark = pytest.mark.anyio
TRIGGERS = {  # operationId: (method, path suffix, callback type)
    "Keyword_received": ("PUT", "/callback/-1", 1),
    "Stop_received": ("PUT", "/callback/-6", 6),
    "Incoming_SMS_Received": ("POST", "/callback", 11),
    "Delivery_Notice_received": ("PUT", "/callback/-12", 12),
    "Invalid_Targets": ("PUT", "/callback/-13", 13),
}
LONG_CODE = "+15125550100"


def inbound(text: str, sender: str = "+15125453809", to: str = LONG_CODE) -> dict:
    return {"from": sender, "to": to, "text": text}


@pytest.mark.parametrize("operation_id", sorted(TRIGGERS))
async def test_subscribing_answers_201_with_a_location_that_deletes_the_callback(harness, operation_id):
    method, suffix, kind = TRIGGERS[operation_id]
    response = await harness.subscribe(suffix, kind, method=method)
    callback = response.json()
    assert callback["callbackType"] == kind and callback["Url"] == HOOK and callback["Active"] is True
    location = response.headers["Location"]
    assert location == f"http://mock.test{BASE}/account/{ROOT_ACCOUNT}/callback/{callback['id']}"
    deleted = await harness.client.delete(location, auth=AUTH)
    assert deleted.status_code == 200 and deleted.json() == f"Callback {callback['id']} deleted"
    assert (await harness.client.delete(location, auth=AUTH)).status_code == 404
    assert (await harness.client.get("/_mock/state")).json()["callbacks"] == []


async def test_callbacks_of_other_tenants_cannot_be_deleted(harness):
    location = (await harness.subscribe("/callback/-6", 6)).headers["Location"]
    assert (await harness.client.delete(location, auth=OTHER_TENANT)).status_code == 403
    other_path = location.replace(f"/account/{ROOT_ACCOUNT}/", f"/account/{SUB_ACCOUNT}/")
    assert (await harness.client.delete(other_path, auth=AUTH)).status_code == 404


async def test_after_unsubscribing_no_more_deliveries(harness):
    location = (await harness.subscribe("/callback", 11, method="POST")).headers["Location"]
    await harness.client.post("/_mock/inbound", json=inbound("hello"))
    await harness.client.delete(location, auth=AUTH)
    await harness.client.post("/_mock/inbound", json=inbound("hello again"))
    assert [d["payload"]["Message"] for d in await harness.deliveries()] == ["hello"]


@pytest.mark.parametrize("word", ["STOP", "stop", " Stop ", "STOPALL", "unsubscribe", "Cancel", "END", "quit"])
async def test_stop_and_its_synonyms_opt_out_and_fire_the_stop_webhook(harness, word):
    await harness.subscribe("/callback/-6", 6)
    await harness.subscribe("/callback", 11, method="POST")
    response = await harness.client.post("/_mock/inbound", json=inbound(word))
    assert response.status_code == 202
    assert response.json()["trigger"] == "Stop_received" and response.json()["optedOut"] is True
    [delivery] = await harness.deliveries()
    assert delivery["event"] == "Stop_received" and delivery["outcome"] == "delivered"
    payload = delivery["payload"]
    assert payload["PhoneNumber"] == "+15125453809" and payload["ContactId"] == 7001
    assert (payload["ContactAccountId"], payload["ContactAccountName"]) == (ROOT_ACCOUNT, "Contoso")
    assert harness.receiver.received[0]["body"] == payload
    state = (await harness.client.get("/_mock/state")).json()
    assert state["optOuts"] == [{"accountId": ROOT_ACCOUNT, "phoneNumber": "+15125453809"}]


async def test_a_registered_keyword_fires_the_keyword_webhook(harness):
    await harness.subscribe("/callback/-1", 1)
    await harness.subscribe("/callback", 11, method="POST")
    registered = await harness.client.post("/_mock/keywords", json={"accountId": ROOT_ACCOUNT, "keyword": "deals"})
    assert registered.status_code == 201
    response = await harness.client.post("/_mock/inbound", json=inbound("Deals please", sender="+15125550000"))
    assert response.json()["trigger"] == "Keyword_received" and response.json()["optedOut"] is False
    [payload] = [d["payload"] for d in await harness.deliveries()]
    assert payload["Keyword"] == "DEALS" and payload["KeywordId"] == registered.json()["id"]
    assert payload["Message"] == "Deals please" and "ContactId" not in payload, "an unknown number has no contact"
    seeded = await harness.client.post("/_mock/inbound", json=inbound("join"))
    assert seeded.json()["trigger"] == "Keyword_received"


async def test_anything_else_fires_incoming_message(harness):
    await harness.subscribe("/callback", 11, method="POST")
    await harness.subscribe("/callback/-6", 6)
    response = await harness.client.post("/_mock/inbound", json={"from": "512 545 3810", "channel": "5001",
                                                                 "text": "please stop texting me"})
    assert response.json()["trigger"] == "Incoming_SMS_Received" and response.json()["optedOut"] is False
    [payload] = [d["payload"] for d in await harness.deliveries()]
    assert payload["Message"] == "please stop texting me" and payload["ContactId"] == 7002
    assert payload["ChannelId"] == 5001 and payload["AccountName"] == "Contoso"


async def test_a_root_subscription_hears_its_sub_accounts_but_not_the_reverse(harness):
    await harness.subscribe("/callback", 11, method="POST")
    await harness.subscribe("/callback", 11, method="POST", account=SUB_ACCOUNT, url="http://receiver.test/sub")
    await harness.client.post("/_mock/inbound", json=inbound("to the sub-account", to="+15125550101"))
    await harness.client.post("/_mock/inbound", json=inbound("to the root"))
    heard = sorted((d["url"], d["payload"]["Message"]) for d in await harness.deliveries())
    assert heard == [(HOOK, "to the root"), (HOOK, "to the sub-account"),
                     ("http://receiver.test/sub", "to the sub-account")]


async def test_inactive_callbacks_never_fire(harness):
    response = await harness.client.post(f"{BASE}/account/{ROOT_ACCOUNT}/callback", auth=AUTH,
                                         json={"CallbackType": 11, "URL": HOOK, "Active": False})
    assert response.status_code == 201 and response.json()["Active"] is False
    await harness.client.post("/_mock/inbound", json=inbound("hello"))
    assert await harness.deliveries() == []


async def test_every_payload_matches_its_triggers_notification_schema_exactly(harness, build):
    for method, suffix, kind in TRIGGERS.values():
        await harness.subscribe(suffix, kind, method=method)
    await harness.client.post("/_mock/keywords", json={"accountId": ROOT_ACCOUNT, "keyword": "DEALS"})
    for text in ("STOP", "DEALS", "hi"):
        await harness.client.post("/_mock/inbound", json=inbound(text, sender="+15125453810"))
    await harness.client.post(f"{BASE}/account/{ROOT_ACCOUNT}/action-pushcampaign", auth=AUTH, json={
        "Channels": ["22"], "Targets": ["+15125453809", "nope"], "Message": "m", "Execute": True, "CampaignId": 0,
        "IgnoreInvalidTargets": True})
    triggers = triggers_by_callback_type(build.connector)
    seen = set()
    for delivery in await harness.deliveries():
        trigger = triggers[delivery["callbackType"]]
        schema = trigger.notification.schema
        jsonschema.Draft4Validator(schema).validate(delivery["payload"])
        missing = set(schema["properties"]) - set(delivery["payload"])
        # Only facts the event does not have are left out (no keyword campaign or subscription in the seed).
        assert missing <= {"CampaignId", "SubscriptionId"}, (trigger.operation_id, missing)
        assert set(delivery["payload"]) <= set(schema["properties"])
        assert delivery["payload"]["CallbackType"] == delivery["callbackType"]
        assert delivery["payload"]["CallbackURL"] == HOOK
        seen.add(trigger.operation_id)
    assert seen == set(TRIGGERS)


async def test_a_failing_receiver_is_retried_with_backoff(make_mock):
    async with make_mock(webhook_attempts=4, webhook_backoff=0.5) as h:
        h.receiver.failures = [503, 500]
        await h.subscribe("/callback", 11, method="POST")
        await h.client.post("/_mock/inbound", json=inbound("hello"))
        [delivery] = await h.deliveries()
        assert delivery["outcome"] == "delivered"
        assert [a["status"] for a in delivery["attempts"]] == [503, 500, 200]
        assert h.sleeps == [0.5, 1.0]


async def test_a_delivery_that_keeps_failing_is_recorded_as_failed(make_mock):
    async with make_mock(webhook_attempts=3, webhook_backoff=2) as h:
        h.receiver.failures = [500] * 10
        await h.subscribe("/callback", 11, method="POST")
        await h.client.post("/_mock/inbound", json=inbound("hello"))
        listed = (await h.client.get("/_mock/deliveries", params={"outcome": "failed", "wait": "5"})).json()
        [delivery] = listed["deliveries"]
        assert delivery["outcome"] == "failed" and len(delivery["attempts"]) == 3
        assert h.sleeps == [2, 4]


async def test_a_receiver_that_says_gone_is_not_retried(make_mock):
    async with make_mock(webhook_attempts=4) as h:
        h.receiver.failures = [410]
        await h.subscribe("/callback", 11, method="POST")
        await h.client.post("/_mock/inbound", json=inbound("hello"))
        [delivery] = await h.deliveries()
        assert delivery["outcome"] == "failed" and [a["status"] for a in delivery["attempts"]] == [410]


async def test_an_unreachable_receiver_is_recorded_with_the_error(make_mock):
    async with make_mock(webhook_attempts=2) as h:
        await h.subscribe("/callback", 11, method="POST", url="http://127.0.0.1:9/nobody")
        await h.mock.webhooks.client.aclose()
        h.mock.webhooks.client = httpx.AsyncClient()
        await h.client.post("/_mock/inbound", json=inbound("hello"))
        [delivery] = await h.deliveries()
        assert delivery["outcome"] == "failed"
        assert all(a["status"] is None and "Connect" in a["error"] for a in delivery["attempts"])


async def test_deliveries_can_be_filtered_by_callback_type(harness):
    await harness.subscribe("/callback", 11, method="POST")
    await harness.subscribe("/callback/-6", 6)
    await harness.client.post("/_mock/inbound", json=inbound("hi"))
    await harness.client.post("/_mock/inbound", json=inbound("stop"))
    await harness.mock.webhooks.drain()
    listed = (await harness.client.get("/_mock/deliveries", params={"callbackType": "6"})).json()["deliveries"]
    assert [d["event"] for d in listed] == ["Stop_received"]
    bad = await harness.client.get("/_mock/deliveries", params={"callbackType": "six"})
    assert bad.status_code == 400


@pytest.mark.parametrize("body, status, property_name", [
    ({"CallbackType": 11, "URL": "not a url", "Active": True}, 400, "URL"),
    ({"CallbackType": 11, "URL": "ftp://files.test/x", "Active": True}, 400, "URL"),
    ({"CallbackType": 99, "URL": HOOK, "Active": True}, 400, "CallbackType"),
    ({"CallbackType": 11, "Active": True}, 400, "URL"),
    ({"CallbackType": "11", "URL": HOOK, "Active": True}, 400, "CallbackType"),
])
async def test_bad_subscriptions_are_400(harness, body, status, property_name):
    response = await harness.client.post(f"{BASE}/account/{ROOT_ACCOUNT}/callback", auth=AUTH, json=body)
    assert response.status_code == status
    assert property_name in [e["PropertyName"] for e in response.json()]


@pytest.mark.parametrize("body, status", [
    ({"from": "+15125453809", "to": "+19999999999", "text": "hi"}, 404),
    ({"from": "nobody", "to": LONG_CODE, "text": "hi"}, 400),
    ({"to": LONG_CODE, "text": "hi"}, 400),
    ({"from": "+15125453809", "text": "hi"}, 400),
    ({"from": "+15125453809", "to": LONG_CODE}, 400),
    ({"from": "+15125453809", "to": LONG_CODE, "text": 5}, 400),
    (["not", "an", "object"], 400),
])
async def test_bad_inbound_messages_are_refused_clearly(harness, body, status):
    response = await harness.client.post("/_mock/inbound", json=body)
    assert response.status_code == status
    assert response.json()[0]["ErrorMessage"]


@pytest.mark.parametrize("body, status", [
    ({"accountId": 9999, "keyword": "X"}, 404),
    ({"accountId": ROOT_ACCOUNT, "keyword": "two words"}, 400),
    ({"accountId": ROOT_ACCOUNT, "keyword": "X", "channelId": 6001}, 400),
    ({"keyword": "X"}, 400),
])
async def test_bad_keyword_registrations_are_refused(harness, body, status):
    assert (await harness.client.post("/_mock/keywords", json=body)).status_code == status


async def test_a_keyword_on_one_channel_only_fires_there(harness):
    await harness.subscribe("/callback/-1", 1)
    await harness.client.post("/_mock/keywords", json={"accountId": ROOT_ACCOUNT, "keyword": "VIP",
                                                       "channelId": 5003})
    other = await harness.client.post("/_mock/inbound", json=inbound("VIP"))
    assert other.json()["trigger"] == "Incoming_SMS_Received"
    here = await harness.client.post("/_mock/inbound", json=inbound("VIP", to="+15125550102"))
    assert here.json()["trigger"] == "Keyword_received"


async def test_deliveries_still_pending_when_the_mock_stops_are_recorded_as_failed(build):
    receiver = Receiver(failures=[503])
    never = asyncio.Event()

    async def backoff_forever(seconds: float) -> None:
        await never.wait()

    hooks = httpx.AsyncClient(transport=httpx.ASGITransport(receiver.app()))
    app = create_app(build, MockSettings(allow_callback_hosts=("receiver.test",)), http_client=hooks,
                     sleep=backoff_forever)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://mock.test") as client:
        await client.post(f"{BASE}/account/{ROOT_ACCOUNT}/callback", auth=AUTH,
                          json={"CallbackType": 11, "URL": HOOK, "Active": True})
        await client.post("/_mock/inbound", json=inbound("hello"))
        for _ in range(100):  # the first attempt is made in the background
            if app.state.mock.webhooks.deliveries[0].attempts:
                break
            await asyncio.sleep(0)
        assert app.state.mock.webhooks.listing()[0]["outcome"] == "pending"
    await app.state.mock.webhooks.close()
    [delivery] = app.state.mock.webhooks.listing()
    assert delivery["outcome"] == "failed"
    assert delivery["attempts"][-1]["error"] == "the mock stopped before delivering"
