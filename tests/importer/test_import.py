"""`connector import` turns a connector folder into sources that rebuild to the same documents."""

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES, SHARED, needs_shared

CONTOSO = FIXTURES / "connectors" / "contoso-tasks"
DOCUMENTS = ("apiDefinition.swagger.json", "apiProperties.json")


def _documents(folder: Path) -> dict:
    return {name: json.loads((folder / name).read_text("utf-8-sig")) for name in DOCUMENTS}


def round_trip(runner, source: Path, tmp_path: Path) -> Path:
    project, out = tmp_path / "project", tmp_path / "out"
    result = runner.invoke(main, ["import", str(source), "--out", str(project)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["build", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _documents(out) == _documents(source)
    return project


def test_round_trip_keeps_every_key_and_value(runner, tmp_path):
    project = round_trip(runner, CONTOSO, tmp_path)
    assert (project / "connector" / "script.csx").read_bytes() == (CONTOSO / "script.csx").read_bytes()
    assert (tmp_path / "out" / "script.csx").exists()
    # One file per operation, trigger and definition; policies under policies/.
    assert (project / "connector" / "operations" / "CreateTask.yaml").is_file()
    assert (project / "connector" / "triggers" / "OnTaskChanged.yaml").is_file()
    assert (project / "connector" / "triggers" / "OnTaskDue.yaml").is_file()
    assert (project / "connector" / "definitions" / "Task.yaml").is_file()
    assert "dynamichosturl" in (project / "policies" / "templates.yaml").read_text("utf-8")


def test_imported_files_name_their_json_schema_for_editors(runner, tmp_path):
    project = round_trip(runner, CONTOSO, tmp_path)
    first_line = (project / "connector" / "operations" / "CreateTask.yaml").read_text("utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../../schemas/operation.schema.json"
    assert json.loads((project / "schemas" / "operation.schema.json").read_text("utf-8"))["type"] == "object"


def test_missing_icon_imports_builds_and_warns(runner, tmp_path):
    project = round_trip(runner, CONTOSO, tmp_path)
    result = runner.invoke(main, ["build", str(project), "--out", str(tmp_path / "again")])
    assert result.exit_code == 0
    assert "icon-missing" in result.output


def test_icon_and_readme_are_carried(runner, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(CONTOSO, source)
    (source / "icon.png").write_bytes((FIXTURES.parent.parent / "icon.png").read_bytes())
    (source / "readme.md").write_text("# Contoso Tasks\n\nSome prose.\n", "utf-8")
    project = round_trip(runner, source, tmp_path)
    assert (project / "icon.png").read_bytes() == (source / "icon.png").read_bytes()
    assert (project / "connector" / "readme.md").read_text("utf-8").startswith("# Contoso Tasks")


@pytest.mark.parametrize("variant", ["bom", "crlf", "non-ascii", "large"])
def test_odd_inputs_round_trip(variant, runner, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(CONTOSO, source)
    swagger_path = source / "apiDefinition.swagger.json"
    swagger = json.loads(swagger_path.read_text("utf-8"))
    if variant == "non-ascii":
        swagger["info"]["description"] = "Tâches et projets – «Contoso» 任务管理 😀, line one\nline two\ttabbed"
        swagger["definitions"]["Task"]["properties"]["title"]["description"] = "  leading and trailing spaces  "
    if variant == "large":
        swagger["definitions"]["Big"] = {"type": "object", "properties": {
            f"field{i}": {"type": "string", "description": f"Field number {i} " + "x" * 40} for i in range(12000)}}
    text = json.dumps(swagger, indent=2, ensure_ascii=False)
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if variant == "bom":
        data = b"\xef\xbb\xbf" + data
    swagger_path.write_bytes(data)
    if variant == "large":
        assert len(data) > 1_000_000
    round_trip(runner, source, tmp_path)


@pytest.mark.parametrize("content, message", [
    (b'{"swagger": "2.0", "info": ', "invalid JSON"),
    (b"[1, 2]", "must be a JSON object"),
    (b'{"swagger": "3.0", "info": {}}', "only Swagger 2.0"),
    (b'{"swagger": "2.0", "paths": "nope"}', "'paths' must be an object"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"swagger": "2.0", "info": 7}', "'info' must be an object"),
    (b'{"swagger": "2.0", "paths": {"/a": {"get": {"operationId": ["x"]}}}}', "operationId of GET /a must be a string"),
])
def test_malformed_input_names_the_file_and_writes_nothing(content, message, runner, tmp_path):
    source = tmp_path / "source"
    shutil.copytree(CONTOSO, source)
    (source / "apiDefinition.swagger.json").write_bytes(content)
    result = runner.invoke(main, ["import", str(source), "--out", str(tmp_path / "project")])
    assert result.exit_code == 1
    assert message in result.output
    assert "apiDefinition.swagger.json" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "project").exists()


def test_refuses_a_folder_it_did_not_write_even_when_forced(runner, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "keep.txt").write_text("mine", "utf-8")
    for extra in ([], ["--force"]):
        result = runner.invoke(main, ["import", str(CONTOSO), "--out", str(project), *extra])
        assert result.exit_code == 2
        assert "not empty" in result.output and "did not write it" in result.output
        assert sorted(p.name for p in project.iterdir()) == ["keep.txt"]


def test_replaces_an_earlier_import_only_when_forced(runner, tmp_path):
    project = tmp_path / "project"
    assert runner.invoke(main, ["import", str(CONTOSO), "--out", str(project)]).exit_code == 0
    result = runner.invoke(main, ["import", str(CONTOSO), "--out", str(project)])
    assert result.exit_code == 2
    assert "pass --force" in result.output
    result = runner.invoke(main, ["import", str(CONTOSO), "--out", str(project), "--force"])
    assert result.exit_code == 0, result.output
    assert (project / "connector" / "connector.yaml").is_file()


CORPUS = sorted(p for p in (SHARED / "corpus-sample").glob("*") if p.is_dir()) if SHARED.is_dir() else []


@needs_shared
@pytest.mark.parametrize("folder", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_connectors_round_trip(folder, runner, tmp_path):
    round_trip(runner, folder, tmp_path)


@needs_shared
def test_certified_truedialog_round_trips(runner, tmp_path):
    round_trip(runner, SHARED / "reference" / "truedialog-certified", tmp_path)
