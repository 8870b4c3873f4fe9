"""Lint a folder of many connectors on every core, with a progress bar on a terminal."""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterator

from generator.findings import Finding
from generator.importer.folder import is_connector_folder
from generator.lint.runner import LintSettings, lint_or_input_error
from generator.source.project import is_project


def connector_folders(root: Path) -> list[Path]:
    """The connector folders and YAML projects directly inside `root`, in name order."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (is_connector_folder(p) or is_project(p)))


def _lint_one(args: tuple[Path, LintSettings]) -> tuple[Path, list[Finding]]:
    path, settings = args
    return path, lint_or_input_error(path, settings)


def lint_each(paths: list[Path], settings: LintSettings, jobs: int | None = None,
              on_done: Callable[[Path], None] | None = None) -> Iterator[tuple[Path, list[Finding]]]:
    """(path, findings) for every path, in the given order, linted in `jobs` processes (default: all cores)."""
    jobs = jobs or os.cpu_count() or 1
    work = [(p, settings) for p in paths]
    if jobs == 1 or len(paths) < 2:
        results = map(_lint_one, work)
        for path, findings in results:
            if on_done:
                on_done(path)
            yield path, findings
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for path, findings in pool.map(_lint_one, work, chunksize=1):
            if on_done:
                on_done(path)
            yield path, findings


def lint_folder(root: Path, settings: LintSettings, jobs: int | None = None,
                progress: bool = False) -> list[Finding]:
    """Findings of every connector inside `root`."""
    paths = connector_folders(root)
    findings: list[Finding] = []
    if not progress:
        for _, found in lint_each(paths, settings, jobs):
            findings.extend(found)
        return findings
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("linting connectors", total=len(paths))
        for _, found in lint_each(paths, settings, jobs, on_done=lambda _: bar.advance(task)):
            findings.extend(found)
    return findings
