"""Seed files: the built-in one, your own in YAML or JSON, and every mistake reported with file:line:col."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.mock.settings import MockSettings
from generator.mock.packs.truedialog.state import load_seed
from tests.mock.conftest import BASE

pytestmark = pytest.mark.anyio
SMALL = {
    "accounts": [{"id": 10, "name": "Solo", "channels": [{"id": 11, "code": "+15125550001", "default": True},
                                                         {"id": 12, "code": "55555"}]}],
    "users": [{"userName": "solo", "apiKey": "k", "apiSecret": "s", "accountId": 10}],
    "optOuts": [{"accountId": 10, "phoneNumber": "+15125550002"}],
}


def test_the_built_in_seed_is_valid():
    seed, findings = load_seed(None)
    assert findings == [] and seed["users"][0]["apiKey"] == "mock-api-key"


async def test_a_json_seed_gives_the_mock_its_world(make_mock, tmp_path):
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(SMALL))
    async with make_mock(seed=path) as h:
        assert (await h.client.get(f"{BASE}/userinfo", auth=("k", "s"))).json()["accountId"] == 10
        assert (await h.client.get(f"{BASE}/userinfo", auth=("mock-api-key", "mock-api-secret"))).status_code == 401
        push = {"Channels": ["12"], "Targets": ["+15125550002"], "Message": "m", "Execute": True, "CampaignId": 0}
        refused = await h.client.post(f"{BASE}/account/10/action-pushcampaign", auth=("k", "s"), json=push)
        assert refused.status_code == 400 and "Opted Out" in refused.json()[0]["ErrorMessage"]


@pytest.mark.parametrize("text, where, words", [
    ("accounts: []\nusers: []\n", (1, 11), "should be non-empty"),
    ("accounts:\n- id: 1\n  name: A\n  colour: red\nusers: []\n", (2, 3), "'colour' was unexpected"),
    ("accounts:\n- id: 1\n  name: A\n- id: 1\n  name: B\nusers:\n"
     "- {userName: u, apiKey: k, apiSecret: s, accountId: 1}\n", (4, 7), "duplicate account id 1"),
    ("accounts:\n- id: 1\n  name: A\n  parentId: 9\nusers:\n- {userName: u, apiKey: k, apiSecret: s, accountId: 1}\n",
     (4, 13), "no account has id 9"),
    ("accounts:\n- id: 1\n  name: A\n  channels:\n  - {id: 22, code: '+15125550001'}\nusers:\n"
     "- {userName: u, apiKey: k, apiSecret: s, accountId: 1}\n", (5, 10), "reserved"),
    ("accounts:\n- id: 1\n  name: A\n  channels:\n  - {id: 2, code: '123'}\nusers:\n"
     "- {userName: u, apiKey: k, apiSecret: s, accountId: 1}\n", (5, 19), "neither a long code"),
    ("accounts:\n- {id: 1, name: A}\nusers:\n- {userName: u, apiKey: k, apiSecret: s, accountId: 1}\n"
     "contacts:\n- {id: 3, accountId: 1, email: nope}\n", (6, 32), "'nope' is not an email address"),
    ("accounts:\n- {id: 1, name: A}\nusers:\n- {userName: u, apiKey: k, apiSecret: s, accountId: 1}\n"
     "blocked: ['+1']\n", (5, 11), "'+1' is not a phone number"),
    ("accounts:\n- {id: 1, name: A}\nusers:\n- {userName: u, apiKey: k, apiSecret: s, accountId: 1}\n"
     "deliveryOutcomes: {'+15125550001': lost}\n", (5, 36), "'lost' is not one of"),
    ("accounts: [\n", (2, 1), "YAML syntax error"),
])
def test_seed_mistakes_are_reported_with_their_place(tmp_path, text, where, words):
    path = tmp_path / "seed.yaml"
    path.write_text(text)
    seed, findings = load_seed(path)
    assert seed is None
    assert any(words in f.message and (f.location.line, f.location.column) == where for f in findings), \
        [(f.message, f.location.line, f.location.column) for f in findings]
    assert all(f.location.file == str(path) for f in findings)


def test_every_problem_of_a_seed_is_reported_at_once(tmp_path):
    path = tmp_path / "seed.yaml"
    path.write_text("accounts:\n- {id: 1, name: A, parentId: 5}\nusers:\n"
                    "- {userName: u, apiKey: k, apiSecret: s, accountId: 7}\nblocked: [x]\n")
    _, findings = load_seed(path)
    assert len(findings) == 3


def test_settings_resolve_the_seed_against_the_project():
    section = {"host": "0.0.0.0", "port": 9000, "storage": "memory://", "seed": "mock/seed.yaml", "calls": 500,
               "renewal-period": 60, "max-body-bytes": 2048, "webhook-attempts": 2, "webhook-backoff": 1.5}
    settings = MockSettings.from_config(section, Path("/project"))
    assert settings.seed == Path("/project/mock/seed.yaml")
    assert (settings.calls, settings.max_body_bytes, settings.webhook_attempts) == (500, 2048, 2)


@pytest.mark.parametrize("contacts, where, words", [
    ('[{"id": 3, "accountId": 1, "phoneNumber": "+15125550001"},\n'
     ' {"id": 4, "accountId": 1, "phoneNumber": "(512) 555-0001"}]', (7, 43), "contact 3 of account 1 already has the "
                                                                           "phone number +15125550001"),
    ('[{"id": 3, "accountId": 1, "email": "a@b.example"},\n {"id": 4, "accountId": 1, "email": "A@B.example"}]',
     (7, 37), "contact 3 of account 1 already has the email a@b.example"),
    ('[{"id": 3, "accountId": 1, "email": "a@b.example"},\n {"id": 3, "accountId": 1, "email": "c@d.example"}]',
     (7, 9), "duplicate contact id 3"),
    ('[{"id": 3, "accountId": 1, "email": "a@b.example", "email": "c@d.example"}]', (6, 52), "duplicate key 'email'"),
    ('[{"id": 3.5, "accountId": 1, "email": "a@b.example"}]', (6, 9), "3.5 is not of type 'integer'"),
    ('[{"id": 3, "accountId": 9, "email": "a@b.example"}]', (6, 25), "no account has id 9"),
    ('[{"id": 3' + "0" * 150 + ', "accountId": 1, "email": "a@b.example"}]', (6, 9), "more than 100 digits"),
    ('[{"id": 3, "accountId": 1, "email": "a@b.example", "firstName": "\\ud800"}]', (6, 68), "invalid Unicode"),
])
def test_a_json_seed_is_read_quickly_but_its_mistakes_keep_their_place(tmp_path, contacts, where, words):
    path = tmp_path / "seed.json"
    path.write_text('{\n"accounts": [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}],\n'
                    '"users": [{"userName": "u", "apiKey": "k", "apiSecret": "s", "accountId": 1}],\n'
                    '"contactLists": [],\n'
                    f'"contacts":\n{contacts}\n}}\n')
    seed, findings = load_seed(path)
    assert seed is None
    assert [(f.message, (f.location.line, f.location.column)) for f in findings if words in f.message] \
        == [(f.message, where) for f in findings if words in f.message] != [], [(f.message, f.location.line,
                                                                                  f.location.column) for f in findings]


def test_the_same_number_in_two_accounts_is_two_contacts(tmp_path):
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"accounts": [{"id": 1, "name": "A"}, {"id": 2, "name": "B", "parentId": 1}],
                                "users": [{"userName": "u", "apiKey": "k", "apiSecret": "s", "accountId": 1}],
                                "contacts": [{"id": 3, "accountId": 1, "phoneNumber": "+15125550001"},
                                             {"id": 4, "accountId": 2, "phoneNumber": "+15125550001"}]}))
    seed, findings = load_seed(path)
    assert findings == [] and len(seed["contacts"]) == 2
