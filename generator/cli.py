"""The `connector` command. Thin: parse arguments, call the library, hand findings to the reporter."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__
from generator.findings import Finding, Location, Severity
from generator.jsonio import InputError
from generator.report import FORMATS, exit_code, render_findings


def _emit(findings: list[Finding], fmt: str, rules=None, stream=None) -> None:
    text = render_findings(findings, fmt, rules)
    click.echo(text, nl=False, file=stream)


def _fail_input(exc: InputError, fmt: str = "text") -> None:
    finding = Finding("input", Severity.ERROR, exc.message, Location(exc.file, None, exc.line, exc.column))
    _emit([finding], fmt, stream=sys.stderr if fmt == "text" else None)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="connector")
def main() -> None:
    """Build, validate, lint, diff, mock and test Power Platform custom connectors."""


@main.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: [tool.connector] out, else build/ in the project).")
@click.option("--connector-id", default=None, help="Written to settings.json for `paconn update`.")
@click.option("--environment", default=None, help="Environment GUID written to settings.json.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the files in the output folder differ from what the sources render.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def build(project: Path, out: Path | None, connector_id: str | None, environment: str | None, check_only: bool,
          fmt: str) -> None:
    """Render the YAML sources into the artifacts paconn uploads."""
    from generator.artifacts import write_folder
    from generator.build import artifact_files, drift_findings, render_project
    from generator.config import load_config

    try:
        out = out if out is not None else project / load_config(project)["out"]
        result = render_project(project)
        files = artifact_files(result, connector_id, environment, readme=_readme(result)) if result.ok else {}
        if result.ok and check_only:
            result.findings.extend(drift_findings(files, out))
        elif result.ok:
            write_folder(out, files)
    except InputError as exc:
        _fail_input(exc, fmt)
    if result.findings:
        _emit(result.findings, fmt, stream=sys.stderr if fmt == "text" else None)
    if not result.ok:
        click.echo("build failed: nothing was written" if not check_only else "the artifacts are out of date",
                   err=True)
        sys.exit(1)
    if check_only:
        click.echo(f"{out} is up to date with the sources", err=fmt != "text")
    else:
        click.echo(f"wrote {len(files)} files to {out}: {', '.join(sorted(files))}", err=fmt != "text")


def _readme(result) -> str | None:
    from generator.docs import render_docs

    return render_docs(result.connector)


@main.command(name="import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Project folder to create.")
@click.option("--force", is_flag=True, help="Replace the output folder even if it is not empty.")
def import_(folder: Path, out: Path, force: bool) -> None:
    """Turn a connector folder (apiDefinition.swagger.json, apiProperties.json) into YAML sources."""
    from generator.importer import read_connector_folder
    from generator.importer.write import import_folder

    try:
        files = import_folder(read_connector_folder(folder), out, force)
    except InputError as exc:
        _fail_input(exc)
    operations = sum(1 for f in files if f.startswith("connector/operations/"))
    triggers = sum(1 for f in files if f.startswith("connector/triggers/"))
    definitions = sum(1 for f in files if f.startswith("connector/definitions/"))
    click.echo(f"imported {folder} into {out}: {operations} actions, {triggers} triggers, "
               f"{definitions} definitions")


@main.command()
@click.argument("project", default=".", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Markdown file to write (default: print the page).")
def docs(project: Path, out: Path | None) -> None:
    """Render the connector's documentation page (a project, a connector folder or a swagger file)."""
    from generator.artifacts import write_file
    from generator.docs import render_docs
    from generator.load import load_any

    try:
        result = load_any(project)
        if result.connector is None:
            _emit(result.findings, "text", stream=sys.stderr)
            click.echo("docs failed: the connector could not be read, nothing was written", err=True)
            sys.exit(1)
        page = render_docs(result.connector)
        if out is not None:
            write_file(out, page.encode("utf-8"))
    except InputError as exc:
        _fail_input(exc)
    if out is None:
        click.echo(page, nl=False)
    else:
        click.echo(f"wrote the documentation page to {out}")


if __name__ == "__main__":
    main()
