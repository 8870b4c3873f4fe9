"""`connector check`: every stage CI needs, in order, with one summary.

build (and drift of committed artifacts) -> validate -> lint (certification) -> diff against the
baseline -> contract tests against the in-process mock. Each stage yields findings; a stage fails
when it has an unsuppressed error.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.findings import Finding, Severity, has_errors
from generator.jsonio import InputError

if TYPE_CHECKING:
    from generator.build import Build

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
NEEDS_BUILD = "needs a successful build"


@dataclass
class StageResult:
    name: str
    status: str
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    note: str = ""


@dataclass
class CheckContext:
    project: Path
    config: dict
    baseline: str | None
    build: Build | None = None
    validated: list[Finding] = field(default_factory=list)

    @property
    def built(self) -> bool:
        return self.build is not None and self.build.ok


Stage = Callable[[CheckContext], tuple[str, list[Finding], str]]


def latest_version_tag(project: Path) -> str | None:
    """The newest `v*` tag reachable from HEAD, or None (a first release, or not a git checkout)."""
    try:
        result = subprocess.run(["git", "describe", "--tags", "--abbrev=0", "--match", "v*"], cwd=project,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def _committed(project: Path, folder: Path) -> bool:
    """Whether the project keeps its build output in git (then it must match the sources)."""
    try:
        result = subprocess.run(["git", "ls-files", "--", str(folder)], cwd=project, capture_output=True, text=True,
                                timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and bool(result.stdout.strip())


def stage_build(ctx: CheckContext) -> tuple[str, list[Finding], str]:
    from generator.build import artifact_files, drift_findings, render_project

    ctx.build = render_project(ctx.project)
    findings = list(ctx.build.findings)
    if not ctx.build.ok:
        return FAILED, findings, "the sources do not build"
    out = ctx.project / ctx.config["out"]
    if _committed(ctx.project, out):
        files = artifact_files(ctx.build)
        findings.extend(drift_findings(files, out))
        note = f"committed artifacts in {ctx.config['out']} compared"
    else:
        note = "artifacts are not committed; nothing to compare"
    return _status(findings), findings, note


def _status(findings: list[Finding]) -> str:
    return FAILED if has_errors(findings) else PASSED


def _lint(ctx: CheckContext, structural: bool, reported: list[Finding]) -> list[Finding]:
    """The lint findings not among `reported`, which an earlier stage already listed."""
    from generator.lint.runner import LintSettings, lint_build

    try:
        settings = LintSettings.from_config(ctx.config["lint"], profile="certification", structural=structural)
    except ValueError as exc:
        raise InputError(str(exc), str(ctx.project / "pyproject.toml")) from None
    seen = {(f.rule, f.location, f.message) for f in reported}
    return [f for f in lint_build(ctx.build, settings, ctx.project) if (f.rule, f.location, f.message) not in seen]


def stage_validate(ctx: CheckContext) -> tuple[str, list[Finding], str]:
    if not ctx.built:
        return SKIPPED, [], NEEDS_BUILD
    ctx.validated = _lint(ctx, True, ctx.build.findings)
    return _status(ctx.validated), ctx.validated, "Swagger 2.0, x-ms-* and apiProperties"


def stage_lint(ctx: CheckContext) -> tuple[str, list[Finding], str]:
    if not ctx.built:
        return SKIPPED, [], NEEDS_BUILD
    findings = _lint(ctx, False, ctx.build.findings + ctx.validated)
    return _status(findings), findings, "certification profile"


def stage_diff(ctx: CheckContext) -> tuple[str, list[Finding], str]:
    from generator.diff.compare import compare

    baseline = ctx.baseline or ctx.config["diff"]["baseline"] or _tag_spec(ctx.project)
    if baseline is None:
        return SKIPPED, [], "no baseline: no v* tag yet (first release)"
    if not ctx.built:
        return SKIPPED, [], NEEDS_BUILD
    result = compare(baseline, str(ctx.project), ctx.project, new_build=ctx.build)
    status = FAILED if not result.compared or has_errors(result.findings) else PASSED
    return status, result.findings, f"against {baseline}"


def _tag_spec(project: Path) -> str | None:
    tag = latest_version_tag(project)
    return f"git:{tag}" if tag else None


def stage_contract(ctx: CheckContext) -> tuple[str, list[Finding], str]:
    from generator.contract import run_contract

    if not ctx.built:
        return SKIPPED, [], NEEDS_BUILD
    findings, note = run_contract(ctx.build, ctx.config, ctx.project)
    return _status(findings), findings, note


STAGES: tuple[tuple[str, Stage], ...] = (
    ("build", stage_build),
    ("validate", stage_validate),
    ("lint", stage_lint),
    ("diff", stage_diff),
    ("contract", stage_contract),
)


def run_check(project: Path, config: dict, baseline: str | None = None, skip: tuple[str, ...] = (),
              on_stage: Callable[[str], None] | None = None) -> list[StageResult]:
    """Run every stage; an unreadable input stops that stage only, never the whole check."""
    ctx = CheckContext(project, config, baseline)
    configured = config.get("check", {}).get("skip") or []
    if not isinstance(configured, list) or any(name not in dict(STAGES) for name in configured):
        raise InputError(f"[tool.connector.check] skip must list stages among {', '.join(dict(STAGES))}, "
                         f"not {configured!r}", str(project / "pyproject.toml"))
    results = []
    for name, stage in STAGES:
        if name in skip or name in configured:
            where = "--skip" if name in skip else "[tool.connector.check] skip"
            results.append(StageResult(name, SKIPPED, note=f"skipped by {where}"))
            continue
        if on_stage:
            on_stage(name)
        start = time.perf_counter()
        try:
            status, findings, note = stage(ctx)
        except InputError as exc:
            status, note = FAILED, "input could not be read"
            findings = [exc.to_finding()]
        results.append(StageResult(name, status, findings, time.perf_counter() - start, note))
    return results


def summary_table(results: list[StageResult]) -> str:
    rows = [("stage", "result", "findings", "seconds", "note")]
    for r in results:
        counted = [f for f in r.findings if not f.suppressed]
        errors = sum(1 for f in counted if f.severity is Severity.ERROR)
        warnings = sum(1 for f in counted if f.severity is Severity.WARNING)
        rows.append((r.name, r.status, f"{errors} error(s), {warnings} warning(s)", f"{r.seconds:.2f}", r.note))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
