"""Send SMS: channel ownership, target normalization and filtering, ForceOptIn, IgnoreInvalidTargets,
Execute, Schedules, and a delivery notice for every message sent."""

from __future__ import annotations

import pytest

from tests.mock.conftest import AUTH, BASE, ROOT_ACCOUNT, SUB_ACCOUNT

pytestmark = pytest.mark.anyio
PUSH = f"{BASE}/account/{ROOT_ACCOUNT}/action-pushcampaign"
DELIVERY, INVALID = 12, 13


def push(targets, **fields) -> dict:
    return {"Channels": ["22"], "Targets": targets, "Message": "Hello from the mock", "Execute": True,
            "CampaignId": 0, **fields}


async def subscribe_both(h) -> None:
    await h.subscribe("/callback/-12", DELIVERY)
    await h.subscribe("/callback/-13", INVALID)


async def test_a_push_answers_201_with_the_campaign_and_sends_each_target(harness):
    await subscribe_both(harness)
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809", "512-545-3810",
                                                                     "+15125550303", "+15125550707"]))
    assert response.status_code == 201
    campaign = response.json()
    assert campaign["accountId"] == ROOT_ACCOUNT and campaign["status"] == "Executed"
    assert campaign["targets"] == ["+15125453809", "+15125453810", "+15125550303", "+15125550707"]
    assert campaign["channels"] == ["22"] and campaign["message"] == "Hello from the mock"
    notices = [d["payload"] for d in await harness.deliveries() if d["callbackType"] == DELIVERY]
    assert [(n["PhoneNumber"], n["StatusId"]) for n in notices] == [
        ("+15125453809", 2), ("+15125453810", 2), ("+15125550303", 3), ("+15125550707", 7)]
    assert {n["ActionId"] for n in notices} == {campaign["id"]}
    assert notices[0]["ContactId"] == 7001 and "ContactId" not in notices[2]
    assert notices[0]["ChannelCode"] == "+15125550100" and notices[0]["Status"] == "OK"
    assert len({n["MessageId"] for n in notices}) == 4
    assert not [d for d in await harness.deliveries() if d["callbackType"] == INVALID]


@pytest.mark.parametrize("target, reason", [
    ("not a number", 0), ("12345", 0), ("nobody@contoso.example", 0), ("+15125550666", 3), ("+15125550404", 4)])
async def test_each_filtered_target_is_reported_with_its_reason(harness, target, reason):
    await subscribe_both(harness)
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809", target],
                                                                    IgnoreInvalidTargets=True))
    assert response.status_code == 201
    assert response.json()["targets"] == ["+15125453809"]
    [invalid] = [d["payload"] for d in await harness.deliveries() if d["callbackType"] == INVALID]
    assert invalid["InvalidTargets"] == [{"Target": target, "ReasonId": reason, "Reason": {
        0: "Invalid", 3: "Blocked", 4: "Undeliverable"}[reason]}]
    assert invalid["ActionId"] == response.json()["id"] and invalid["AccountId"] == ROOT_ACCOUNT


async def test_duplicates_after_normalization_are_filtered_with_reason_2(harness):
    await subscribe_both(harness)
    response = await harness.client.post(PUSH, auth=AUTH, json=push(
        ["+15125453809", "(512) 545-3809", "ada@contoso.example", "7001"], IgnoreInvalidTargets=True))
    assert response.json()["targets"] == ["+15125453809"]
    [invalid] = [d["payload"] for d in await harness.deliveries() if d["callbackType"] == INVALID]
    assert [(t["Target"], t["ReasonId"]) for t in invalid["InvalidTargets"]] == [
        ("(512) 545-3809", 2), ("ada@contoso.example", 2), ("7001", 2)]


async def test_emails_and_contact_ids_resolve_to_the_contacts_numbers(harness):
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["ada@contoso.example", "7002"]))
    assert response.status_code == 201
    assert response.json()["targets"] == ["+15125453809", "+15125453810"]


async def test_without_ignore_invalid_targets_one_filtered_target_rejects_the_push(harness):
    await subscribe_both(harness)
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809", "bogus", "+15125550666"]))
    assert response.status_code == 400
    errors = response.json()
    assert [(e["ErrorCodeId"], e["PropertyName"]) for e in errors] == [(1005, "Targets"), (1005, "Targets")]
    assert "Invalid (ReasonId 0)" in errors[0]["ErrorMessage"] and "Blocked (ReasonId 3)" in errors[1]["ErrorMessage"]
    assert await harness.deliveries() == [], "nothing is sent"
    assert (await harness.client.get("/_mock/state")).json()["campaigns"] == []


async def test_opted_out_numbers_are_filtered_unless_force_opt_in(harness):
    await subscribe_both(harness)
    await harness.client.post("/_mock/inbound", json={"from": "+15125453809", "to": "+15125550100", "text": "Stop"})
    refused = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809"]))
    assert refused.status_code == 400 and "Opted Out (ReasonId 1)" in refused.json()[0]["ErrorMessage"]
    forced = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809"], ForceOptIn=True))
    assert forced.status_code == 201 and forced.json()["forceOptIn"] is True
    notices = [d for d in await harness.deliveries() if d["callbackType"] == DELIVERY]
    assert [n["payload"]["PhoneNumber"] for n in notices] == ["+15125453809"]


