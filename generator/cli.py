"""The `connector` command. Thin: parse arguments, call the library, hand findings to the reporter."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import click

from generator import __version__
from generator.findings import Finding, has_errors
from generator.jsonio import InputError
from generator.redact import redact
from generator.report import FORMATS, exit_code, render_findings


def _emit(findings: list[Finding], fmt: str, rules=None, stream=None) -> None:
    text = render_findings(findings, fmt, rules)
    click.echo(text, nl=False, file=stream)


def _fail_input(exc: InputError, fmt: str = "text") -> None:
    from generator.artifacts import UnsafeOutput

    _emit([exc.to_finding()], fmt, stream=sys.stderr if fmt == "text" else None)
    # 2, as for a usage error: the command was pointed at an output it must not destroy.
    sys.exit(2 if isinstance(exc, UnsafeOutput) else 1)


def _require_extra(command: str) -> None:
    """Exit 2 with the install command when `command` needs an optional dependency that is not installed."""
    from generator.extras import missing_extra_message, missing_modules

    missing = missing_modules(command)
    if missing:
        click.echo(missing_extra_message(command, missing), err=True)
        sys.exit(2)


def _write_or_fail(path: Path, content: bytes) -> None:
    from generator.artifacts import write_file

    try:
        write_file(path, content)
    except InputError as exc:
        _fail_input(exc)


def _interactive() -> bool:
    """Progress display only for a person at a terminal, never in CI logs (CI sets CI=true)."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="connector")
def main() -> None:
    """Build, validate, lint, diff, mock and test Power Platform custom connectors."""


@main.command()
@click.argument("project", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: [tool.connector] out, else build/ in the project).")
@click.option("--connector-id", default=None,
              help="Written to settings.json for updates [default: [tool.connector] connector-id, else the one "
                   "settings.json in the output folder has].")
@click.option("--environment", default=None, callback=lambda ctx, param, value: _environment(value),
              help="Environment ID (a GUID) written to settings.json [default: as --connector-id].")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the files in the output folder differ from what the sources render.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def build(project: Path, out: Path | None, connector_id: str | None, environment: str | None, check_only: bool,
          fmt: str) -> None:
    """Render the YAML sources into the artifacts paconn and pac upload."""
    from generator.artifacts import check_output_folder, write_folder
    from generator.build import SETTINGS, artifact_files, drift_findings, render_project
    from generator.config import load_config
    from generator.deployment import deployment
    from generator.load import input_paths

    try:
        config = load_config(project, {"connector-id": connector_id, "environment": environment})
        out = out if out is not None else project / config["out"]
        if not check_only:
            check_output_folder(out, "connector build", input_paths(project))
        target = deployment(config, project, out / SETTINGS)
        result = render_project(project)
        files = artifact_files(result, target.connector_id, target.environment) if result.ok else {}
        if result.ok and check_only:
            result.findings.extend(drift_findings(files, out))
        elif result.ok:
            write_folder(out, files, "connector build", input_paths(project))
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


def _environment(value: str | None) -> str | None:
    from generator.deployment import environment_problem

    if value is not None and (problem := environment_problem(value)):
        raise click.BadParameter(problem, param_hint="--environment")
    return value


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", default=None, help="The connector's title [default: from the folder name].")
@click.option("--auth", type=click.Choice(("basic", "apikey", "oauth2")), default="basic", show_default=True,
              help="How a connection authenticates.")
