"""`connector diff OLD NEW` as a library call: open both sides, compare, apply acknowledged breaks."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from generator.build import Build
from generator.diff.acknowledge import acknowledge, parse_acknowledged, parse_severities
from generator.diff.context import Side
from generator.diff.engine import diff_sides
from generator.diff.sides import GIT, open_side
from generator.findings import Finding, Location, Severity
from generator.jsonio import InputError


@dataclass(frozen=True)
class DiffResult:
    old: Side
    new: Side
    findings: list[Finding]
    # False when a side did not load into the model: `findings` then holds its errors, nothing was compared.
    compared: bool = True


def compare(old_spec: str | None, new_spec: str, cwd: Path, new_build: Build | None = None) -> DiffResult:
    """Compare the connector `old_spec` names (by default the configured baseline) with `new_spec`
    (already rendered as `new_build`, when the caller has it)."""
    # The two documents live until the end of the comparison: kept out of the garbage collector's passes,
    # which would otherwise walk every value of a large swagger again and again (gc.freeze).
    try:
        return _compare(old_spec, new_spec, cwd, new_build)
    finally:
        gc.unfreeze()


def _compare(old_spec: str | None, new_spec: str, cwd: Path, new_build: Build | None) -> DiffResult:
    local_new = not new_spec.startswith(GIT) and Path(new_spec).is_dir()
    project = Path(new_spec) if local_new else cwd
    new = open_side(new_spec, project, read_config=True, build=new_build)
    gc.freeze()
    if old_spec is None:
        baseline = new.config["diff"]["baseline"]
        if not baseline:
            raise InputError("nothing to compare with: give OLD, or set [tool.connector.diff] baseline",
                             new.config_file)
        old_spec = baseline if baseline.startswith(GIT) or not local_new else str(Path(new_spec) / baseline)
    old = open_side(old_spec, project)
    gc.freeze()
    unloadable = [side for side in (old, new) if side.build.swagger is None]
    if unloadable:
        errors = [f for side in unloadable for f in side.build.findings if f.severity is Severity.ERROR]
        return DiffResult(old, new, errors or [
            Finding("input", Severity.ERROR, f"{side.label} does not describe a connector", Location(side.label))
            for side in unloadable], compared=False)
    settings = new.config["diff"]
    severities = parse_severities(settings["severity"], new.config_file)
    acknowledged = parse_acknowledged(settings["acknowledged"], new.config_file)
    findings = acknowledge(diff_sides(old, new), acknowledged, new.config_file, new.config_text)
    findings = [f.with_severity(severities[f.rule]) if f.rule in severities else f for f in findings]
    return DiffResult(old, new, findings)
