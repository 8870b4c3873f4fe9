"""The certification submission: the artifacts Microsoft reviews, checked, in one zip file."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from generator.build import ICON, PROPERTIES, README, SCRIPT, SWAGGER, Build, artifact_files
from generator.docs.submission import render_submission_readme, submission
from generator.findings import Finding, Location, Severity

SUBMISSION = (SWAGGER, PROPERTIES, ICON, README, SCRIPT)
# The author's prose, where the readme's prerequisites and credentials sections come from.
PROSE = "connector/readme.md"
# Fixed timestamp so the same sources always give the same zip.
EPOCH = (1980, 1, 1, 0, 0, 0)


# Characters a folder name cannot hold on Windows or in a zip path, and names that are no folder at all.
UNSAFE_FOLDER = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def folder_problem(name: str) -> str | None:
    """Why `name` cannot be the submission's folder, or None when it can."""
    if not name.strip() or name in (".", "..") or UNSAFE_FOLDER.search(name) or name != name.strip(" ."):
        return (f"{name!r} cannot be a folder name: no slashes, control characters or <>:\"|?*, and no leading "
                "or trailing spaces or dots")
    return None


def default_folder(title: str) -> str:
    """The connector's title as a folder name: the certified connectors repository names folders so."""
    return UNSAFE_FOLDER.sub("-", title).strip(" .") or "connector"


def submission_findings(build: Build, project: Path, lint_section: dict) -> list[Finding]:
    """What stops a submission: build errors, certification lint errors and readme sections it cannot fill."""
    from generator.lint.runner import LintSettings, lint_build

    if not build.ok:
        return list(build.findings)
    settings = LintSettings.from_config(lint_section, profile="certification")
    findings = lint_build(build, settings, project)
    return findings + readme_findings(build, reported={f.rule for f in findings})


def readme_findings(build: Build, reported: set[str] = frozenset()) -> list[Finding]:
    """An error for each section of the certification readme that the sources do not supply.

    A missing publisher is the `publisher` lint rule's to report when it ran (`reported` holds its id).
    """
    connector = build.connector
    findings = []
    for section in submission(connector).missing:
        if section == "Publisher" and "publisher" in reported:
            continue
        if section == "Publisher":
            mark = connector.origin.mark()
            where = Location(connector.origin.file, None, mark.line, mark.column)
            message = "the readme needs '## Publisher: ...': add publisher to the connector"
        else:
            where = Location(PROSE)
            message = (f"the readme needs a '## {section}' section: write it in {PROSE} (certification asks "
                       "every submission for it)")
        findings.append(Finding("readme-section", Severity.ERROR, message, where))
    return findings


def submission_zip(build: Build, folder: str) -> bytes:
    """The zip bytes: one folder, as the certified connectors repository names it, holding the submission files.

    The readme is the certification readme (publisher, prerequisites, credentials, operations, deployment),
    not the documentation page the build writes.
    """
    files = artifact_files(build)
    files[README] = render_submission_readme(build.connector).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in SUBMISSION:
            if name in files:
                info = zipfile.ZipInfo(f"{folder}/{name}", date_time=EPOCH)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[name])
    return buffer.getvalue()
