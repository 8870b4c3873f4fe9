"""The webhook contract: each trigger subscribes a real local receiver and gets a payload that fits its schema."""

from __future__ import annotations

import dataclasses

import requests

from generator.contract.results import WEBHOOKS
from generator.contract.run import ContractSettings, contract_report
from generator.contract.target import mock_target
from generator.contract.webhooks import Receiver, payload_failures
from tests.contract.conftest import rewriting

ONLY_WEBHOOKS = ContractSettings(suites=(WEBHOOKS,))


def test_every_trigger_delivers_a_payload_that_fits_its_schema(full_report, build):
    webhooks = full_report.suite(WEBHOOKS)
    assert sorted(o.name for o in webhooks) == sorted(op.operation_id for op in build.connector.triggers)
    assert all(o.passed for o in webhooks), [(f.operation, f.message) for f in full_report.failures]


def test_the_receiver_is_a_real_http_server_that_records_each_post():
    with Receiver() as receiver:
        requests.post(receiver.url + "/hooks/a", json={"AccountId": 1}, timeout=5)
        assert receiver.wait("/hooks/a") == {"AccountId": 1}
        assert receiver.wait("/hooks/never", timeout=0.05) is None


def test_a_payload_field_of_the_wrong_type_fails_naming_the_field(build):
    def corrupt(app):
        webhooks = app.state.mock.webhooks
        send = webhooks.send

        def send_wrong(callback_id, callback_type, event, url, payload):
            return send(callback_id, callback_type, event, url, {**payload, "AccountId": str(payload["AccountId"])})

        webhooks.send = send_wrong
        return app

    report = contract_report(build, mock_target(build, wrap=corrupt), ONLY_WEBHOOKS)
    failures = [f for f in report.failures if f.check == "webhook-payload"]
    assert {f.operation for f in failures} == {op.operation_id for op in build.connector.triggers}
    incoming = next(f for f in failures if f.operation == "Incoming_SMS_Received")
    assert incoming.message == "AccountId: '1001' is not of type 'integer'"
    assert incoming.broke == 'payload at /AccountId: "1001"'
    # The location is the field's line in the trigger's YAML.
    assert incoming.location.file.endswith("connector/triggers/Incoming_SMS_Received.yaml")
    assert incoming.location.line is not None


def test_a_payload_is_checked_against_the_trigger_schema_field_by_field(build):
    trigger = build.connector.operation("Delivery_Notice_received")
    good = {"AccountId": 1001, "StatusId": 2, "PhoneNumber": "+15125550142"}
    assert list(payload_failures(build, trigger, good)) == []
    bad = {"AccountId": 1001, "StatusId": "delivered", "PhoneNumber": 15125550142}
    assert sorted(f.message for f in payload_failures(build, trigger, bad)) == [
        "PhoneNumber: 15125550142 is not of type 'string'", "StatusId: 'delivered' is not of type 'integer'"]


def test_a_subscription_without_location_is_reported(build):
    def drop_location(scope, status, headers, body):
        return status, [(k, v) for k, v in headers if k.lower() != b"location"], body

    report = contract_report(build, mock_target(build, wrap=rewriting(drop_location)), ONLY_WEBHOOKS)
    titles = {f.title for f in report.failures}
    assert titles == {"No Location header"}
    assert all("could never unsubscribe" in f.message for f in report.failures)


def test_a_delivery_that_never_comes_is_reported_with_what_the_mock_tried(build):
    def misdirect(app):
        webhooks = app.state.mock.webhooks
        send = webhooks.send
        # Port 9 (discard) has no listener on loopback: every attempt is refused.
        webhooks.send = lambda callback_id, kind, event, url, payload: send(
            callback_id, kind, event, "http://127.0.0.1:9/nowhere", payload)
        return app

    report = contract_report(build, mock_target(build, wrap=misdirect),
                             ContractSettings(suites=(WEBHOOKS,), delivery_timeout=0.3))
    assert {f.check for f in report.failures} == {"webhook-delivery"}
    assert len(report.failures) == len(build.connector.triggers)
    assert all("no POST reached" in f.message for f in report.failures)


def test_against_a_server_without_simulation_routes_the_suite_is_skipped_with_the_reason(build):
    target = dataclasses.replace(mock_target(build), simulator=False, label="https://api.example.com/api/v2.1")
    report = contract_report(build, target, ContractSettings(suites=(WEBHOOKS,)))
    assert report.ok
    assert all(o.skipped and "no /_mock/ routes" in o.skipped for o in report.outcomes)
