"""The schema contract: schemathesis, every check and phase, against the mock and broken variants of it."""

from __future__ import annotations

import json

from generator.contract.results import SCHEMA
from generator.contract.run import ContractSettings, contract_report
from generator.contract.target import mock_target
from tests.contract.conftest import SEED, json_rewrite, rewriting

ONLY_SCHEMA = {"suites": (SCHEMA,), "phases": ("examples", "coverage", "fuzzing"), "max_examples": 3, "seed": SEED}


def schema_failures(build, wrap, *operation_ids):
    report = contract_report(build, mock_target(build, wrap=wrap),
                             ContractSettings(operation_ids=tuple(operation_ids), **ONLY_SCHEMA))
    return report.failures


def test_the_mock_keeps_every_promise_of_the_definition(full_report, build):
    schema = full_report.suite(SCHEMA)
    operations = {op.operation_id for op in build.connector.operations}
    assert {o.name for o in schema} >= operations
    assert all(o.passed for o in schema), [(f.operation, f.check, f.message) for f in full_report.failures]
    assert full_report.schema.requests > 300


def test_generated_traffic_never_trips_the_throttle(full_report):
    run = full_report.schema
    assert run.throttled == 0
    # Spread over many connections: one alone would have been throttled after 100 calls.
    assert run.connections > run.requests // 100


def test_the_stateful_phase_chains_contacts_and_subscriptions_through_the_declared_links(build):
    wanted = {"Contact_Create -> Contact_Search (SearchContact)", "Contact_Search -> Contact_Update (UpdateContact)",
              "Contact_Create -> Contact_Update (UpdateContact)"}
    followed: set[str] = set()
    # The stateful phase picks its steps at random: a few seeded runs are enough to walk every chain.
    for seed in range(1, 9):
        report = contract_report(build, mock_target(build), ContractSettings(
            suites=(SCHEMA,), phases=("stateful",), max_examples=20, seed=seed))
        assert report.ok, [(f.operation, f.check, f.message) for f in report.failures]
        followed |= set(report.schema.links)
        if wanted <= followed and any(link.endswith("-> Callback_Delete (DeleteCallback)") for link in followed):
            return
    raise AssertionError(f"the declared links were not all followed: {sorted(followed)}")


def test_every_operation_answers_with_success_at_least_once(full_report):
    assert full_report.schema.never_succeeded == [], full_report.schema.statuses


def test_every_exclusion_is_listed_with_its_reason(full_report):
    listed = [note for note in full_report.notes if note.startswith("exclusion ")]
    assert any("positive_data_acceptance also accepts 400 for Campaign_Push" in note for note in listed)
    assert all(": " in note.split(" for ", 1)[1] for note in listed), listed


def test_a_response_field_of_the_wrong_type_is_reported_with_the_field(build):
    wrong = json_rewrite("/userinfo", 200, lambda body: {**body, "accountId": str(body["accountId"])})
    failures = schema_failures(build, wrong, "User_Get_Self_Info")
    found = [f for f in failures if f.check == "response_schema_conformance"]
    assert found, failures
    failure = found[0]
    assert failure.operation == "User_Get_Self_Info"
    assert failure.broke == 'response body at /accountId: "1001"'
    assert failure.location.file.endswith("connector/operations/User_Get_Self_Info.yaml")
    assert failure.request.startswith("curl -X GET")
    assert "http://127.0.0.1:8000/api/v2.1/userinfo" in failure.request
    assert failure.response.startswith("HTTP 200")


def test_a_missing_required_field_is_reported(build):
    def drop_message(errors):
        return [{k: v for k, v in error.items() if k != "ErrorMessage"} for error in errors]

    failures = schema_failures(build, json_rewrite("/contact", 400, drop_message, "POST"), "Contact_Create")
    found = [f for f in failures if f.check == "response_schema_conformance"]
    assert found, failures
    assert "ErrorMessage" in found[0].message
    assert found[0].response.startswith("HTTP 400")


def test_a_server_error_on_an_edge_case_is_reported(build):
    def crash_on_empty_contact(scope, status, headers, body):
        if scope["method"] == "POST" and scope["path"].endswith("/contact") and status == 400 \
                and b"PhoneNumber or Email is required" in body:
            return 500, [(b"content-type", b"application/json")], json.dumps({"error": "boom"}).encode()
        return status, headers, body

    failures = schema_failures(build, rewriting(crash_on_empty_contact), "Contact_Create")
    found = [f for f in failures if f.check == "not_a_server_error"]
    assert found, failures
    assert found[0].operation == "Contact_Create"
    assert found[0].response.startswith("HTTP 500")
    assert "-X POST" in found[0].request


def test_an_undocumented_status_is_reported(build):
    teapot = rewriting(lambda scope, status, headers, body: (418 if status == 401 else status, headers, body))
    failures = schema_failures(build, teapot, "Account_Get_Info")
    assert any(f.check == "status_code_conformance" and "418" in f.message for f in failures), failures
