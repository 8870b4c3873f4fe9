"""Each side may be a YAML project, a connector folder, a swagger file or git:REF; locations follow the side."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.build import artifact_files, render_project
from generator.diff.compare import compare
from generator.importer.folder import read_connector_folder
from generator.importer.write import project_files
from generator.jsonio import InputError
from tests.diff.builders import base_swagger, write_connector

TARGETS_TYPE = "operation/Message_Send/parameter/body/schema/Targets/type"
REQUEST_FILE = "connector/definitions/MessageRequest.yaml"


def retyped() -> dict:
    swagger = base_swagger()
    swagger["definitions"]["MessageRequest"]["properties"]["Targets"] = {"type": "string"}
    return swagger


def write_project(root: Path, swagger: dict, scratch: Path) -> Path:
    """The YAML sources `connector import` would make of `swagger`, written into `root` (kept if it exists)."""
    folder = read_connector_folder(write_connector(scratch, swagger))
    for relative, content in project_files(folder).items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return root


def targets_type_line(project: Path) -> int:
    """The line of `type:` under `Targets:` in the project's MessageRequest definition."""
    lines = (project / REQUEST_FILE).read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "Targets:")
    return next(i for i in range(start, len(lines)) if lines[i].strip().startswith("type:")) + 1


def only_finding(findings, rule="input-type-changed"):
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, [f.message for f in findings]
    return hits[0]


def test_a_project_side_points_at_its_yaml_source(tmp_path):
    old = write_connector(tmp_path / "old", base_swagger())
    new = write_project(tmp_path / "new", retyped(), tmp_path / "scratch")
    finding = only_finding(compare(str(old), str(new), tmp_path).findings)
    assert (finding.location.file, finding.location.line) == (REQUEST_FILE, targets_type_line(new))
    assert finding.location.pointer == "/definitions/MessageRequest/properties/Targets/type"
    assert finding.related.file == str(old / "apiDefinition.swagger.json") and finding.related.line > 0


def test_same_connector_in_every_form_gives_no_finding(tmp_path):
    project = write_project(tmp_path / "project", base_swagger(), tmp_path / "scratch")
    built = tmp_path / "built"
    built.mkdir()
    for name, content in artifact_files(render_project(project)).items():
        (built / name).write_bytes(content)
    swagger_file = built / "apiDefinition.swagger.json"
    for old, new in ((project, project), (project, built), (built, project), (swagger_file, project)):
        assert compare(str(old), str(new), tmp_path).findings == [], (old, new)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Tests", "-c", "user.email=tests@example.com",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository whose project sits in a subfolder: tagged v1 as the base connector, v2 with Targets
    retyped, and the working tree at v2."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("not the project\n", "utf-8")
    project = write_project(repo / "sms", base_swagger(), tmp_path / "scratch-v1")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "v1")
    git(repo, "tag", "v1")
    write_project(project, retyped(), tmp_path / "scratch-v2")
    git(repo, "commit", "-q", "-am", "v2")
    git(repo, "tag", "v2")
    return repo


def test_git_ref_is_the_project_at_that_revision(repository, monkeypatch):
    project = repository / "sms"
    monkeypatch.chdir(project)
    finding = only_finding(compare("git:v1", ".", project).findings)
    assert finding.location.file == REQUEST_FILE and finding.location.line == targets_type_line(project)
    # The old side's files are named the way git names a file at a revision.
    assert finding.related.file == f"v1:sms/{REQUEST_FILE}" and finding.related.line is not None
    assert compare("git:v2", ".", project).findings == []


def test_git_refs_on_both_sides(repository, monkeypatch):
    monkeypatch.chdir(repository / "sms")
    result = compare("git:v1", "git:v2", repository / "sms")
    finding = only_finding(result.findings)
    assert finding.detail("path") == TARGETS_TYPE
    assert (finding.location.file, finding.related.file) == (f"v2:sms/{REQUEST_FILE}", f"v1:sms/{REQUEST_FILE}")
    assert (result.old.label, result.new.label) == ("git:v1", "git:v2")


def test_git_ref_follows_the_project_named_as_new(repository, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert compare("git:v2", str(repository / "sms"), tmp_path).findings == []


@pytest.mark.parametrize("ref, message", [
    ("v9", "'v9' is no revision of the repository"),
    ("", "git: needs a revision"),
])
def test_unknown_revision_is_an_input_error(repository, monkeypatch, ref, message):
    monkeypatch.chdir(repository / "sms")
    with pytest.raises(InputError, match=message) as caught:
        compare(f"git:{ref}", ".", repository / "sms")
    assert caught.value.file == f"git:{ref}"


def test_revision_without_the_project_is_an_input_error(repository, monkeypatch):
    git(repository, "checkout", "-q", "--orphan", "early")
    git(repository, "rm", "-rq", "--cached", ".")
    git(repository, "commit", "-q", "--allow-empty", "-m", "nothing yet")
    git(repository, "tag", "v0")
    (repository / "sms").mkdir(exist_ok=True)
    (repository / "sms" / "plan.md").write_text("a connector, some day\n", "utf-8")
    git(repository, "add", "sms/plan.md")
    git(repository, "commit", "-q", "-m", "plans")
    git(repository, "tag", "v0.1")
    git(repository, "checkout", "-q", "-f", "v2")
    monkeypatch.chdir(repository / "sms")
    with pytest.raises(InputError, match="at v0, sms/ does not exist"):
        compare("git:v0", ".", repository / "sms")
    with pytest.raises(InputError, match="at v0.1, sms/ has neither connector/connector.yaml nor"):
        compare("git:v0.1", ".", repository / "sms")


def test_git_ref_outside_a_repository_is_an_input_error(tmp_path, monkeypatch):
    project = write_project(tmp_path / "plain", base_swagger(), tmp_path / "scratch")
    monkeypatch.chdir(project)
    with pytest.raises(InputError, match="not a git repository"):
        compare("git:HEAD", ".", project)