async def test_a_single_use_number_gets_one_message_unless_ignore_single_use(harness):
    assert (await harness.client.post(PUSH, auth=AUTH, json=push(["+15125550111"]))).status_code == 201
    again = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125550111"]))
    assert again.status_code == 400 and "Single Use (ReasonId 5)" in again.json()[0]["ErrorMessage"]
    ignored = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125550111"], IgnoreSingleUse=True))
    assert ignored.status_code == 201


async def test_when_every_target_is_filtered_nothing_is_sent(harness):
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["junk"], IgnoreInvalidTargets=True))
    assert response.status_code == 400
    assert response.json()[0]["ErrorMessage"] == "none of the targets can receive messages"


async def test_execute_false_stores_the_campaign_without_sending(harness):
    await subscribe_both(harness)
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809"], Execute=False))
    assert response.status_code == 201 and response.json()["status"] == "Created"
    state = (await harness.client.get("/_mock/state")).json()
    assert [c["id"] for c in state["campaigns"]] == [response.json()["id"]]
    assert state["messages"] == [] and await harness.deliveries() == []


async def test_schedules_are_kept_and_the_campaign_waits_for_them(harness):
    schedules = ["2030-01-01T09:00:00", "2030-01-02T09:00:00"]
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809"], Schedules=schedules))
    assert response.status_code == 201
    assert response.json()["schedules"] == schedules and response.json()["status"] == "Scheduled"
    assert (await harness.client.get("/_mock/state")).json()["messages"] == []


async def test_contact_lists_add_targets_and_exclude_lists_remove_them(harness):
    response = await harness.client.post(PUSH, auth=AUTH, json=push([], ContactListIds=["8001"]))
    assert response.json()["targets"] == ["+15125453809", "+15125453810"]
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809", "+15125550000"],
                                                                    ExcludeListIds=["8001"]))
    assert response.json()["targets"] == ["+15125550000"]
    unknown = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809"], ContactListIds=["9"]))
    assert unknown.status_code == 400 and unknown.json()[0]["PropertyName"] == "ContactListIds"


@pytest.mark.parametrize("channel, words", [
    ("5002", "does not belong to account 1001"), ("6001", "does not belong to account 1001"),
    ("424242", "does not exist"), ("+15125550199", "does not belong to account 1001")])
async def test_channels_must_belong_to_the_account(harness, channel, words):
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809"], Channels=[channel]))
    assert response.status_code == 400
    assert response.json()[0]["PropertyName"] == "Channels" and words in response.json()[0]["ErrorMessage"]


async def test_a_named_channel_of_the_account_is_used(harness):
    await subscribe_both(harness)
    response = await harness.client.post(PUSH, auth=AUTH, json=push(["+15125453809"], Channels=["5003"]))
    assert response.status_code == 201
    [notice] = [d["payload"] for d in await harness.deliveries()]
    assert (notice["ChannelId"], notice["ChannelCode"]) == (5003, "+15125550102")


async def test_a_sub_account_sends_on_its_own_long_code_and_its_root_hears_about_it(harness):
    await subscribe_both(harness)
    response = await harness.client.post(f"{BASE}/account/{SUB_ACCOUNT}/action-pushcampaign", auth=AUTH,
                                         json=push(["+15125453809"]))
    assert response.status_code == 201
    [notice] = [d["payload"] for d in await harness.deliveries()]
    assert notice["AccountId"] == SUB_ACCOUNT and notice["ChannelCode"] == "+15125550101"


@pytest.mark.parametrize("body, property_name", [
    ({"Channels": [], "Targets": ["+15125453809"], "Message": "x", "Execute": True, "CampaignId": 0}, "Channels"),
    ({"Channels": ["22"], "Targets": ["+15125453809"], "Message": " ", "Execute": True, "CampaignId": 0}, "Message"),
    ({"Channels": ["22"], "Targets": [], "Message": "x", "Execute": True, "CampaignId": 0}, "Targets"),
    ({"Channels": ["22"], "Targets": ["+15125453809"], "Message": "x", "CampaignId": 0}, "Execute"),
    ({"Channels": "22", "Targets": ["+15125453809"], "Message": "x", "Execute": True, "CampaignId": 0}, "Channels"),
    ({"Channels": ["22"], "Targets": ["+15125453809"], "Message": "x", "Execute": "yes", "CampaignId": 0},
     "Execute"),
    ({"Channels": ["22"], "Targets": [15125453809], "Message": "x", "Execute": True, "CampaignId": 0},
     "Targets[0]"),
])
async def test_malformed_pushes_answer_400_naming_the_property(harness, body, property_name):
    response = await harness.client.post(PUSH, auth=AUTH, json=body)
    assert response.status_code == 400
    assert property_name in [e["PropertyName"] for e in response.json()]
