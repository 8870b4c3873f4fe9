"""`connector package`: the certification submission, checked before it is zipped."""

import zipfile
from pathlib import Path

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_package_zips_the_submission_files_of_truedialog(runner, tmp_path):
    out = tmp_path / "truedialog.zip"
    result = runner.invoke(main, ["package", str(ROOT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        assert names == ["TrueDialog-SMS/apiDefinition.swagger.json", "TrueDialog-SMS/apiProperties.json",
                         "TrueDialog-SMS/icon.png", "TrueDialog-SMS/readme.md"]
        assert archive.read("TrueDialog-SMS/icon.png") == (ROOT / "icon.png").read_bytes()
    again = tmp_path / "again.zip"
    assert runner.invoke(main, ["package", str(ROOT), "--out", str(again)]).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_package_includes_custom_code(runner, truedialog_project, tmp_path):
    (truedialog_project / "connector" / "script.csx").write_text("public class Script : ScriptBase {}\n", "utf-8")
    connector = truedialog_project / "connector" / "connector.yaml"
    connector.write_text(connector.read_text("utf-8") + "apiProperties:\n  scriptOperations: [Campaign_Push]\n",
                         "utf-8")
    out = tmp_path / "p.zip"
    result = runner.invoke(main, ["package", str(truedialog_project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "TrueDialog-SMS/script.csx" in zipfile.ZipFile(out).namelist()


def test_package_refuses_a_submission_that_fails_certification(runner, truedialog_project, tmp_path):
    (truedialog_project / "icon.png").unlink()
    out = tmp_path / "p.zip"
    result = runner.invoke(main, ["package", str(truedialog_project), "--out", str(out)])
    assert result.exit_code == 1
    assert "icon" in result.output
    assert not out.exists()
