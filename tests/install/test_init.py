"""`connector init` and `connector schemas`: a new project that builds, lints clean but for what only its
author knows, and whose YAML modelines resolve to schemas inside the project (as in this repository)."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.init import NOTES, TO_DO
from generator.source.schemas import SCHEMA_NAMES, schema_files

ROOT = Path(__file__).resolve().parents[2]
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def modeline_problems(project: Path) -> list[str]:
    """Each YAML source whose modeline is missing, points outside the project, or whose schema rejects it."""
    problems = []
    for path in sorted(list((project / "connector").rglob("*.yaml")) + list((project / "policies").glob("*.yaml"))):
        text = path.read_text("utf-8")
        found = MODELINE.match(text)
        if not found:
            problems.append(f"{path}: no modeline")
            continue
        schema = (path.parent / found.group(1)).resolve()
        if not schema.is_file() or not schema.is_relative_to(project.resolve()):
            problems.append(f"{path}: {found.group(1)} does not resolve inside the project")
            continue
        errors = list(jsonschema.Draft7Validator(json.loads(schema.read_text("utf-8"))).iter_errors(yaml.safe_load(text)))
        problems += [f"{path}: {error.message}" for error in errors]
    return problems


@pytest.mark.parametrize("auth", ["basic", "apikey", "oauth2"])
def test_init_writes_a_project_that_builds_and_lints_clean_but_for_the_authors_part(runner, tmp_path, auth):
    project = tmp_path / "widget-hub"
    result = runner.invoke(main, ["init", str(project), "--auth", auth, "--host", "api.widgets.test",
                                  "--base-path", "/v1"])
    assert result.exit_code == 0, result.output
    assert "'Widget Hub'" in result.output and NOTES[auth] in result.output
    assert all(f"{rule}: {what}" in result.output for rule, what in TO_DO.items())
    assert modeline_problems(project) == []

    build = runner.invoke(main, ["build", str(project)])
    assert build.exit_code == 0, build.output
    swagger = json.loads((project / "build" / "apiDefinition.swagger.json").read_text("utf-8"))
    assert swagger["host"] == "api.widgets.test" and swagger["basePath"] == "/v1"
    assert {scheme["type"] for scheme in swagger["securityDefinitions"].values()} == {
        {"basic": "basic", "apikey": "apiKey", "oauth2": "oauth2"}[auth]}
    platform = runner.invoke(main, ["lint", str(project), "--profile", "platform", "--format", "json"])
    assert platform.exit_code == 0 and json.loads(platform.output) == []
    certification = runner.invoke(main, ["lint", str(project), "--format", "json"])
    assert {finding["rule"] for finding in json.loads(certification.output)} == set(TO_DO)


def test_init_takes_the_name_and_refuses_a_folder_it_did_not_write(runner, tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    (project / "notes.txt").write_text("mine", "utf-8")
    result = runner.invoke(main, ["init", str(project), "--name", "Contoso Tasks"])
    assert result.exit_code == 2 and "not empty" in result.output
    assert [p.name for p in project.iterdir()] == ["notes.txt"]

    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(main, ["init", str(empty), "--name", "Contoso Tasks"]).exit_code == 0
    assert yaml.safe_load((empty / "connector" / "connector.yaml").read_text("utf-8"))["title"] == "Contoso Tasks"
    again = runner.invoke(main, ["init", str(empty)])
    assert again.exit_code == 2 and "not empty" in again.output
    assert not (empty / ".connector-toolkit").exists()


@pytest.mark.parametrize("args", [["--host", "https://api.example.com/"], ["--base-path", "v1"], ["--auth", "ntlm"]])
def test_init_refuses_bad_options_with_a_usage_error(runner, tmp_path, args):
    result = runner.invoke(main, ["init", str(tmp_path / "p"), *args])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (tmp_path / "p").exists()


def test_schemas_writes_every_source_schema(runner, tmp_path):
    result = runner.invoke(main, ["schemas", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(f"{n}.schema.json" for n in SCHEMA_NAMES)
    for path, content in schema_files().items():
        assert (tmp_path / "s" / Path(path).name).read_bytes() == content


def test_this_repository_uses_the_layout_init_writes():
    """connector/ and policies/ point at schemas/ in this repository, which matches the shipped schemas."""
    assert modeline_problems(ROOT) == []
    for path, content in schema_files().items():
        assert (ROOT / path).read_bytes() == content, f"{path} is stale: run `connector schemas --out schemas`"
