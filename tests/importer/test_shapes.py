"""Shapes real accepted connectors have: each imports and rebuilds to the same documents, nothing invented."""

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES

CONNECTORS = FIXTURES / "connectors"
SHAPES = ("webhook-extras", "metadata-list", "platform-leniency")
DOCUMENTS = ("apiDefinition.swagger.json", "apiProperties.json")


def _data(path: Path):
    return json.loads(path.read_bytes().decode("utf-8-sig"))


def _import_and_build(runner, source: Path, tmp_path: Path) -> tuple[Path, Path]:
    project, out = tmp_path / "project", tmp_path / "out"
    imported = runner.invoke(main, ["import", str(source), "--out", str(project)])
    assert imported.exit_code == 0, imported.output
    built = runner.invoke(main, ["build", str(project), "--out", str(out)])
    assert built.exit_code == 0, built.output
    return project, out


@pytest.mark.parametrize("shape", SHAPES)
def test_shape_rebuilds_to_the_same_documents(shape, runner, tmp_path):
    _, out = _import_and_build(runner, CONNECTORS / shape, tmp_path)
    for name in DOCUMENTS:
        assert _data(out / name) == _data(CONNECTORS / shape / name), name


def test_notification_content_keeps_every_key(runner, tmp_path):
    _, out = _import_and_build(runner, CONNECTORS / "webhook-extras", tmp_path)
    content = _data(out / "apiDefinition.swagger.json")["paths"]["/hooks"]["x-ms-notification-content"]
    assert set(content) == {"description", "summary", "parameters", "responses", "x-parcel-vendor", "schema"}


def test_no_description_and_no_definitions_stay_absent(runner, tmp_path):
    _, out = _import_and_build(runner, CONNECTORS / "webhook-extras", tmp_path)
    swagger = _data(out / "apiDefinition.swagger.json")
    assert "description" not in swagger["info"]
    assert "definitions" not in swagger


def test_an_empty_definitions_object_stays(runner, tmp_path):
    _, out = _import_and_build(runner, CONNECTORS / "platform-leniency", tmp_path)
    assert _data(out / "apiDefinition.swagger.json")["definitions"] == {}


def test_metadata_list_with_any_key_case_is_kept_and_read(runner, tmp_path):
    project, out = _import_and_build(runner, CONNECTORS / "metadata-list", tmp_path)
    metadata = _data(out / "apiDefinition.swagger.json")["x-ms-connector-metadata"]
    assert metadata[0] == {"PropertyName": "Website", "PropertyValue": "https://lantern.test"}
    assert metadata[2]["note"] == "kept"
    page = (out / "readme.md").read_text("utf-8")
    assert "https://lantern.test/privacy" in page


def test_null_ui_definition_is_carried(runner, tmp_path):
    _, out = _import_and_build(runner, CONNECTORS / "metadata-list", tmp_path)
    assert _data(out / "apiProperties.json")["properties"]["connectionParameters"]["api_key"]["uiDefinition"] is None


@pytest.mark.parametrize("shape", SHAPES)
def test_import_invents_no_throttling_contact_icon_or_text(shape, runner, tmp_path):
    project, out = _import_and_build(runner, CONNECTORS / shape, tmp_path)
    assert not (project / "policies" / "throttling.yaml").exists()
    assert not (project / "icon.png").exists() and not (out / "icon.png").exists()
    assert not (project / "connector" / "readme.md").exists()
    source_info = _data(CONNECTORS / shape / "apiDefinition.swagger.json")["info"]
    assert ("contact" in _data(out / "apiDefinition.swagger.json")["info"]) == ("contact" in source_info)


def test_docs_label_the_platform_default_limit(runner, tmp_path):
    _, out = _import_and_build(runner, CONNECTORS / "webhook-extras", tmp_path)
    page = (out / "readme.md").read_text("utf-8")
    assert "| API calls per connection (platform default) | 100 | 60 seconds |" in page
    assert "declares no limit of its own" in page


