"""The JUnit report of `connector test` is valid against the published JUnit schema (pytest's junit-10.xsd),
and a server that cannot be reached still gives a report, with the run in error."""

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import xmlschema

from generator.cli import main
from generator.contract.report import render_junit, render_junit_unreachable
from generator.contract.results import ContractFailure, ContractReport, Outcome
from generator.findings import Location
from tests.contract.conftest import ROOT

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit-10.xsd"))


def _failure(check: str, title: str) -> ContractFailure:
    return ContractFailure("schema", "Contact_Create", check, title, "details",
                           Location("connector/operations/Contact_Create.yaml", "/paths", 30, 5))


def _report() -> ContractReport:
    return ContractReport("the in-process mock", [
        Outcome("schema", "Contact_Create", [_failure("not_a_server_error", "Server error")], elapsed=1.25),
        Outcome("schema", "Contact_Search", [_failure("error", "The run hit an error")], elapsed=0.5),
        Outcome("schema", "Account_Get_Info", elapsed=1234.5),
        Outcome("webhooks", "Stop_received", skipped="no routes"),
    ], elapsed=1240.0)


def test_the_report_is_valid_junit_with_every_count_on_every_suite():
    xml = render_junit(_report())
    SCHEMA.validate(xml.decode("utf-8"))
    root = ElementTree.fromstring(xml)
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("time")) == ("4", "1", "1",
                                                                                              "1240.000")
    schema = root.find("testsuite[@name='schema']")
    assert {k: schema.get(k) for k in ("tests", "failures", "errors", "skipped", "time")} == {
        "tests": "3", "failures": "1", "errors": "1", "skipped": "0", "time": "1236.250"}
    assert root.find(".//testcase[@name='Contact_Search']/error").get("type") == "error"
    assert root.find(".//testcase[@name='Contact_Create']/failure") is not None
    webhooks = root.find("testsuite[@name='webhooks']")
    assert (webhooks.get("skipped"), webhooks.get("errors")) == ("1", "0")


def test_an_unreachable_target_gives_a_report_with_an_error_case(runner, tmp_path):
    junit = tmp_path / "reports" / "contract.xml"
    result = runner.invoke(main, ["test", str(ROOT), "--base-url", "http://127.0.0.1:1", "--username", "k",
                                  "--password", "s", "--report", f"junit:{junit}"])
    assert result.exit_code == 1 and "cannot reach" in result.output and "Traceback" not in result.output
    SCHEMA.validate(str(junit))
    root = ElementTree.parse(junit).getroot()
    assert (root.get("tests"), root.get("errors"), root.get("failures")) == ("1", "1", "0")
    error = root.find("testsuite/testcase[@name='target']/error")
    assert "cannot reach http://127.0.0.1:1/api/v2.1" in error.get("message")


def test_the_unreachable_report_on_its_own_is_valid():
    SCHEMA.validate(render_junit_unreachable("http://x", "refused").decode("utf-8"))