@click.option("--host", default="api.example.com", show_default=True, help="Host name of the service's API.")
@click.option("--base-path", default="/", show_default=True, help="Path every operation's path starts with.")
def init(folder: Path, name: str | None, auth: str, host: str, base_path: str) -> None:
    """Start a connector project in FOLDER (new or empty): sources, schemas and configuration."""
    from generator.init import NOTES, PACKAGE_TO_DO, TO_DO, default_name, init_project

    if not re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]+)?", host):
        raise click.BadParameter(f"{host!r} is not a host name (no scheme, no path)", param_hint="--host")
    if not base_path.startswith("/"):
        raise click.BadParameter("must start with /", param_hint="--base-path")
    title = name if name is not None else default_name(folder)
    try:
        files = init_project(folder, title, auth, host, base_path)
    except InputError as exc:
        _fail_input(exc)
    click.echo(f"wrote {len(files)} files to {folder}: connector {title!r}, {auth} authentication, host {host}")
    click.echo(f"next: cd {folder} && connector build && connector check")
    click.echo("only you can supply these; `connector lint` (or `connector package`) reports each until it is "
               "there:")
    for rule, what in TO_DO.items():
        click.echo(f"  {rule}: {what}")
    click.echo(f"  readme-section: {PACKAGE_TO_DO}")
    click.echo(f"and: {NOTES[auth]}")


@main.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
              show_default=True, help="Folder to write the JSON Schemas into.")
def schemas(out: Path) -> None:
    """Write the JSON Schemas of the source files, for editors (the files' modelines point at them)."""
    from generator.artifacts import write_file
    from generator.source.schemas import SCHEMA_FOLDER, schema_files

    files = schema_files()
    try:
        for path, content in files.items():
            write_file(out / Path(path).relative_to(SCHEMA_FOLDER), content)
    except InputError as exc:
        _fail_input(exc)
    click.echo(f"wrote {len(files)} schemas to {out}")


@main.command(name="import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Project folder to create.")
@click.option("--force", is_flag=True, help="Replace the output folder even if it is not empty.")
def import_(folder: Path, out: Path, force: bool) -> None:
    """Turn a connector folder (apiDefinition.swagger.json, apiProperties.json) into YAML sources."""
    from generator.importer import read_connector_folder
    from generator.importer.folder import side_file_findings
    from generator.importer.write import import_folder

    try:
        connector_folder = read_connector_folder(folder)
        files = import_folder(connector_folder, out, force)
    except InputError as exc:
        _fail_input(exc)
    warnings = side_file_findings(connector_folder)
    if warnings:
        _emit(warnings, "text", stream=sys.stderr)
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
    from generator.load import input_paths, load_any

    try:
        result = load_any(project)
        if result.connector is None:
            _emit(result.findings, "text", stream=sys.stderr)
            click.echo("docs failed: the connector could not be read, nothing was written", err=True)
            sys.exit(1)
        page = render_docs(result.connector)
        if out is not None:
            write_file(out, page.encode("utf-8"), input_paths(project))
    except InputError as exc:
        _fail_input(exc)
    if out is None:
        click.echo(page, nl=False)
    else:
        click.echo(f"wrote the documentation page to {out}")


@main.command()
@click.argument("old", required=False)
@click.argument("new", default=".")
@click.option("--format", "fmt", type=click.Choice(FORMATS + ("markdown",)), default="text", show_default=True,
              help="markdown: a change report for the certification pull request.")
def diff(old: str | None, new: str, fmt: str) -> None:
    """Report every change from OLD to NEW that would break existing flows.

    OLD and NEW are each a project with YAML sources, a connector folder, an apiDefinition.swagger.json
    file, or git:REF (this project at a git revision). NEW defaults to the current folder, OLD to
    [tool.connector.diff] baseline. Exit 1 when a breaking change is not acknowledged.
    """
    from generator.diff import RULES
    from generator.diff.compare import compare
    from generator.diff.markdown import render_markdown

    reporter = "text" if fmt == "markdown" else fmt
    try:
        result = compare(old, new, Path.cwd())
    except InputError as exc:
        _fail_input(exc, reporter)
    if not result.compared:
        _emit(result.findings, reporter, stream=sys.stderr if reporter == "text" else None)
        click.echo("diff failed: a side could not be read as a connector, nothing was compared", err=True)
        sys.exit(1)
    if fmt == "markdown":
        click.echo(redact(render_markdown(result)), nl=False)
    else:
        _emit(result.findings, fmt, rules={rule.id: rule.summary for rule in RULES.values()})
    sys.exit(exit_code(result.findings))


