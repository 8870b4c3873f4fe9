"""`connector check`: one command for CI, with a summary of every stage and an exit code to gate on."""

import io
import json
import subprocess

import pytest
from PIL import Image

from generator.cli import main


def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


@pytest.fixture
def repo(minimal_project):
    """The minimal project as a git repository with an icon and a v1.0.0 release tag."""
    image = Image.new("RGB", (120, 120), "#1f6f43")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    (minimal_project / "icon.png").write_bytes(buffer.getvalue())
    git(minimal_project, "init", "-q", "-b", "main")
    git(minimal_project, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git(minimal_project, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "v1")
    git(minimal_project, "tag", "v1.0.0")
    return minimal_project


def stages(output: str) -> dict[str, str]:
    rows = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("build", "validate", "lint", "diff", "contract"):
            rows[parts[0]] = parts[1]
    return rows


def test_clean_project_passes_every_stage_and_diffs_against_the_latest_tag(repo, runner):
    result = runner.invoke(main, ["check", str(repo), "--skip", "contract"])
    assert result.exit_code == 0, result.output
    assert stages(result.output) == {"build": "passed", "validate": "passed", "lint": "passed", "diff": "passed",
                                     "contract": "skipped"}
    assert "against git:v1.0.0" in result.output


def test_a_breaking_change_fails_the_diff_stage(repo, runner):
    operation = repo / "connector" / "operations" / "GetWidget.yaml"
    operation.write_text(operation.read_text("utf-8").replace("operationId: GetWidget", "operationId: ReadWidget"),
                         "utf-8")
    result = runner.invoke(main, ["check", str(repo), "--skip", "contract"])
    assert result.exit_code == 1
    assert stages(result.output)["diff"] == "failed"
    assert "GetWidget" in result.output


def test_a_certification_problem_fails_the_lint_stage(repo, runner):
    connector = repo / "connector" / "connector.yaml"
    connector.write_text(connector.read_text("utf-8").replace("title: Widget Hub", "title: Widget Hub API Connector"),
                         "utf-8")
    result = runner.invoke(main, ["check", str(repo), "--skip", "contract", "--skip", "diff"])
    assert result.exit_code == 1
    assert stages(result.output)["lint"] == "failed"
    assert "connector/connector.yaml:1:8" in result.output


def test_committed_artifacts_that_drift_fail_the_build_stage(repo, runner):
    assert runner.invoke(main, ["build", str(repo)]).exit_code == 0
    git(repo, "add", "build")
    definition = repo / "connector" / "definitions" / "Widget.yaml"
    definition.write_text(definition.read_text("utf-8").replace("Widget size", "Size of the widget"), "utf-8")
    result = runner.invoke(main, ["check", str(repo), "--skip", "contract", "--skip", "diff"])
    assert result.exit_code == 1
    assert stages(result.output)["build"] == "failed"
    assert "build-drift" in result.output


def test_first_release_has_no_baseline(minimal_project, runner):
    result = runner.invoke(main, ["check", str(minimal_project), "--skip", "contract"])
    assert stages(result.output)["diff"] == "skipped"
    assert "first release" in result.output


def test_machine_formats_keep_stdout_clean_and_sarif_is_written(repo, runner, tmp_path):
    connector = repo / "connector" / "connector.yaml"
    connector.write_text(connector.read_text("utf-8").replace("title: Widget Hub", "title: Widget Hub API Connector"),
                         "utf-8")
    sarif = tmp_path / "out" / "check.sarif"
    result = runner.invoke(main, ["check", str(repo), "--skip", "contract", "--format", "json", "--sarif", str(sarif)])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert any(f["file"] == "connector/connector.yaml" and f["severity"] == "error" for f in findings)
    assert "stage" in result.stderr
    document = json.loads(sarif.read_text("utf-8"))
    assert document["version"] == "2.1.0" and document["runs"][0]["results"]
