"""The certification submission: the artifacts Microsoft reviews, checked, in one zip file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.build import ICON, PROPERTIES, README, SCRIPT, SWAGGER, Build, artifact_files
from generator.findings import Finding

SUBMISSION = (SWAGGER, PROPERTIES, ICON, README, SCRIPT)
# Fixed timestamp so the same sources always give the same zip.
EPOCH = (1980, 1, 1, 0, 0, 0)


def submission_findings(build: Build, project: Path, lint_section: dict) -> list[Finding]:
    """What stops a submission: build errors and certification lint errors."""
    from generator.lint.runner import LintSettings, lint_build

    if not build.ok:
        return list(build.findings)
    settings = LintSettings.from_config(lint_section, profile="certification")
    return lint_build(build, settings, project)


def submission_zip(build: Build, folder: str) -> bytes:
    """The zip bytes: one folder named after the connector holding the submission files."""
    files = artifact_files(build)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in SUBMISSION:
            if name in files:
                info = zipfile.ZipInfo(f"{folder}/{name}", date_time=EPOCH)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[name])
    return buffer.getvalue()
