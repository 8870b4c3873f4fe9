"""The pieces of a contract run: connections, exclusions, realistic values, links, reports."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from generator.contract.connections import Connection, ConnectionPool
from generator.contract.exclusions import Exclusion, check_overrides, exclusions
from generator.contract.hooks import hooks_for
from generator.contract.links import link_parameters
from generator.contract.report import render_junit, render_text
from generator.contract.results import ContractFailure, ContractReport, Outcome
from generator.contract.target import mock_target
from generator.contract.values import realistic_values
from generator.findings import Location
from generator.mock.auth import API_KEY, BASIC, Scheme
from generator.mock.packs import find_pack
from generator.mock.packs.truedialog.contract import PHONES


def basic(user: str, password: str) -> Connection:
    return Connection(Scheme(BASIC), (user, password))


def test_the_pool_moves_to_the_next_connection_after_its_share_and_wraps_around():
    pool = ConnectionPool([basic("a", "1"), basic("b", "2")], share=2)
    assert [pool.next().values[0] for _ in range(5)] == ["a", "a", "b", "b", "a"]
    assert pool.used == 2
    assert pool.owns(basic("b", "2").headers()) and not pool.owns(basic("b", "3").headers())


def test_a_pool_of_query_api_keys_knows_its_keys_in_the_query():
    key = Connection(Scheme(API_KEY, "query", "code"), ("k-1",))
    pool = ConnectionPool([key])
    assert key.headers() == {} and key.query() == {"code": "k-1"}
    assert pool.owns({}, {"code": "k-1"}) and not pool.owns({}, {"code": "k-2"})


def test_the_truedialog_connections_are_users_of_the_root_users_account(build):
    target = mock_target(build)
    added = [u for u in target.mock.behaviour.state.users if u.user_name.startswith("contract.")]
    assert {u.account_id for u in added} == {1001}
    assert len(added) == len(target.pool.connections) + 1
    assert len({c.values for c in target.pool.connections}) == len(target.pool.connections)


def test_the_mock_gets_enough_connections_that_none_carries_more_than_a_quarter_of_its_budget(build):
    target = mock_target(build)
    assert target.pool.share == 25
    assert target.throttle_connection not in target.pool.connections


def test_every_exclusion_names_a_check_and_gives_a_reason(build):
    found = exclusions(build.swagger, hooks_for(find_pack(build.connector)))
    assert {e.id for e in found} == {"no-response-time", "single-identity", "linked-values",
                                     "platform-filled-subscription", "value-rules"}
    assert all(e.reason and e.check for e in found)
    subscription = next(e for e in found if e.id == "platform-filled-subscription")
    assert len(subscription.operations) == len(build.connector.triggers)


def test_an_exclusion_that_switches_a_check_off_wins_over_one_that_widens_it():
    merged = list(check_overrides([
        Exclusion("a", "positive_data_acceptance", "r", ("GET /x",), ("400",)),
        Exclusion("b", "positive_data_acceptance", "r", ("GET /x",), ("422",)),
        Exclusion("c", "positive_data_acceptance", "r", ("GET /y",), ("400",)),
        Exclusion("d", "positive_data_acceptance", "r", ("GET /y",)),
    ]))
    widened = dict((label, settings) for label, _, _, settings in merged)
    assert widened["GET /x"]["expected-statuses"][-2:] == ["400", "422"]
    assert widened["GET /y"] == {"enabled": False}


def test_realistic_values_come_from_the_platform_and_from_the_value_rules(build):
    values = realistic_values(build.swagger, hooks_for(find_pack(build.connector)))
    keyword = values.bindings["PUT /account/{accountId}/callback/-1"]
    assert values.dictionaries[keyword["body.CallbackType"]["dictionary"]]["values"] == [1]
    assert keyword["body.CallbackType"]["probability"] == 0.9
    assert values.dictionaries[keyword["body.URL"]["dictionary"]]["values"][0].startswith("https://")
    push = values.bindings["POST /account/{accountId}/action-pushcampaign"]
    assert values.dictionaries[push["body.Targets[*]"]["dictionary"]]["values"] == list(PHONES)
    assert values.dictionaries[push["body.Channels[*]"]["dictionary"]]["values"] == ["22"]
    assert "GET /userinfo" not in values.bindings


def test_fictional_numbers_only():
    assert all(p.startswith("+1512555") and 100 <= int(p[-4:]) <= 199 for p in PHONES)


def test_the_links_of_userinfo_give_the_account_of_the_connection(build):
    assert link_parameters(build.swagger, mock_target(build)) == {"accountId": "1001", "AccountId": "1001"}


def _report() -> ContractReport:
    failure = ContractFailure("schema", "Contact_Create", "not_a_server_error", "Server error", "500 <boom>",
                              Location("connector/operations/Contact_Create.yaml", "/paths", 30, 5),
                              request="curl -X POST http://127.0.0.1:8000/api/v2.1/account/1001/contact",
                              response="HTTP 500 Internal Server Error\n{}")
    return ContractReport("the in-process mock", [Outcome("schema", "Contact_Create", [failure], elapsed=1.5),
                                                  Outcome("webhooks", "Stop_received", skipped="no routes")],
                          notes=["seed 1"], elapsed=2.0)


def test_the_text_report_shows_operation_check_request_and_response():
    text = render_text(_report(), "TrueDialog SMS")
    assert "  1. Contact_Create: not_a_server_error: Server error" in text
    assert "defined at connector/operations/Contact_Create.yaml:30:5" in text
    assert "curl -X POST http://127.0.0.1:8000/api/v2.1/account/1001/contact" in text
    assert "HTTP 500 Internal Server Error" in text
    assert text.rstrip().endswith("0 passed, 1 failed (1 failure(s)), 1 skipped in 2.0 s")


def test_the_junit_report_has_a_suite_per_part_and_a_case_per_operation():
    root = ElementTree.fromstring(render_junit(_report()))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert suites["schema"].get("failures") == "1" and suites["webhooks"].get("skipped") == "1"
    failure = root.find(".//testcase[@name='Contact_Create']/failure")
    assert failure.get("message") == "not_a_server_error: Server error"
    assert "curl -X POST" in failure.text


def test_failures_become_findings_with_the_yaml_location():
    finding = _report().findings()[0]
    assert finding.rule == "not-a-server-error"
    assert finding.location.line == 30
    assert finding.detail("request").startswith("curl")
