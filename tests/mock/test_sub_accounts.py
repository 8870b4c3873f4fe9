"""Sub-accounts keep their contacts apart (TrueDialog's help: sub-accounts keep "contacts, campaigns, and
users separate for each subaccount"): push and contact search agree on which contacts an account has."""

from __future__ import annotations

import pytest

from tests.mock.conftest import AUTH, BASE, ROOT_ACCOUNT, SUB_ACCOUNT
from tests.mock.test_campaigns import push

pytestmark = pytest.mark.anyio
# Contact 7001 of the root account, seen from every side.
PARENT_ID, PARENT_PHONE, PARENT_EMAIL = "7001", "+15125453809", "ada@contoso.example"


async def search(harness, account: int, text: str) -> list[int]:
    response = await harness.client.get(f"{BASE}/account/{account}/contact-search/{text}", auth=AUTH)
    assert response.status_code == 200
    return [c["id"] for c in response.json()]


async def pushed(harness, account: int, targets: list[str]) -> tuple[list[dict], list[dict]]:
    """(delivery notices, invalid targets) of a push from `account` that ignores invalid targets."""
    await harness.subscribe("/callback/-12", 12, account=account)
    await harness.subscribe("/callback/-13", 13, account=account)
    response = await harness.client.post(f"{BASE}/account/{account}/action-pushcampaign", auth=AUTH,
                                         json=push(targets, IgnoreInvalidTargets=True))
    assert response.status_code == 201, response.text
    payloads = [(d["callbackType"], d["payload"]) for d in await harness.deliveries()]
    return ([p for kind, p in payloads if kind == 12],
            [t for kind, p in payloads if kind == 13 for t in p["InvalidTargets"]])


async def test_a_sub_account_neither_finds_nor_resolves_its_parents_contacts(harness):
    assert await search(harness, SUB_ACCOUNT, PARENT_PHONE) == []
    assert await search(harness, SUB_ACCOUNT, PARENT_EMAIL) == []
    notices, invalid = await pushed(harness, SUB_ACCOUNT, [PARENT_ID, PARENT_EMAIL, PARENT_PHONE])
    assert [(t["Target"], t["Reason"]) for t in invalid] == [(PARENT_ID, "Invalid"), (PARENT_EMAIL, "Invalid")]
    [notice] = notices
    assert notice["PhoneNumber"] == PARENT_PHONE and "ContactId" not in notice, \
        "a bare number is still sent, but it is no contact of the sub-account"


async def test_a_parent_neither_finds_nor_resolves_its_sub_accounts_contacts(harness):
    created = await harness.client.post(f"{BASE}/account/{SUB_ACCOUNT}/contact", auth=AUTH,
                                        json={"PhoneNumber": "+15125550188", "Email": "sam@support.example"})
    contact = created.json()
    assert await search(harness, ROOT_ACCOUNT, "sam@support.example") == []
    _, invalid = await pushed(harness, ROOT_ACCOUNT, [str(contact["id"]), "sam@support.example", PARENT_PHONE])
    assert [t["Target"] for t in invalid] == [str(contact["id"]), "sam@support.example"]


async def test_an_accounts_own_contacts_are_found_and_resolved_the_same_way(harness):
    created = await harness.client.post(f"{BASE}/account/{SUB_ACCOUNT}/contact", auth=AUTH,
                                        json={"PhoneNumber": "+15125550188", "Email": "sam@support.example"})
    contact_id = created.json()["id"]
    assert await search(harness, SUB_ACCOUNT, "+15125550188") == [contact_id]
    assert await search(harness, SUB_ACCOUNT, "sam@support.example") == [contact_id]
    notices, invalid = await pushed(harness, SUB_ACCOUNT, [str(contact_id), "sam@support.example", "(512) 555-0188"])
    assert invalid == [{"Target": "sam@support.example", "ReasonId": 2, "Reason": "Duplicate"},
                       {"Target": "(512) 555-0188", "ReasonId": 2, "Reason": "Duplicate"}]
    assert [(n["PhoneNumber"], n["ContactId"]) for n in notices] == [("+15125550188", contact_id)]


async def test_a_stop_on_a_sub_accounts_channel_names_only_its_own_contact(harness):
    await harness.subscribe("/callback/-6", 6, account=SUB_ACCOUNT)
    await harness.client.post("/_mock/inbound", json={"from": PARENT_PHONE, "to": "+15125550101", "text": "STOP"})
    [delivery] = await harness.deliveries()
    assert delivery["payload"]["AccountId"] == SUB_ACCOUNT and "ContactId" not in delivery["payload"]
