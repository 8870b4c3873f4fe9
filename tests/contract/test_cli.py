"""`connector test`: the command a maintainer and CI run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

from generator.cli import main
from generator.config import load_config
from generator.contract import run_contract
from tests.contract.conftest import ROOT, SEED


def test_the_repository_definition_passes_against_its_mock(runner, tmp_path):
    junit = tmp_path / "contract.xml"
    result = runner.invoke(main, ["test", str(ROOT), "--max-examples", "1", "--seed", str(SEED),
                                  "--report", f"junit:{junit}"])
    assert result.exit_code == 0, result.output
    assert "Contract of TrueDialog SMS against the in-process mock" in result.output
    assert f"seed {SEED}" in result.output
    assert " 0 failed (0 failure(s)), 0 skipped" in result.output
    suites = {s.get("name") for s in ElementTree.parse(junit).getroot().iter("testsuite")}
    assert suites == {"schema", "webhooks", "throttle"}


def test_a_definition_the_service_does_not_keep_fails_with_the_yaml_line(runner, truedialog_project):
    # The definition now promises a string accountId; the mock answers with a number, as TrueDialog does.
    definition = truedialog_project / "connector/definitions/UserResponse.yaml"
    text = definition.read_text()
    definition.write_text(text.replace("    accountId:\n      type: integer\n      format: int32\n",
                                       "    accountId:\n      type: string\n", 1))
    result = runner.invoke(main, ["test", str(truedialog_project), "--max-examples", "1", "--seed", str(SEED),
                                  "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)
    schema = [f for f in findings if f["rule"] == "response-schema-conformance"
              and f["details"]["operation"] == "User_Get_Self_Info"]
    assert schema, findings
    assert schema[0]["file"].endswith("connector/operations/User_Get_Self_Info.yaml")
    assert schema[0]["details"]["broke"] == "response body at /accountId: 1001"
    assert schema[0]["details"]["request"].startswith("curl -X GET")


def test_credentials_apply_to_a_server_at_a_url_only(runner):
    result = runner.invoke(main, ["test", str(ROOT), "--username", "key", "--password", "secret"])
    assert result.exit_code == 2
    assert "--username, --password apply to --base-url" in result.output


def test_a_server_at_a_url_needs_credentials(runner):
    result = runner.invoke(main, ["test", str(ROOT), "--base-url", "http://127.0.0.1:1"], env={
        "CONNECTOR_TEST_USERNAME": None, "CONNECTOR_TEST_PASSWORD": None})
    assert result.exit_code == 2
    assert "HTTP Basic: give --username and --password" in result.output


def test_an_unreachable_server_fails_with_a_message_not_a_traceback(runner):
    result = runner.invoke(main, ["test", str(ROOT), "--base-url", "http://127.0.0.1:1", "--username", "k",
                                  "--password", "s"])
    assert result.exit_code == 1
    assert "test failed: cannot reach http://127.0.0.1:1/api/v2.1" in result.output
    assert "Traceback" not in result.output


def test_only_junit_reports_are_written(runner):
    result = runner.invoke(main, ["test", str(ROOT), "--report", "html:out.html"])
    assert result.exit_code == 2
    assert "use junit:FILE" in result.output


def test_connector_check_runs_the_contract_through_the_same_library(build):
    config = load_config(ROOT, {"test": {"max-examples": 1, "seed": SEED}})
    findings, note = run_contract(build, config, ROOT)
    assert findings == []
    assert note.startswith("19 passed, 0 failed against the in-process mock")


def test_the_configuration_file_applies_where_no_flag_is_given(runner, truedialog_project):
    (truedialog_project / "pyproject.toml").write_text('[tool.connector.test]\nbase-url = "http://127.0.0.1:1"\n',
                                                       "utf-8")
    result = runner.invoke(main, ["test", str(truedialog_project), "--username", "k", "--password", "s"])
    assert result.exit_code == 1, result.output
    assert "test failed: cannot reach http://127.0.0.1:1/api/v2.1" in result.output
