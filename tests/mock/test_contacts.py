"""Contacts: create (phone or email required), search by phone or email, update; TrueDialog's 400 arrays."""

from __future__ import annotations

import pytest

from tests.mock.conftest import AUTH, BASE, ROOT_ACCOUNT, SUB_ACCOUNT

pytestmark = pytest.mark.anyio
CONTACTS = f"{BASE}/account/{ROOT_ACCOUNT}/contact"


async def test_a_created_contact_can_be_found_by_phone_and_by_email(harness):
    created = await harness.client.post(CONTACTS, auth=AUTH, json={
        "PhoneNumber": "(512) 555-0123", "Email": "Pat@Example.com", "FirstName": "Pat", "LastName": "Lee"})
    assert created.status_code == 201
    contact = created.json()
    assert contact["phoneNumber"] == "+15125550123", "numbers are stored in E.164"
    assert contact["email"] == "pat@example.com"
    assert contact["accountId"] == ROOT_ACCOUNT and contact["createdBy"] == "contoso.admin"
    for query in ("+15125550123", "5125550123", "pat@example.com"):
        found = await harness.client.get(f"{BASE}/account/{ROOT_ACCOUNT}/contact-search/{query}", auth=AUTH)
        assert found.status_code == 200
        assert [c["id"] for c in found.json()] == [contact["id"]], query


async def test_search_is_scoped_to_the_account(harness):
    found = await harness.client.get(f"{BASE}/account/{SUB_ACCOUNT}/contact-search/+15125453809", auth=AUTH)
    assert found.status_code == 200 and found.json() == []
    found = await harness.client.get(f"{BASE}/account/{SUB_ACCOUNT}/contact-search/grace@contoso.example", auth=AUTH)
    assert [c["firstName"] for c in found.json()] == ["Grace"]


async def test_search_for_something_that_is_neither_phone_nor_email_is_400(harness):
    response = await harness.client.get(f"{BASE}/account/{ROOT_ACCOUNT}/contact-search/hello", auth=AUTH)
    assert response.status_code == 400
    assert response.json() == [{"ErrorCodeId": 1003, "ErrorMessage": "'hello' is neither a phone number nor an "
                                "email address", "ObjectType": "Contact", "PropertyName": "phone"}]


@pytest.mark.parametrize("body, property_names", [
    ({}, ["PhoneNumber"]),
    (None, ["PhoneNumber"]),
    ({"FirstName": "No Way To Reach"}, ["PhoneNumber"]),
    ({"PhoneNumber": "12"}, ["PhoneNumber"]),
    ({"PhoneNumber": "+0123456789"}, ["PhoneNumber"]),
    ({"Email": "not-an-email"}, ["Email"]),
    ({"PhoneNumber": "555", "Email": "nope"}, ["PhoneNumber", "Email"]),
    ({"PhoneNumber": 15125550123}, ["PhoneNumber"]),
    ({"PhoneNumber": "+15125453809"}, ["PhoneNumber"]),
    ({"Email": "ADA@contoso.example"}, ["Email"]),
])
async def test_invalid_contacts_answer_400_with_every_problem(harness, body, property_names):
    response = await harness.client.post(CONTACTS, auth=AUTH, json=body)
    assert response.status_code == 400
    errors = response.json()
    assert [e["PropertyName"] for e in errors] == property_names
    for error in errors:
        assert set(error) == {"ErrorCodeId", "ErrorMessage", "ObjectType", "PropertyName"}
        assert error["ObjectType"] == "Contact" and error["ErrorMessage"]


async def test_duplicates_are_refused_per_account_only(harness):
    assert (await harness.client.post(f"{BASE}/account/{SUB_ACCOUNT}/contact", auth=AUTH,
                                      json={"PhoneNumber": "+15125453809"})).status_code == 201
    duplicate = await harness.client.post(CONTACTS, auth=AUTH, json={"PhoneNumber": "+1 512 545 3809"})
    assert duplicate.status_code == 400
    assert duplicate.json()[0]["ErrorCodeId"] == 1004 and "7001" in duplicate.json()[0]["ErrorMessage"]


async def test_update_changes_only_the_given_fields(harness):
    response = await harness.client.put(f"{CONTACTS}/7001", auth=AUTH, json={"LastName": "King", "Email": ""})
    assert response.status_code == 200
    contact = response.json()
    assert (contact["firstName"], contact["lastName"]) == ("Ada", "King")
    assert contact["phoneNumber"] == "+15125453809" and contact["email"] == "ada@contoso.example"
    assert contact["modifiedBy"] == "contoso.admin"
    moved = await harness.client.put(f"{CONTACTS}/7001", auth=AUTH, json={"PhoneNumber": "+44 20 7946 0958"})
    assert moved.json()["phoneNumber"] == "+442079460958"
    found = await harness.client.get(f"{BASE}/account/{ROOT_ACCOUNT}/contact-search/+442079460958", auth=AUTH)
    assert [c["id"] for c in found.json()] == [7001]


async def test_update_validates_like_create(harness):
    bad = await harness.client.put(f"{CONTACTS}/7001", auth=AUTH, json={"PhoneNumber": "call me"})
    assert bad.status_code == 400 and bad.json()[0]["PropertyName"] == "PhoneNumber"
    clash = await harness.client.put(f"{CONTACTS}/7001", auth=AUTH, json={"PhoneNumber": "+15125453810"})
    assert clash.status_code == 400 and clash.json()[0]["ErrorCodeId"] == 1004


@pytest.mark.parametrize("contact_id", ["999999", "7003", "abc", "-1"])
async def test_updating_a_contact_outside_the_account_is_404(harness, contact_id):
    response = await harness.client.put(f"{CONTACTS}/{contact_id}", auth=AUTH, json={"FirstName": "X"})
    assert response.status_code == 404
    assert response.json()[0]["ObjectType"] == "Contact"


async def test_a_contact_shows_its_opt_out(harness):
    await harness.client.post("/_mock/inbound", json={"from": "+15125453809", "to": "+15125550100", "text": "STOP"})
    found = await harness.client.get(f"{BASE}/account/{ROOT_ACCOUNT}/contact-search/+15125453809", auth=AUTH)
    assert found.json()[0]["phoneStatusId"] == 2
