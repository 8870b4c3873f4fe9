"""`connector diff OLD NEW`: output formats, exit codes, acknowledged breaks, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from tests.diff.builders import base_swagger, write_connector

TARGETS_TYPE = "operation/Message_Send/parameter/body/schema/Targets/type"


def breaking_pair(tmp_path: Path, pyproject: str | None = None) -> tuple[str, str]:
    """Two connector folders: the new one changes the type of the body field Targets and adds an operation."""
    new = base_swagger()
    new["definitions"]["MessageRequest"]["properties"]["Targets"] = {"type": "string"}
    new["paths"]["/accounts/{accountId}/contacts"] = {"get": {"operationId": "Contact_List", "summary": "List",
                                                              "responses": {"200": {"description": "OK"}}}}
    old_folder = write_connector(tmp_path / "old", base_swagger())
    new_folder = write_connector(tmp_path / "new", new)
    if pyproject is not None:
        (new_folder / "pyproject.toml").write_text(pyproject, "utf-8")
    return str(old_folder), str(new_folder)


def acknowledged(rule: str = "input-type-changed", location: str = TARGETS_TYPE) -> str:
    return (f'[tool.connector.diff]\nacknowledged = [\n'
            f'  {{ rule = "{rule}", location = "{location}", reason = "Targets is a comma list from now on" }},\n]\n')


def test_text_names_rule_path_and_new_file_position(runner, tmp_path):
    old, new = breaking_pair(tmp_path)
    result = runner.invoke(main, ["diff", old, new])
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "input-type-changed" in line)
    position = f"{new}/apiDefinition.swagger.json:"
    assert line.startswith(position) and line.split(":")[1].isdigit()
    assert f"error input-type-changed {TARGETS_TYPE}: input type changed from \"array\" to \"string\"" in line
    assert result.output.rstrip().endswith("1 error(s), 0 warning(s), 1 info")


def test_json_carries_old_and_new_values_and_both_pointers(runner, tmp_path):
    old, new = breaking_pair(tmp_path)
    result = runner.invoke(main, ["diff", old, new, "--format", "json"])
    assert result.exit_code == 1
    finding = next(f for f in json.loads(result.output) if f["rule"] == "input-type-changed")
    assert finding["details"] == {"operation": "Message_Send", "path": TARGETS_TYPE, "old": "array", "new": "string"}
    assert finding["pointer"] == "/definitions/MessageRequest/properties/Targets/type"
    assert finding["related"]["pointer"] == finding["pointer"]
    assert finding["related"]["file"].startswith(old) and finding["related"]["line"] > 0


def test_sarif_lists_the_rules_and_github_annotates(runner, tmp_path):
    old, new = breaking_pair(tmp_path)
    sarif = json.loads(runner.invoke(main, ["diff", old, new, "--format", "sarif"]).output)
    run = sarif["runs"][0]
    rules = {r["id"]: r["shortDescription"]["text"] for r in run["tool"]["driver"]["rules"]}
    assert rules["input-type-changed"] == "The type of an input changed."
    assert {r["ruleId"]: r["level"] for r in run["results"]} == {"input-type-changed": "error",
                                                                 "operation-added": "note"}
    github = runner.invoke(main, ["diff", old, new, "--format", "github"])
    assert github.exit_code == 1
    assert any(line.startswith("::error file=") and "title=input-type-changed::" in line
               for line in github.output.splitlines())


def test_markdown_lists_breaking_changes_first_then_operations(runner, tmp_path):
    old, new = breaking_pair(tmp_path)
    result = runner.invoke(main, ["diff", old, new, "--format", "markdown"])
    assert result.exit_code == 1
    text = result.output
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [f"# Connector changes: `{old}` to `{new}`", "## Breaking changes", "## Warnings",
                        "## Operations", "### Added", "### Changed", "#### `Message_Send`", "### Removed"]
    assert "**1 breaking change(s): existing flows would break.**" in text
    breaking = text.split("## Breaking changes")[1].split("## Warnings")[0]
    assert f"`input-type-changed` `{TARGETS_TYPE}`" in breaking
    assert "- `Contact_List`: GET /accounts/{accountId}/contacts" in text


def test_acknowledged_break_is_listed_but_passes(runner, tmp_path):
    old, new = breaking_pair(tmp_path, acknowledged())
    result = runner.invoke(main, ["diff", old, new])
    assert result.exit_code == 0, result.output
    assert "(suppressed: Targets is a comma list from now on)" in result.output
    as_json = json.loads(runner.invoke(main, ["diff", old, new, "--format", "json"]).output)
    assert [f["suppressed"] for f in as_json if f["rule"] == "input-type-changed"] == [
        "Targets is a comma list from now on"]
    markdown = runner.invoke(main, ["diff", old, new, "--format", "markdown"]).output
    assert "**No unacknowledged breaking change.**" in markdown
    assert "**Acknowledged:** Targets is a comma list from now on" in markdown


def test_acknowledging_another_place_does_not_hide_the_break(runner, tmp_path):
    old, new = breaking_pair(tmp_path, acknowledged(location="operation/Message_Send/parameter/body/schema/Text/type"))
    result = runner.invoke(main, ["diff", old, new])
    assert result.exit_code == 1
    assert "warning acknowledgement-unused" in result.output


def test_stale_acknowledgement_is_a_warning_at_its_line(runner, tmp_path):
    old, new = breaking_pair(tmp_path, acknowledged("operation-removed", "operation/Message_Send"))
    result = runner.invoke(main, ["diff", old, new, "--format", "json"])
    stale = next(f for f in json.loads(result.output) if f["rule"] == "acknowledgement-unused")
    assert (Path(stale["file"]).name, stale["line"], stale["severity"]) == ("pyproject.toml", 3, "warning")


@pytest.mark.parametrize("entry, message", [
    ('{ rule = "input-type-change", location = "x", reason = "y" }', "did you mean 'input-type-changed'?"),
    ('{ rule = "input-type-changed", location = "x" }', "needs a non-empty reason"),
    ('{ rule = "input-type-changed", location = "x", reason = "y", until = "2027" }', "unknown key(s) until"),
    ('"input-type-changed"', "must be a table"),
])
def test_malformed_acknowledgement_is_a_clear_error(runner, tmp_path, entry, message):
    old, new = breaking_pair(tmp_path, f"[tool.connector.diff]\nacknowledged = [{entry}]\n")
    result = runner.invoke(main, ["diff", old, new])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "pyproject.toml" in result.output and message in result.output


def test_old_defaults_to_the_configured_baseline(runner, tmp_path, monkeypatch):
    _, new = breaking_pair(tmp_path, '[tool.connector.diff]\nbaseline = "../old"\n')
    monkeypatch.chdir(new)
    result = runner.invoke(main, ["diff", "--format", "json"])
    assert result.exit_code == 1
    assert {f["rule"] for f in json.loads(result.output)} == {"input-type-changed", "operation-added"}


def test_without_old_or_baseline_the_user_is_told_what_to_do(runner, tmp_path, monkeypatch):
    _, new = breaking_pair(tmp_path)
    monkeypatch.chdir(new)
    result = runner.invoke(main, ["diff"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "give OLD, or set [tool.connector.diff] baseline" in result.output


def test_unreadable_input_is_an_error_with_a_position(runner, tmp_path):
    old, _ = breaking_pair(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{"swagger": "2.0",\n  "paths": {,}\n}', "utf-8")
    result = runner.invoke(main, ["diff", old, str(broken)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"{broken}:2:" in result.output and "invalid JSON" in result.output
    missing = runner.invoke(main, ["diff", old, str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "no such file or folder" in missing.output


def test_a_side_that_is_no_connector_stops_the_comparison(runner, tmp_path):
    old, _ = breaking_pair(tmp_path)
    project = tmp_path / "project"
    (project / "connector").mkdir(parents=True)
    (project / "connector" / "connector.yaml").write_text("title: [unclosed\n", "utf-8")
    result = runner.invoke(main, ["diff", old, str(project)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "connector/connector.yaml:" in result.output
    assert "nothing was compared" in result.output


def test_a_team_can_make_a_warning_breaking(runner, tmp_path):
    old, new = breaking_pair(tmp_path, acknowledged() + '\n[tool.connector.diff.severity]\noperation-added = "error"\n')
    result = runner.invoke(main, ["diff", old, new])
    assert result.exit_code == 1
    assert "error operation-added operation/Contact_List" in result.output


@pytest.mark.parametrize("table, message", [
    ('operation-add = "error"', "did you mean 'operation-added'?"),
    ('operation-added = "fatal"', "unknown severity 'fatal'"),
])
def test_a_wrong_severity_setting_is_a_clear_error(runner, tmp_path, table, message):
    old, new = breaking_pair(tmp_path, f"[tool.connector.diff.severity]\n{table}\n")
    result = runner.invoke(main, ["diff", old, new])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert message in result.output
