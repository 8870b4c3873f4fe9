"""Our own connector lints clean; the certified one has its known defects reported."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.findings import Severity
from generator.lint import LintSettings, lint_path
from tests.lint.helpers import SHARED

ROOT = Path(__file__).resolve().parents[2]
CERTIFIED = SHARED / "reference" / "truedialog-certified"


def test_truedialog_project_has_no_errors_under_certification():
    findings = lint_path(ROOT, LintSettings(profile="certification"))
    errors = [f"{f.location}: {f.rule} {f.message}" for f in findings if f.severity is Severity.ERROR]
    assert errors == []


def test_truedialog_project_passes_the_command():
    result = CliRunner().invoke(main, ["lint", str(ROOT)])
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not CERTIFIED.is_dir(), reason="shared reference material is not present")
def test_certified_truedialog_defects_are_reported():
    result = CliRunner().invoke(main, ["lint", str(CERTIFIED), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)
    enum = [f for f in findings if f["rule"] == "enum-type"]
    assert {f["pointer"].split("/properties/")[0] for f in enum} == {"/definitions/AccountResponse"}
    assert {f["msCode"] for f in enum} == {"InvalidEnumValue"}
    headers = {(f["pointer"].rsplit("/parameters/", 1)[0], f["message"]) for f in findings
               if f["rule"] == "media-type-header"}
    assert any("'Content-Type'" in message for _, message in headers)
    assert any(f["rule"] == "parameter-summary" for f in findings)
    assert any(f["rule"] == "parameter-description" for f in findings)
