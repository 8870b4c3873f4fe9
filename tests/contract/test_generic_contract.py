"""`connector test` on connectors of our own: any auth scheme, in-process and at a URL, any default's type."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.contract.results import SCHEMA, THROTTLE, WEBHOOKS
from generator.contract.run import ContractSettings, contract_report
from generator.contract.target import mock_target
from generator.load import load_any
from tests.contract.conftest import ServerThread, rewriting

CONNECTORS = Path(__file__).resolve().parents[1] / "mock" / "connectors"
QUICK = ContractSettings(max_examples=2, seed=7, phases=("examples", "coverage", "stateful"))


def test_an_in_process_run_passes_and_says_why_the_throttle_is_skipped(runner):
    result = runner.invoke(main, ["test", str(CONNECTORS / "notes-basic"), "--max-examples", "2", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "webhooks  OnNoteChanged" in result.output
    assert "skipped" in result.output and "the project declares no throttle" in result.output
    assert "GetStatus" in result.output


@pytest.mark.parametrize("name", ["notes-header-key", "notes-query-key", "notes-oauth"])
def test_every_auth_scheme_passes_in_process(name):
    build = load_any(CONNECTORS / name)
    report = contract_report(build, mock_target(build), QUICK)
    assert report.ok, [(f.operation, f.check, f.message[:200]) for f in report.failures]
    assert {o.suite for o in report.outcomes if o.passed} == {SCHEMA, WEBHOOKS}


def test_a_generic_mock_that_breaks_its_own_schema_is_reported():
    build = load_any(CONNECTORS / "notes-basic")

    def wrong_state(scope, status, headers, body):
        if scope["path"] == "/v1/status" and status == 200:
            body = json.dumps({"state": 5, "version": "1.0.7"}).encode()
            headers = [(k, str(len(body)).encode() if k == b"content-length" else v) for k, v in headers]
        return status, headers, body

    report = contract_report(build, mock_target(build, wrap=rewriting(wrong_state)), QUICK)
    broken = [f for f in report.failures if f.operation == "GetStatus"]
    assert broken and broken[0].check == "response_schema_conformance"
    assert "state" in (broken[0].broke or "")
    assert broken[0].location.file.endswith("apiDefinition.swagger.json")


def test_a_server_at_a_url_is_called_with_the_declared_api_key(runner):
    folder = CONNECTORS / "notes-header-key"
    served = mock_target(load_any(folder))
    with ServerThread(served.app) as url:
        missing = runner.invoke(main, ["test", str(folder), "--base-url", url], env={"CONNECTOR_TEST_API_KEY": None})
        assert missing.exit_code == 2
        assert "API key in the 'X-Notes-Key' header: give --api-key" in missing.output
        result = runner.invoke(main, ["test", str(folder), "--base-url", url, "--api-key", "mock-api-key",
                                      "--max-examples", "2", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "mock-api-key" not in result.output, "a live run never shows the credential"


def test_a_default_of_any_json_type_never_stops_the_run(tmp_path):
    folder = tmp_path / "defaults"
    shutil.copytree(CONNECTORS / "notes-basic", folder)
    swagger_file = folder / "apiDefinition.swagger.json"
    swagger = json.loads(swagger_file.read_text())
    listing = swagger["paths"]["/notes"]["get"]
    listing["parameters"] += [
        {"name": "archived", "in": "query", "type": "boolean", "default": True, "x-ms-summary": "A",
         "description": "A"},
        {"name": "fields", "in": "query", "type": "array", "items": {"type": "string"}, "default": ["a", "b"],
         "x-ms-summary": "F", "description": "F"},
        {"name": "since", "in": "query", "type": "string", "default": None, "x-ms-summary": "S", "description": "S"}]
    swagger["definitions"]["NewNote"]["properties"]["meta"] = {"type": "object", "default": {"k": 1}}
    swagger["definitions"]["NewNote"]["properties"]["pinned"]["default"] = True
    swagger_file.write_text(json.dumps(swagger))
    build = load_any(folder)
    report = contract_report(build, mock_target(build), QUICK)
    errors = [f for f in report.failures if f.check == "error"]
    assert errors == []
    assert report.schema.requests > 0


def test_a_declared_throttle_is_contract_tested(tmp_path, runner):
    project = tmp_path / "project"
    assert runner.invoke(main, ["import", str(CONNECTORS / "notes-basic"), "--out", str(project)]).exit_code == 0
    (project / "policies").mkdir(exist_ok=True)
    (project / "policies" / "throttling.yaml").write_text(yaml.safe_dump(
        {"name": "API calls per connection", "calls": 20, "renewalPeriod": 60}))
    from generator.build import render_project

    build = render_project(project)
    report = contract_report(build, mock_target(build), ContractSettings(max_examples=2, seed=7,
                                                                         suites=(THROTTLE,)))
    [outcome] = report.outcomes
    assert outcome.name == "20 calls per 60 s per connection"
    assert outcome.passed, [f.message for f in outcome.failures]