@main.command()
@click.argument("project", default=".", type=click.Path(exists=True, path_type=Path))
@click.option("--host", default=None, help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port; 0 picks a free one [default: 8000].")
@click.option("--username", default=None,
              help="HTTP Basic user name the mock accepts [default: mock-user; TrueDialog: the seed's API key].")
@click.option("--password", default=None,
              help="HTTP Basic password the mock accepts [default: mock-password; TrueDialog: the seed's API secret].")
@click.option("--api-key", default=None,
              help="API key the mock accepts in the declared header or query parameter [default: mock-api-key]; "
                   "TrueDialog: the root user's API key (its Basic user name).")
@click.option("--api-secret", default=None, help="TrueDialog's name for --password.")
@click.option("--token", default=None, help="OAuth 2 bearer token the mock accepts [default: mock-token].")
@click.option("--pack", default=None,
              help="Behaviour pack: auto (found by the connector's host), a pack's name, or none [default: auto].")
@click.option("--storage", default=None,
              help="Where the throttle counts calls: memory:// or redis://HOST:PORT/DB (shared by mock processes).")
@click.option("--seed", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="YAML or JSON file of accounts, users, contacts... [default: the built-in seed].")
@click.option("--calls", type=click.IntRange(min=1), default=None,
              help="Calls per renewal period and connection (overrides policies/throttling.yaml).")
@click.option("--renewal-period", type=click.IntRange(min=1), default=None,
              help="Seconds of the throttle's moving window (overrides policies/throttling.yaml).")
@click.option("--access-log/--no-access-log", default=None, help="Log every request [default: off].")
@click.option("--allow-callback-host", "allow_callback_hosts", multiple=True, metavar="PATTERN",
              help="Let webhooks go to hosts matching PATTERN (a glob such as '*.example.com', or a network such "
                   "as 10.0.0.0/8) besides loopback; repeatable. Link-local and cloud metadata hosts never.")
def mock(project: Path, host, port, username, password, api_key, api_secret, token, pack, storage, seed, calls,
         renewal_period, access_log, allow_callback_hosts) -> None:
    """Serve the connector's API locally from its definition: validated, stateful, throttled, with webhooks.

    PROJECT is a project with YAML sources, a connector folder or a swagger file.
    """
    _require_extra("mock")
    from generator.config import load_config
    from generator.load import load_any
    from generator.mock.app import SeedError
    from generator.mock.server import MockStartError, serve
    from generator.mock.settings import MockSettings
    from generator.mock.throttle import check_storage_uri

    flags = {"host": host, "port": port, "username": username, "password": password, "api-key": api_key,
             "api-secret": api_secret, "token": token, "pack": pack, "storage": storage,
             "seed": str(seed.resolve()) if seed else None, "calls": calls, "renewal-period": renewal_period,
             "access-log": access_log, "allow-callback-hosts": list(allow_callback_hosts) or None}
    try:
        root = project if project.is_dir() else project.parent
        section = load_config(root, {"mock": flags})["mock"]
        settings = MockSettings.from_config(section, root)
        check_storage_uri(settings.storage)
        result = load_any(project)
        if result.connector is None:
            _emit(result.findings, "text", stream=sys.stderr)
            click.echo("mock failed: the connector could not be read", err=True)
            sys.exit(1)
        serve(result.connector, settings, click.echo, access_log=bool(section["access-log"]))
    except SeedError as exc:
        _emit(exc.findings, "text", stream=sys.stderr)
        click.echo("mock failed: the seed file has errors", err=True)
        sys.exit(1)
    except InputError as exc:
        _fail_input(exc)
    except (MockStartError, ValueError) as exc:
        click.echo(redact(f"mock failed: {exc}", [password, api_secret, api_key, token]), err=True)
        sys.exit(1)


def _lint_options(func):
    """Options shared by `lint` and `validate`."""
    options = [
        click.argument("path", default=".", type=click.Path(path_type=Path)),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True),
        click.option("--strict", is_flag=True, help="Fail on warnings too."),
        click.option("--disable", multiple=True, metavar="RULE", help="Do not run this rule (repeatable)."),
        click.option("--severity", "severities", multiple=True, metavar="RULE=LEVEL",
                     help="Report a rule as error, warning or info (repeatable)."),
        click.option("--all", "many", is_flag=True, help="PATH holds many connector folders: lint each one."),
        click.option("--jobs", type=click.IntRange(min=1), default=None,
                     help="Processes for --all (default: every core)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run_lint(path: Path, fmt: str, strict: bool, disable, severities, many: bool, jobs: int | None,
              profile: str | None, structural: bool) -> None:
    from generator.config import load_config
    from generator.lint.many import lint_folder, skipped_folders, totals
    from generator.lint.runner import LintSettings, lint_path
    from generator.lint.registry import all_rules

    if jobs is not None and not many:
        raise click.UsageError("--jobs only applies with --all")
    try:
        config = load_config(path if path.is_dir() else path.parent)
        settings = LintSettings.from_config(config["lint"], disable, severities, profile, structural)
    except InputError as exc:
        _fail_input(exc, fmt)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        if many:
            if not path.is_dir():
                raise InputError("--all needs a folder of connector folders", str(path))
            for skipped, reason in skipped_folders(path):
                click.echo(f"skipped {skipped}: {reason}", err=True)
            findings = lint_folder(path, settings, jobs, progress=fmt == "text" and _interactive())
        else:
            findings = lint_path(path, settings)
    except InputError as exc:
        _fail_input(exc, fmt)
    rules = {r.id: {"summary": r.summary, "description": r.explanation} for r in all_rules().values()}
    _emit(findings, fmt, rules)
    if many:
        # Machine-readable formats keep stdout to themselves.
        click.echo(totals(path, findings), err=fmt != "text")
    sys.exit(exit_code(findings, strict))


@main.command()
@_lint_options
@click.option("--profile", type=click.Choice(("platform", "certification")), default=None,
              help="platform: what the platform needs to import the connector; certification (default): "
                   "everything certification checks.")
def lint(path: Path, fmt: str, strict: bool, disable, severities, many: bool, jobs: int | None,
         profile: str | None) -> None:
    """Check a project or connector folder against every rule, offline."""
    _run_lint(path, fmt, strict, disable, severities, many, jobs, profile, structural=False)


@main.command()
@_lint_options
def validate(path: Path, fmt: str, strict: bool, disable, severities, many: bool, jobs: int | None) -> None:
    """Check structure only: Swagger 2.0, the x-ms-* extensions and apiProperties.json."""
    _run_lint(path, fmt, strict, disable, severities, many, jobs, "platform", structural=True)


@main.command()
@click.argument("project", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--baseline", default=None,
              help="git:REF or a path to compare with (default: [tool.connector.diff] baseline, else the latest v* tag).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--sarif", "sarif_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write every finding as SARIF to this file (for code scanning uploads).")
@click.option("--skip", multiple=True, type=click.Choice(("build", "validate", "lint", "diff", "contract")),
              help="Leave a stage out (repeatable); it shows as skipped.")
def check(project: Path, baseline: str | None, fmt: str, sarif_file: Path | None, skip: tuple[str, ...]) -> None:
    """Build, validate, lint, diff against the baseline and run the contract tests; one summary at the end."""
    from generator.artifacts import write_file
    from generator.check import FAILED, run_check, summary_table
    from generator.config import load_config
    from generator.load import input_paths

    try:
        config = load_config(project)
    except InputError as exc:
        _fail_input(exc, fmt)
    if "contract" not in skip and "contract" not in (config.get("check", {}).get("skip") or []):
        _require_extra("check")
    try:
        if _interactive():
            from rich.console import Console

            status = Console(stderr=True).status("checking")
            status.start()
            try:
                results = run_check(project, config, baseline, skip,
                                    on_stage=lambda name: status.update(f"{name}..."))
            finally:
                status.stop()
        else:
            results = run_check(project, config, baseline, skip)
    except InputError as exc:
        _fail_input(exc, fmt)
    findings = [f for r in results for f in r.findings]
    _emit(findings, fmt)
    if sarif_file is not None:
        try:
            write_file(sarif_file, render_findings(findings, "sarif").encode("utf-8"), input_paths(project))
        except InputError as exc:
            _fail_input(exc, fmt)
    click.echo(summary_table(results), nl=False, err=fmt != "text")
    sys.exit(1 if any(r.status == FAILED for r in results) else 0)


@main.command()
@click.argument("project", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Zip file to write, e.g. truedialog-sms.zip.")
@click.option("--folder", default=None,
              help="Folder inside the zip, as the connector's folder in the certified connectors repository "
                   "[default: [tool.connector.package] folder, else the connector's title].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def package(project: Path, out: Path, folder: str | None, fmt: str) -> None:
    """Zip the certification submission (swagger, properties, icon, readme, script), after checking it."""
    from generator.artifacts import check_output_file, write_file
    from generator.build import render_project
    from generator.config import load_config
    from generator.load import input_paths
    from generator.package import default_folder, folder_problem, submission_findings, submission_zip

    if folder is not None and (problem := folder_problem(folder)):
        raise click.BadParameter(problem, param_hint="--folder")
    try:
        check_output_file(out, input_paths(project))
        config = load_config(project, {"package": {"folder": folder}})
        build = render_project(project)
        findings = submission_findings(build, project, config["lint"])
        folder = config["package"]["folder"] or (default_folder(build.connector.title) if build.connector else None)
        if folder is not None and (problem := folder_problem(folder)):
            raise InputError(f"[tool.connector.package] folder: {problem}", str(project / "pyproject.toml"))
    except (InputError, ValueError) as exc:
        _fail_input(exc if isinstance(exc, InputError) else InputError(str(exc), str(project / "pyproject.toml")), fmt)
    if findings:
        _emit(findings, fmt, stream=sys.stderr if fmt == "text" else None)
    if has_errors(findings):
        click.echo("package failed: fix the errors above; nothing was written", err=True)
        sys.exit(1)
    try:
        write_file(out, submission_zip(build, folder), input_paths(project))
    except InputError as exc:
        _fail_input(exc, fmt)
    click.echo(f"wrote {out} (folder {folder}/)", err=fmt != "text")


@main.command(name="test")
@click.argument("project", default=".", type=click.Path(exists=True, path_type=Path))
@click.option("--base-url", default=None,
              help="Test the server at this URL (a running `connector mock`, or the real API) instead of a fresh "
                   "in-process mock.")
@click.option("--username", envvar="CONNECTOR_TEST_USERNAME", default=None,
              help="HTTP Basic user name of the connection (TrueDialog: the API key); with --base-url only. "
                   "[env: CONNECTOR_TEST_USERNAME]")
@click.option("--password", envvar="CONNECTOR_TEST_PASSWORD", default=None,
              help="HTTP Basic password of the connection (TrueDialog: the API secret); with --base-url only. "
                   "[env: CONNECTOR_TEST_PASSWORD]")
@click.option("--api-key", envvar="CONNECTOR_TEST_API_KEY", default=None,
              help="API key, sent where the definition declares it (header or query); with --base-url only. "
                   "[env: CONNECTOR_TEST_API_KEY]")
@click.option("--token", envvar="CONNECTOR_TEST_TOKEN", default=None,
              help="OAuth 2 access token, sent as a Bearer token; with --base-url only. [env: CONNECTOR_TEST_TOKEN]")
@click.option("--max-examples", type=click.IntRange(min=1), default=None,
              help="Test cases per operation and phase [default: schemathesis' own].")
@click.option("--seed", type=int, default=None, help="Repeat an earlier run: its seed is in the notes.")
@click.option("--report", default=None, metavar="junit:FILE", help="Also write the results as JUnit XML.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def test(project: Path, base_url, username, password, api_key, token, max_examples, seed, report, fmt) -> None:
    """Check that the API keeps the promises of the rendered definition: schema, webhooks, throttle.

    Without --base-url a fresh in-process mock is tested. PROJECT is a project with YAML sources, a
    connector folder or a swagger file. Exit 1 when a contract check fails.
    """
    _require_extra("test")
    from generator.artifacts import write_file
    from generator.config import load_config
    from generator.contract import contract_settings, in_process_target
    from generator.contract.report import render_junit, render_junit_unreachable, render_text
    from generator.contract.run import contract_report
    from generator.contract.connections import CredentialsError, live_connection
    from generator.contract.target import TargetError, live_target
    from generator.load import input_paths, load_any
    from generator.mock.app import SeedError
    import requests

    root = project if project.is_dir() else project.parent
    report_file, url = "", None
    try:
        config = load_config(root, {"test": {"base-url": base_url, "report": report, "seed": seed,
                                             "max-examples": max_examples}})
        section = config["test"]
        kind, _, report_file = (section["report"] or "").partition(":")
        if section["report"] and (kind != "junit" or not report_file):
            raise click.UsageError(f"--report {section['report']!r}: use junit:FILE")
        url = section["base-url"]
        given = {"--username": username, "--password": password, "--api-key": api_key, "--token": token}
        if url is None and any(v is not None for v in given.values()):
            named = ", ".join(k for k, v in given.items() if v is not None)
            raise click.UsageError(f"{named} apply to --base-url; the in-process mock brings its own credentials")
        build = load_any(project)
        if not build.ok:
            _emit(build.findings, "text", stream=sys.stderr)
            click.echo("test failed: the connector could not be built", err=True)
            sys.exit(1)
        if url is not None:
            try:
                connection = live_connection(build.swagger, username, password, api_key, token)
            except CredentialsError as exc:
                raise click.UsageError(f"a server at a URL needs the connection's credentials: {exc}") from None
            target = live_target(build, url, connection, pack=config["mock"]["pack"])
        else:
            target = in_process_target(build, config, root)
        result = contract_report(build, target, contract_settings(section))
        if report_file:
            # A live server's answers can quote the credentials it was sent.
            junit = redact(render_junit(result).decode("utf-8"), [password, api_key, token])
            write_file(Path(report_file), junit.encode("utf-8"), input_paths(project))
    except SeedError as exc:
        _emit(exc.findings, "text", stream=sys.stderr)
        click.echo("test failed: the mock's seed file has errors", err=True)
        sys.exit(1)
    except InputError as exc:
        _fail_input(exc, fmt)
    except (TargetError, ValueError) as exc:
        secrets = [password, api_key, token]
        if isinstance(exc, TargetError) and report_file:
            # CI shows the JUnit report, so a server that never answered must show up there too.
            _write_or_fail(Path(report_file), render_junit_unreachable(url, redact(str(exc), secrets)))
        click.echo(redact(f"test failed: {exc}", secrets), err=True)
        sys.exit(1)
    except requests.RequestException as exc:
        secrets = [password, api_key, token]
        message = redact(f"the server stopped answering ({type(exc).__name__}: {exc})", secrets)
        if report_file:
            _write_or_fail(Path(report_file), render_junit_unreachable(url or "the in-process mock", message))
        click.echo(f"test failed: {message}", err=True)
        sys.exit(1)
    if fmt == "text":
        click.echo(redact(render_text(result, build.connector.title), [password, api_key, token]), nl=False)
    else:
        _emit([replace(f, message=redact(f.message, [password, api_key, token])) for f in result.findings()], fmt)
    sys.exit(0 if result.ok else 1)


if __name__ == "__main__":
    main()
