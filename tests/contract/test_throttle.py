"""The throttle contract: the 101st call in a window answers 429 as documented, and waiting Retry-After works."""

from __future__ import annotations

import dataclasses
import json
import time

from generator.contract.results import THROTTLE
from generator.contract.run import ContractSettings, contract_report
from generator.contract.target import mock_target
from tests.contract.conftest import rewriting

ONLY_THROTTLE = ContractSettings(suites=(THROTTLE,))


def throttle_failures(build, wrap=None):
    report = contract_report(build, mock_target(build, wrap=wrap), ONLY_THROTTLE)
    return [(f.title, f.message) for f in report.failures]


def test_the_101st_call_answers_429_and_a_client_honoring_retry_after_gets_through(build):
    target = mock_target(build)
    started = time.monotonic()
    report = contract_report(build, target, ONLY_THROTTLE)
    assert report.ok, report.failures
    assert [o.name for o in report.outcomes] == ["100 calls per 60 s per connection"]
    # The wait moved the mock's clock by the whole window; no real time went by.
    assert target.mock.throttle.clock.offset == 60
    assert time.monotonic() - started < 10


def test_the_throttle_is_still_on_after_the_rest_of_the_run(full_report):
    # In-process the throttle test comes last, after thousands of generated calls on other connections.
    last = full_report.outcomes[-1]
    assert last.suite == THROTTLE and last.passed
    assert full_report.schema.throttled == 0


def test_a_server_that_never_throttles_is_reported(build):
    unthrottled = rewriting(lambda scope, status, headers, body: (200, headers, b"{}") if status == 429
                            else (status, headers, body))
    assert throttle_failures(build, unthrottled) == [
        ("No 429", "call 101 within 60 s answered 200, not 429: the connection was not throttled")]


def test_a_429_without_retry_after_is_reported(build):
    def drop(scope, status, headers, body):
        return status, [(k, v) for k, v in headers if k.lower() != b"retry-after"], body

    assert throttle_failures(build, rewriting(drop)) == [
        ("Bad Retry-After", "Retry-After is 'missing'; it must be whole seconds between 1 and the renewal period (60)")]


def test_a_429_body_that_breaks_the_documented_schema_is_reported(build):
    def as_text(scope, status, headers, body):
        if status != 429:
            return status, headers, body
        return status, headers, json.dumps({"statusCode": "429", "message": json.loads(body)["message"]}).encode()

    assert throttle_failures(build, rewriting(as_text)) == [
        ("429 body breaks the schema", "statusCode: '429' is not of type 'integer'"),
        ("429 body names another status", "statusCode is '429', not 429")]


def test_a_retry_after_shorter_than_the_real_wait_is_reported(build):
    def too_short(scope, status, headers, body):
        if status != 429:
            return status, headers, body
        headers = [(k, b"1" if k.lower() == b"retry-after" else v) for k, v in headers]
        return status, headers, json.dumps({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 "
                                                                          "seconds."}).encode()

    assert throttle_failures(build, rewriting(too_short)) == [
        ("Still refused after waiting", "after waiting Retry-After (1 s) the call answered 429")]


def test_against_a_server_other_than_the_mock_the_throttle_is_skipped_with_the_reason(build):
    target = dataclasses.replace(mock_target(build), simulator=False, label="https://api.truedialog.com/api/v2.1")
    report = contract_report(build, target, ONLY_THROTTLE)
    assert report.ok
    assert "checked against `connector mock` only" in report.outcomes[0].skipped