def test_a_declared_limit_is_the_connectors_own(truedialog_project, runner, tmp_path):
    result = runner.invoke(main, ["build", str(truedialog_project), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "readme.md").read_text("utf-8")
    assert "platform default" not in page
    assert "## Throttling Limits" in page


def test_script_and_side_files_come_back_byte_for_byte(runner, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(CONNECTORS / "webhook-extras", source)
    script = b"\xef\xbb\xbfpublic class Script : ScriptBase\r\n{\r\n}\r\n"
    readme = "# Parcel Alerts\n\nCaf\u00e9 prose.\n".encode("cp1252")
    icon = b"\x89PNG\r\n\x1a\nnot really a png"
    (source / "script.csx").write_bytes(script)
    (source / "readme.md").write_bytes(readme)
    (source / "icon.png").write_bytes(icon)
    project, out = _import_and_build(runner, source, tmp_path)
    assert (project / "connector" / "script.csx").read_bytes() == script
    warned = runner.invoke(main, ["import", str(source), "--out", str(tmp_path / "again")])
    assert warned.exit_code == 0
    assert "readme.md:3:4: warning readme-unreadable not UTF-8 text" in warned.output
    assert "icon.png: warning icon-format icon.png is not a PNG image; carried as it is" in warned.output
    assert "script-unreadable" not in warned.output
    assert (out / "script.csx").read_bytes() == script
    assert (project / "connector" / "readme.md").read_bytes() == readme
    assert (project / "icon.png").read_bytes() == icon and (out / "icon.png").read_bytes() == icon


def test_an_unreadable_readme_and_icon_are_findings_and_the_swagger_is_still_linted(runner, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(CONNECTORS / "webhook-extras", source)
    (source / "readme.md").write_bytes(b"# Parcel\n\nna\xefve prose\n")
    (source / "icon.png").write_bytes(b"GIF89a not a png")
    result = runner.invoke(main, ["lint", str(source), "--format", "json"])
    assert "Traceback" not in result.output
    findings = json.loads(result.output)
    rules = {f["rule"] for f in findings}
    readme = next(f for f in findings if f["rule"] == "readme-unreadable")
    assert (readme["line"], readme["column"]) == (3, 3)
    assert "icon-format" in rules
    # The swagger is linted all the same: the connector has no description and no contact.
    assert any(f["file"].endswith("apiDefinition.swagger.json") for f in findings)


def test_an_unreadable_properties_file_leaves_lint_and_diff_the_swagger(runner, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(CONNECTORS / "webhook-extras", source)
    (source / "apiProperties.json").write_text('{"properties": {', "utf-8")
    linted = runner.invoke(main, ["lint", str(source), "--format", "json"])
    findings = json.loads(linted.output)
    skipped = [f for f in findings if f["rule"] == "properties-unreadable"]
    assert len(skipped) == 1 and skipped[0]["file"].endswith("apiProperties.json") and skipped[0]["line"] == 1
    assert any(f["file"].endswith("apiDefinition.swagger.json") for f in findings)
    changed = tmp_path / "changed"
    shutil.copytree(source, changed)
    swagger = _data(changed / "apiDefinition.swagger.json")
    del swagger["paths"]["/hooks/{id}"]
    (changed / "apiDefinition.swagger.json").write_text(json.dumps(swagger), "utf-8")
    diffed = runner.invoke(main, ["diff", str(source), str(changed)])
    assert diffed.exit_code == 1, diffed.output
    assert "DeleteHook" in diffed.output and "Traceback" not in diffed.output
    imported = runner.invoke(main, ["import", str(source), "--out", str(tmp_path / "project")])
    assert imported.exit_code == 1 and "apiProperties.json:1:" in imported.output


def test_folder_discovery_ignores_case(runner, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(CONNECTORS / "metadata-list", source)
    (source / "apiDefinition.swagger.json").rename(source / "apidefinition.swagger.json")
    (source / "apiProperties.json").rename(source / "APIProperties.json")
    _, out = _import_and_build(runner, source, tmp_path)
    assert _data(out / "apiProperties.json")["properties"]["publisher"] == "Lantern"
    linted = runner.invoke(main, ["lint", str(source), "--format", "json"])
    assert "Traceback" not in linted.output and json.loads(linted.output) is not None


def test_findings_of_a_json_folder_point_into_its_json_files(runner, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(CONNECTORS / "webhook-extras", source)
    swagger = _data(source / "apiDefinition.swagger.json")
    # A webhook without its payload schema, two operations with one id, a reference to nothing.
    del swagger["paths"]["/hooks"]["x-ms-notification-content"]
    swagger["paths"]["/hooks/{id}"]["delete"]["operationId"] = "OnParcelEvent"
    swagger["paths"]["/hooks/{id}"]["delete"]["responses"]["204"]["schema"] = {"$ref": "#/definitions/Nope"}
    (source / "apiDefinition.swagger.json").write_text(json.dumps(swagger, indent=2), "utf-8")
    result = runner.invoke(main, ["lint", str(source), "--format", "json"])
    findings = json.loads(result.output)
    assert findings
    for finding in findings:
        assert Path(finding["file"]).name in ("apiDefinition.swagger.json", "apiProperties.json", "icon.png"), finding
        if Path(finding["file"]).name != "icon.png":
            assert finding["line"] is not None, finding


def test_lint_all_names_the_folders_it_skips(runner, tmp_path):
    root = tmp_path / "many"
    shutil.copytree(CONNECTORS / "metadata-list", root / "lantern")
    shutil.copytree(CONNECTORS / "webhook-extras", root / "parcel")
    (root / "parcel" / "apiDefinition.swagger.json").rename(root / "parcel" / "apidefinition.swagger.json")
    (root / "notes").mkdir()
    result = runner.invoke(main, ["lint", "--all", str(root), "--jobs", "1", "--format", "json"])
    assert "Traceback" not in result.output
    assert f"skipped {root / 'notes'}: neither apiDefinition.swagger.json nor connector/connector.yaml" in result.output
    assert "skipped" not in result.output.replace(f"skipped {root / 'notes'}", "")
