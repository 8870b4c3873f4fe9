"""A comparison never stops on what the model cannot hold: odd shapes are compared as written, and an
unreadable apiProperties.json leaves the swaggers compared with a finding that says so."""

from __future__ import annotations

from generator.diff import RULES
from generator.diff.compare import compare
from generator.findings import Severity
from tests.diff.builders import HOOK, base_swagger, diff_docs, write_connector


def test_an_unreadable_properties_file_falls_back_to_the_swaggers(tmp_path):
    new = base_swagger()
    new["definitions"]["MessageRequest"]["properties"]["Targets"] = {"type": "string"}
    old_folder = write_connector(tmp_path / "old", base_swagger())
    new_folder = write_connector(tmp_path / "new", new)
    (new_folder / "apiProperties.json").write_text('{"properties": {"connectionParameters": ', "utf-8")
    findings = compare(str(old_folder), str(new_folder), tmp_path).findings
    assert {f.rule for f in findings} == {"properties-unreadable", "input-type-changed"}
    [note] = [f for f in findings if f.rule == "properties-unreadable"]
    assert note.severity is RULES["properties-unreadable"].severity is Severity.WARNING
    assert "new version's apiProperties.json cannot be read (invalid JSON" in note.message
    assert "only the swaggers were compared" in note.message


def test_a_properties_file_that_is_no_object_falls_back_too(tmp_path):
    old_folder = write_connector(tmp_path / "old", base_swagger())
    (old_folder / "apiProperties.json").write_text("[1, 2]", "utf-8")
    new_folder = write_connector(tmp_path / "new", base_swagger())
    [note] = compare(str(old_folder), str(new_folder), tmp_path).findings
    assert note.rule == "properties-unreadable" and "old version's" in note.message


def test_notification_content_the_model_does_not_know_is_compared_as_written(tmp_path):
    old = base_swagger()
    # Real connectors put title and summary next to the payload schema; the toolkit's model has no place for them.
    old["paths"][HOOK]["x-ms-notification-content"].update({"title": "Message", "summary": "Incoming message"})
    new = base_swagger()
    new["paths"][HOOK]["x-ms-notification-content"].update({"title": "Message", "summary": "Incoming message"})
    new["paths"][HOOK]["x-ms-notification-content"]["schema"]["properties"].pop("From")
    result = diff_docs(tmp_path, old, new)
    assert result.compared
    assert [(f.rule, f.detail("path")) for f in result.findings] == [
        ("output-removed", "operation/Message_Received/x-ms-notification-content/schema/From")]


def test_a_swagger_that_is_not_a_full_connector_is_still_compared(tmp_path):
    old = {"swagger": "2.0", "paths": {"/a": {"get": {"operationId": "A", "responses": {"200": {
        "description": "OK", "schema": {"type": "object", "properties": {"x": {"type": "string"}}}}}}}}}
    new = {"swagger": "2.0", "paths": {"/a": {"get": {"operationId": "A", "responses": {"200": {
        "description": "OK", "schema": {"type": "object", "properties": {"x": {"type": "integer"}}}}}}}}}
    result = diff_docs(tmp_path, old, new)
    assert [(f.rule, f.detail("path")) for f in result.findings] == [
        ("output-type-changed", "operation/A/responses/200/schema/x/type")]


def test_locations_in_a_json_file_are_found_by_reading_only_the_way_there():
    from generator.jsonpos import JsonLocator

    text = '\ufeff{\n  "a": [1, {"b": "x\\"y"}],\n  "c/d": {"e": null}\n}\n'
    locator = JsonLocator("f.json", text)
    assert (locator.locate("/a/1/b").line, locator.locate("/a/1/b").column) == (2, 13)
    assert (locator.locate("/a/1").line, locator.locate("/a/1").column) == (2, 12)
    assert (locator.locate("/c~1d/e").line, locator.locate("/c~1d/e").column) == (3, 11)
    # A pointer the document lacks is placed at its nearest ancestor.
    assert (locator.locate("/c~1d/zzz").line, locator.locate("/c~1d/zzz").column) == (3, 10)
    assert (locator.locate("").line, locator.locate("").column) == (1, 1)
    assert JsonLocator("f.json", None).locate("/a").line is None
