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
        # The folder of the certified connector: certified-connectors/TrueDialog SMS/.
        assert names == ["TrueDialog SMS/apiDefinition.swagger.json", "TrueDialog SMS/apiProperties.json",
                         "TrueDialog SMS/icon.png", "TrueDialog SMS/readme.md"]
        assert archive.read("TrueDialog SMS/icon.png") == (ROOT / "icon.png").read_bytes()
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
    archive = zipfile.ZipFile(out)
    assert "TrueDialog SMS/script.csx" in archive.namelist()
    assert "--script-file script.csx" in archive.read("TrueDialog SMS/readme.md").decode("utf-8")


def test_package_refuses_a_submission_that_fails_certification(runner, truedialog_project, tmp_path):
    (truedialog_project / "icon.png").unlink()
    out = tmp_path / "p.zip"
    result = runner.invoke(main, ["package", str(truedialog_project), "--out", str(out)])
    assert result.exit_code == 1
    assert "icon" in result.output
    assert not out.exists()


# The sections the certification readme template asks for, as level-2 headings.
TEMPLATE_SECTIONS = ("Publisher: ", "Prerequisites", "Obtaining Credentials", "Supported Operations",
                     "Deployment Instructions")


def test_the_readme_has_every_section_of_the_certification_template(runner, tmp_path):
    out = tmp_path / "truedialog.zip"
    assert runner.invoke(main, ["package", str(ROOT), "--out", str(out)]).exit_code == 0
    readme = zipfile.ZipFile(out).read("TrueDialog SMS/readme.md").decode("utf-8")
    headings = [line[3:] for line in readme.splitlines() if line.startswith("## ")]
    assert [h for h in headings if h.startswith(TEMPLATE_SECTIONS)] == [
        "Publisher: TrueDialog Dynamics", "Prerequisites", "Obtaining Credentials", "Supported Operations",
        "Deployment Instructions"]
    operations = readme.split("## Supported Operations")[1].split("\n## ")[0]
    assert "#### Send SMS" in operations and "#### Stop Message Received" in operations
    assert "Callback Delete" not in operations  # internal: no flow can use it
    # The author's prose follows, from connector/readme.md.
    assert "Known issues and limitations" in headings and "FAQ" in headings
    deployment = readme.split("## Deployment Instructions")[1]
    assert "pac connector create --api-definition-file apiDefinition.swagger.json" in deployment
    assert "pac connector update --connector-id" in deployment and "paconn update" in deployment


def test_a_readme_without_the_authors_sections_stops_the_package(runner, truedialog_project, tmp_path):
    prose = truedialog_project / "connector" / "readme.md"
    prose.write_text(prose.read_text("utf-8").replace("## How to get credentials", "## Accounts"), "utf-8")
    out = tmp_path / "p.zip"
    result = runner.invoke(main, ["package", str(truedialog_project), "--out", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert ("connector/readme.md: error readme-section the readme needs a '## Obtaining Credentials' section"
            in result.output)
    assert "Prerequisites" not in result.output


def test_the_folder_name_is_configurable(runner, truedialog_project, tmp_path):
    (truedialog_project / "pyproject.toml").write_text('[tool.connector.package]\nfolder = "TrueDialog"\n', "utf-8")
    out = tmp_path / "p.zip"
    assert runner.invoke(main, ["package", str(truedialog_project), "--out", str(out)]).exit_code == 0
    assert {Path(n).parts[0] for n in zipfile.ZipFile(out).namelist()} == {"TrueDialog"}
    flag = runner.invoke(main, ["package", str(truedialog_project), "--out", str(out), "--folder", "TD SMS"])
    assert flag.exit_code == 0 and {Path(n).parts[0] for n in zipfile.ZipFile(out).namelist()} == {"TD SMS"}
    bad = runner.invoke(main, ["package", str(truedialog_project), "--out", str(out), "--folder", "../up"])
    assert bad.exit_code == 2 and "cannot be a folder name" in bad.output
    (truedialog_project / "pyproject.toml").write_text('[tool.connector.package]\nfolder = "a/b"\n', "utf-8")
    from_file = runner.invoke(main, ["package", str(truedialog_project), "--out", str(out)])
    assert from_file.exit_code == 1 and "pyproject.toml" in from_file.output
