"""Lint a folder of many connectors on every core, with a progress bar on a terminal."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Iterator

from generator.build import SWAGGER
from generator.findings import Finding
from generator.importer.folder import is_connector_folder
from generator.lint.runner import INTERNAL_ERROR, LintSettings, lint_or_input_error
from generator.source.project import CONNECTOR_FILE, is_project


def connector_folders(root: Path) -> list[Path]:
    """The connector folders and YAML projects directly inside `root`, in name order."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (is_connector_folder(p) or is_project(p)))


def skipped_folders(root: Path) -> list[tuple[Path, str]]:
    """The folders inside `root` that --all leaves out, each with the reason (hidden folders aside)."""
    return [(p, f"neither {SWAGGER} nor {CONNECTOR_FILE} is in it") for p in sorted(root.iterdir())
            if p.is_dir() and not p.name.startswith(".") and not (is_connector_folder(p) or is_project(p))]


def lint_each(paths: list[Path], settings: LintSettings, jobs: int | None = None) -> Iterator[list[Finding]]:
    """The findings of every path, in the given order, linted in `jobs` processes (default: all cores)."""
    lint = partial(lint_or_input_error, settings=settings)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(paths) < 2:
        yield from map(lint, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(lint, paths, chunksize=1)


def lint_folder(root: Path, settings: LintSettings, jobs: int | None = None,
                progress: bool = False) -> list[Finding]:
    """Findings of every connector inside `root`."""
    paths = connector_folders(root)
    if not progress:
        return [finding for found in lint_each(paths, settings, jobs) for finding in found]
    from rich.progress import Progress

    findings: list[Finding] = []
    with Progress(transient=True) as bar:
        task = bar.add_task("linting connectors", total=len(paths))
        for found in lint_each(paths, settings, jobs):
            findings.extend(found)
            bar.advance(task)
    return findings


def totals(root: Path, findings: list[Finding]) -> str:
    """One line for the end of a run over `root`: how many connectors have errors, warnings, internal errors."""
    worst: dict[str, set[str]] = {path.name: set() for path in connector_folders(root)}
    for finding in findings:
        if finding.suppressed or finding.location.file is None:
            continue
        try:
            name = Path(finding.location.file).relative_to(root).parts[0]
        except (ValueError, IndexError):
            continue
        kinds = worst.setdefault(name, set())
        kinds.add(str(finding.severity))
        if finding.rule == INTERNAL_ERROR:
            kinds.add(INTERNAL_ERROR)
    count = {kind: sum(1 for kinds in worst.values() if kind in kinds) for kind in (INTERNAL_ERROR, "error")}
    warned = sum(1 for kinds in worst.values() if "warning" in kinds and "error" not in kinds)
    clean = sum(1 for kinds in worst.values() if not kinds & {"error", "warning"})
    return (f"{len(worst)} connectors: {count['error']} with errors, {warned} with warnings only, {clean} clean; "
            f"{count[INTERNAL_ERROR]} with internal errors")
