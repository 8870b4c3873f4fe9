"""Writers replace an output only when it is missing, empty or theirs; never the project, its input or a repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.artifacts import MARKER, UnsafeOutput, write_folder
from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONTOSO = ROOT / "tests" / "fixtures" / "connectors" / "contoso-tasks"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(minimal_project: Path) -> Path:
    """The minimal project as a git repository with an untracked file."""
    subprocess.run(["git", "init", "-q"], cwd=minimal_project, check=True)
    (minimal_project / "notes.txt").write_text("untracked, and only here", "utf-8")
    return minimal_project


@pytest.mark.parametrize("out, reason", [
    (".", "is this command's input"),
    ("..", "holds this command's input"),
    ("connector", "holds this command's input"),
    ("connector/operations", "this command's input"),
], ids=["project", "parent", "sources", "operations"])
def test_build_refuses_to_replace_the_project_or_its_sources(out, reason, runner, repo):
    before = snapshot(repo)
    result = runner.invoke(main, ["build", str(repo), "--out", str(repo / out)])
    assert result.exit_code == 2, result.output
    assert reason in result.output and "unsafe-output" in result.output
    assert snapshot(repo) == before


def test_build_refuses_an_unrelated_folder_that_is_not_empty(runner, repo, tmp_path):
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "thesis.tex").write_text("years of work", "utf-8")
    result = runner.invoke(main, ["build", str(repo), "--out", str(existing)])
    assert result.exit_code == 2
    assert "did not write it" in result.output and MARKER in result.output
    assert snapshot(existing) == {"thesis.tex": b"years of work"}


def test_build_replaces_its_own_output_and_an_empty_folder(runner, repo):
    out = repo / "build"
    out.mkdir()
    assert runner.invoke(main, ["build", str(repo), "--out", str(out)]).exit_code == 0
    assert (out / MARKER).read_text("utf-8").startswith("connector build\n")
    (out / "stale.json").write_text("{}", "utf-8")
    assert runner.invoke(main, ["build", str(repo), "--out", str(out)]).exit_code == 0
    assert not (out / "stale.json").exists() and (out / "apiDefinition.swagger.json").is_file()


def test_build_refuses_its_own_output_once_it_holds_a_repository(runner, repo):
    out = repo / "build"
    assert runner.invoke(main, ["build", str(repo), "--out", str(out)]).exit_code == 0
    subprocess.run(["git", "init", "-q"], cwd=out, check=True)
    result = runner.invoke(main, ["build", str(repo), "--out", str(out)])
    assert result.exit_code == 2 and "git repository" in result.output
    assert (out / ".git").is_dir()


def test_build_follows_a_link_to_see_where_it_would_write(runner, repo, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(repo)
    result = runner.invoke(main, ["build", str(repo), "--out", str(link)])
    assert result.exit_code == 2 and "is this command's input" in result.output


def test_a_folder_written_by_another_command_is_not_replaced(runner, repo, tmp_path):
    imported = tmp_path / "imported"
    assert runner.invoke(main, ["import", str(CONTOSO), "--out", str(imported)]).exit_code == 0
    before = snapshot(imported)
    result = runner.invoke(main, ["build", str(repo), "--out", str(imported)])
    assert result.exit_code == 2 and "connector import wrote it" in result.output
    assert snapshot(imported) == before


def test_import_refuses_to_replace_its_input_even_when_forced(runner, tmp_path):
    source = tmp_path / "contoso"
    shutil.copytree(CONTOSO, source)
    before = snapshot(source)
    result = runner.invoke(main, ["import", str(source), "--out", str(source), "--force"])
    assert result.exit_code == 2 and "is this command's input" in result.output
    assert snapshot(source) == before


@pytest.mark.parametrize("command", [["docs"], ["package"], ["check", "--skip", "contract", "--skip", "diff",
                                                              "--sarif"]])
def test_file_writers_refuse_to_overwrite_a_source(command, runner, repo):
    target = repo / "connector" / "connector.yaml"
    before = target.read_bytes()
    *head, flag = command if command[0] == "check" else [*command, "--out"]
    result = runner.invoke(main, [*head, str(repo), flag, str(target)])
    assert result.exit_code == 2, result.output
    assert "one of this command's inputs" in result.output
    assert target.read_bytes() == before


def test_a_failed_swap_puts_the_previous_output_back(monkeypatch, tmp_path):
    out = tmp_path / "out"
    write_folder(out, {"a.json": b"old"}, "connector build")
    real_rename = os.rename

    def rename(source, target):
        if Path(source).name.startswith(".out.new-"):
            raise OSError(28, "No space left on device")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(Exception, match="cannot write the output folder"):
        write_folder(out, {"a.json": b"new"}, "connector build")
    assert (out / "a.json").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_policy_is_checked_before_anything_is_written(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "keep.txt").write_text("mine", "utf-8")
    with pytest.raises(UnsafeOutput):
        write_folder(out, {"a.json": b"{}"}, "connector build")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
