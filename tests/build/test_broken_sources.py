"""Each folder under tests/fixtures/broken overlays a small valid project with broken files and
lists, in expected.txt, the exact errors `connector build` must print (file:line:col first)."""

import shutil
from pathlib import Path

import pytest

from generator.cli import main

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_broken_source_is_reported_with_location_and_nothing_is_written(case, minimal_project, runner, monkeypatch):
    overlay = BROKEN / case
    for path in overlay.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = minimal_project / path.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    monkeypatch.chdir(minimal_project)
    result = runner.invoke(main, ["build", ".", "--out", "out"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if ": error " in line]
    expected = (overlay / "expected.txt").read_text("utf-8").splitlines()
    assert errors == expected
    assert not (minimal_project / "out").exists()


def test_failed_build_keeps_the_previous_output(minimal_project, runner, monkeypatch):
    monkeypatch.chdir(minimal_project)
    assert runner.invoke(main, ["build", ".", "--out", "out"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in (minimal_project / "out").iterdir()}
    (minimal_project / "connector" / "operations" / "GetWidget.yaml").write_text("method: [", "utf-8")
    assert runner.invoke(main, ["build", ".", "--out", "out"]).exit_code == 1
    after = {p.name: p.read_bytes() for p in (minimal_project / "out").iterdir()}
    assert after == before
    assert sorted(p.name for p in minimal_project.iterdir() if p.name.startswith(".out")) == []


def test_not_a_project_is_a_clear_error(tmp_path, runner):
    result = runner.invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1
    assert "connector/connector.yaml is missing" in result.output
    assert "Traceback" not in result.output
