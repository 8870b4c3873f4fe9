"""A change with one cause is one finding that lists the operations it reaches, in every output format."""

from __future__ import annotations

import json
from pathlib import Path

from generator.cli import main
from generator.findings import Severity
from tests.diff.builders import base_swagger, diff_docs, write_connector

LOOKUPS = ("Message_Get", "Message_Find")


def shared_response() -> dict:
    """The builders' connector with two more operations answering MessageResponse, as Message_Send does."""
    swagger = base_swagger()
    for index, operation_id in enumerate(LOOKUPS):
        swagger["paths"][f"/accounts/{{accountId}}/lookup{index}"] = {"get": {
            "operationId": operation_id, "summary": operation_id, "description": operation_id,
            "parameters": [{"name": "accountId", "in": "path", "required": True, "type": "string"}],
            "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/MessageResponse"}}}}}
    return swagger


def retyped() -> dict:
    swagger = shared_response()
    swagger["definitions"]["MessageResponse"]["properties"]["id"]["type"] = "string"
    return swagger


def pair(tmp_path: Path, pyproject: str | None = None) -> tuple[str, str]:
    old = write_connector(tmp_path / "old", shared_response())
    new = write_connector(tmp_path / "new", retyped())
    if pyproject is not None:
        (new / "pyproject.toml").write_text(pyproject, "utf-8")
    return str(old), str(new)


def test_a_definition_changed_once_is_one_finding_listing_every_operation(tmp_path):
    findings = diff_docs(tmp_path, shared_response(), retyped()).findings
    [finding] = findings
    assert finding.rule == "output-type-changed" and finding.severity is Severity.ERROR
    assert finding.detail("operations") == ("Message_Send",) + LOOKUPS
    assert finding.detail("paths") == tuple(f"operation/{op}/responses/200/schema/id/type"
                                            for op in ("Message_Send",) + LOOKUPS)
    assert "one change in definition 'MessageResponse', reaching 3 operations: Message_Send, Message_Get, " \
           "Message_Find" in finding.message
    assert finding.location.pointer == "/definitions/MessageResponse/properties/id/type"


def test_text_json_sarif_and_markdown_show_the_reach(runner, tmp_path):
    old, new = pair(tmp_path)
    text = runner.invoke(main, ["diff", old, new])
    assert text.exit_code == 1
    lines = [line for line in text.output.splitlines() if "output-type-changed" in line]
    assert len(lines) == 1 and "reaching 3 operations: Message_Send, Message_Get, Message_Find" in lines[0]
    assert text.output.rstrip().endswith("1 error(s), 0 warning(s), 0 info")

    [finding] = json.loads(runner.invoke(main, ["diff", old, new, "--format", "json"]).output)
    assert finding["details"]["operations"] == ["Message_Send", *LOOKUPS]
    assert len(finding["details"]["paths"]) == 3

    sarif = json.loads(runner.invoke(main, ["diff", old, new, "--format", "sarif"]).output)
    [result] = sarif["runs"][0]["results"]
    assert result["properties"]["operations"] == ["Message_Send", *LOOKUPS]

    markdown = runner.invoke(main, ["diff", old, new, "--format", "markdown"]).output
    breaking = markdown.split("## Breaking changes")[1].split("## Warnings")[0]
    assert breaking.count("`output-type-changed`") == 1 and "reaching 3 operations" in breaking
    assert "| 1 | 0 | 0 | 0 | 0 | 3 | 0 |" in markdown
    for operation in ("Message_Send",) + LOOKUPS:
        assert f"#### `{operation}`" in markdown


def test_acknowledging_any_operation_of_a_grouped_finding_acknowledges_it(runner, tmp_path):
    location = "operation/Message_Get/responses/200/schema/id/type"
    old, new = pair(tmp_path, f'[tool.connector.diff]\nacknowledged = [{{ rule = "output-type-changed", '
                              f'location = "{location}", reason = "ids are strings from now on" }}]\n')
    result = runner.invoke(main, ["diff", old, new])
    assert result.exit_code == 0, result.output
    assert "(suppressed: ids are strings from now on)" in result.output


def test_a_document_wide_media_type_change_is_one_finding(tmp_path):
    new = base_swagger()
    new["produces"] = ["text/csv"]
    [finding] = [f for f in diff_docs(tmp_path, base_swagger(), new).findings if f.rule == "produces-changed"]
    assert finding.location.pointer == "/produces"
    assert finding.detail("operations") == ("Message_Send", "Message_Received")
    assert "one change in the document's produces, reaching 2 operations" in finding.message


def test_a_shared_parameter_removed_is_one_finding(tmp_path):
    def shared(swagger: dict) -> dict:
        swagger["parameters"] = {"Tag": {"name": "tag", "in": "query", "type": "string"}}
        for index, operation_id in enumerate(LOOKUPS):
            swagger["paths"][f"/tags{index}"] = {"get": {
                "operationId": operation_id, "parameters": [{"$ref": "#/parameters/Tag"}],
                "responses": {"200": {"description": "OK"}}}}
        return swagger

    new = shared(base_swagger())
    new["parameters"]["Tag"]["type"] = "integer"
    [finding] = diff_docs(tmp_path, shared(base_swagger()), new).findings
    assert finding.rule == "input-type-changed" and finding.detail("operations") == LOOKUPS
    assert "shared parameter 'Tag'" in finding.message


def test_the_same_edit_made_in_each_operation_is_one_finding(tmp_path):
    def inline(kind: str, name: str = "tag") -> dict:
        swagger = base_swagger()
        for index, operation_id in enumerate(LOOKUPS):
            swagger["paths"][f"/tags{index}"] = {"get": {
                "operationId": operation_id, "parameters": [{"name": name, "in": "query", "type": kind}],
                "responses": {"200": {"description": "OK"}}}}
        return swagger

    [finding] = diff_docs(tmp_path, inline("string"), inline("integer")).findings
    assert (finding.rule, finding.detail("operations")) == ("input-type-changed", LOOKUPS)
    assert "(the same change in 2 operations: Message_Get, Message_Find)" in finding.message
    renamed = diff_docs(tmp_path / "renamed", inline("string"), inline("string", "Tag")).findings
    assert sorted((f.rule, f.detail("operations")) for f in renamed) == [
        ("input-added", LOOKUPS), ("input-removed", LOOKUPS)]


def test_different_changes_in_operations_stay_apart(tmp_path):
    new = base_swagger()
    new["paths"]["/accounts/{accountId}/messages"]["post"]["parameters"][1]["type"] = "integer"
    new["definitions"]["MessageResponse"]["properties"]["id"]["type"] = "string"
    findings = diff_docs(tmp_path, base_swagger(), new).findings
    assert sorted((f.rule, f.detail("operation")) for f in findings) == [
        ("input-type-changed", "Message_Send"), ("output-type-changed", "Message_Send")]
