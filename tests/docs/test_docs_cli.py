"""`connector docs` and the readme.md that `connector build` writes next to the artifacts."""

from generator.build import render_project
from generator.cli import main
from generator.docs import render_docs
from generator.load import load_any
from tests.conftest import ROOT
from tests.docs import HARBOR


def test_docs_writes_the_page_of_the_project(runner, tmp_path):
    out = tmp_path / "site" / "truedialog.md"
    result = runner.invoke(main, ["docs", str(ROOT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == render_docs(render_project(ROOT).connector).encode("utf-8")
    assert out.read_text("utf-8").startswith("# TrueDialog SMS\n")


def test_docs_replaces_an_existing_page_and_leaves_no_temporary_file(runner, tmp_path):
    out = tmp_path / "page.md"
    out.write_text("an old page\n", "utf-8")
    assert runner.invoke(main, ["docs", str(HARBOR), "--out", str(out)]).exit_code == 0
    assert out.read_text("utf-8").startswith("# Harbor Tickets\n")
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_docs_without_out_prints_the_page(runner):
    result = runner.invoke(main, ["docs", str(HARBOR)])
    assert result.exit_code == 0
    assert result.stdout == render_docs(load_any(HARBOR).connector)


def test_docs_reads_a_single_swagger_file(runner, tmp_path):
    result = runner.invoke(main, ["docs", str(HARBOR / "apiDefinition.swagger.json")])
    assert result.exit_code == 0, result.output
    assert "### Create a ticket" in result.stdout and "## Definitions" in result.stdout


def test_docs_of_a_broken_project_names_the_file_and_writes_nothing(runner, truedialog_project, tmp_path):
    operation = truedialog_project / "connector" / "operations" / "Contact_Search.yaml"
    operation.write_text(operation.read_text("utf-8").replace("summary: Contact Search", "summary: [Contact"), "utf-8")
    out = tmp_path / "page.md"
    result = runner.invoke(main, ["docs", str(truedialog_project), "--out", str(out)])
    assert result.exit_code == 1
    assert "connector/operations/Contact_Search.yaml:" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_build_writes_the_page_as_readme_next_to_the_artifacts(runner, tmp_path):
    out = tmp_path / "build"
    assert runner.invoke(main, ["build", str(ROOT), "--out", str(out)]).exit_code == 0
    page = tmp_path / "page.md"
    assert runner.invoke(main, ["docs", str(ROOT), "--out", str(page)]).exit_code == 0
    assert (out / "readme.md").read_bytes() == page.read_bytes()
    assert (out / "apiDefinition.swagger.json").is_file()


def test_an_imported_connector_documents_like_its_folder(runner, tmp_path):
    project = tmp_path / "harbor"
    assert runner.invoke(main, ["import", str(HARBOR), "--out", str(project)]).exit_code == 0
    assert (project / "connector" / "readme.md").is_file()
    from_project = runner.invoke(main, ["docs", str(project)])
    assert from_project.exit_code == 0
    assert from_project.stdout == render_docs(load_any(HARBOR).connector)
