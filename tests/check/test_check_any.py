"""`connector check` on an imported connector that is not TrueDialog: every stage runs or says why not."""

from pathlib import Path

from generator.cli import main
from tests.check.test_check import stages

CONNECTORS = Path(__file__).resolve().parents[1] / "mock" / "connectors"


def test_an_imported_connector_goes_through_every_stage(tmp_path, runner):
    project = tmp_path / "notes"
    assert runner.invoke(main, ["import", str(CONNECTORS / "notes-oauth"), "--out", str(project)]).exit_code == 0
    (project / "pyproject.toml").write_text("[tool.connector.test]\nmax-examples = 2\nseed = 7\n")
    result = runner.invoke(main, ["check", str(project)])
    rows = stages(result.output)
    assert set(rows) == {"build", "validate", "lint", "diff", "contract"}
    assert rows["build"] == "passed"
    # Certification wants an icon and publisher details this test connector lacks: findings, not a crash.
    assert rows["lint"] == "failed" and "icon-missing" in result.output
    assert rows["diff"] == "skipped"
    assert rows["contract"] == "passed", result.output
    assert "against the in-process mock" in result.output


def test_a_stage_can_be_skipped_from_the_configuration(tmp_path, runner):
    project = tmp_path / "notes"
    assert runner.invoke(main, ["import", str(CONNECTORS / "notes-basic"), "--out", str(project)]).exit_code == 0
    (project / "pyproject.toml").write_text('[tool.connector.check]\nskip = ["contract", "lint"]\n')
    result = runner.invoke(main, ["check", str(project), "--skip", "diff"])
    rows = stages(result.output)
    assert rows["contract"] == rows["lint"] == rows["diff"] == "skipped"
    assert "skipped by [tool.connector.check] skip" in result.output and "skipped by --skip" in result.output
    (project / "pyproject.toml").write_text('[tool.connector.check]\nskip = ["nosuch"]\n')
    refused = runner.invoke(main, ["check", str(project)])
    assert refused.exit_code == 1 and "skip must list stages among" in refused.output
