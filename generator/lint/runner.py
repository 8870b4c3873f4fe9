"""Run the rules over a Build: select by profile and configuration, locate, silence, sort."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping

from generator.build import ICON, SWAGGER, Build
from generator.findings import Finding, Location, Severity
from generator.jsonio import InputError, dump_json
from generator.lint.context import LintContext
from generator.lint.registry import STRUCTURAL_FAMILIES, PROFILES, Rule, all_rules, selected
from generator.lint.suppression import apply_suppressions

INTERNAL_ERROR = "internal-error"
# A single swagger file has no apiProperties.json or icon beside it to check.
SWAGGER_ONLY_SKIPS = ("properties", "icon")


@dataclass(frozen=True)
class LintSettings:
    """Which rules run and at what severity: the merged [tool.connector.lint] section and flags."""

    profile: str = "certification"
    disable: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    # None: every family; validate passes the structural ones.
    families: tuple[str, ...] | None = None

    @classmethod
    def from_config(cls, section: Mapping, disable: Iterable[str] = (), severity: Iterable[str] = (),
                    profile: str | None = None, structural: bool = False) -> LintSettings:
        """Settings from the config section plus flags; unknown rule ids and levels raise ValueError."""
        rules = all_rules()
        chosen = profile or section.get("profile") or "certification"
        if chosen not in PROFILES:
            raise ValueError(f"unknown profile {chosen!r} (use {' or '.join(PROFILES)})")
        disabled = set(_rule_ids(section.get("disable") or [], rules, "lint.disable")) | set(
            _rule_ids(disable, rules, "--disable"))
        levels: dict[str, Severity] = {}
        configured = section.get("severity") or {}
        if not isinstance(configured, Mapping):
            raise ValueError("lint.severity must be a table of rule = level")
        pairs = list(configured.items())
        for text in severity:
            rule_id, sep, level = text.partition("=")
            if not sep:
                raise ValueError(f"--severity {text!r}: write RULE=LEVEL, e.g. summary-end=error")
            pairs.append((rule_id.strip(), level.strip()))
        for rule_id, level in pairs:
            _rule_ids([rule_id], rules, "severity")
            levels[rule_id] = Severity.parse(str(level))
        return cls(chosen, frozenset(disabled), levels, STRUCTURAL_FAMILIES if structural else None)


def _rule_ids(ids, rules: Mapping[str, Rule], where: str) -> list[str]:
    if isinstance(ids, str):
        ids = [ids]
    for rule_id in ids:
        if rule_id not in rules:
            close = difflib.get_close_matches(str(rule_id), list(rules), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"{where}: unknown rule {rule_id!r}{hint}")
    return list(ids)


def lint_build(build: Build, settings: LintSettings, root: Path | None = None, swagger_size: int | None = None,
               skip_families: tuple[str, ...] = ()) -> list[Finding]:
    """Every finding for `build`: its own (load, model) findings and those of the selected rules.

    `swagger_size` is the size of the file on disk; a rendered project's is that of the JSON it renders to.
    """
    rules = all_rules()
    replaced = {rid for r in rules.values() for rid in r.replaces}
    findings = [f for f in build.findings if f.rule not in replaced]
    if build.swagger is None:
        # The sources did not load; their findings say why, and there is no document to lint.
        return sorted(findings, key=Finding.sort_key)
    if swagger_size is None and build.kind == "project":
        swagger_size = len(dump_json(build.swagger).encode("utf-8"))
    rules_run = [rule for rule in selected(settings.profile, settings.families)
                 if rule.id not in settings.disable and rule.family not in skip_families]
    ctx = LintContext(build, root, swagger_size, frozenset(rule.id for rule in rules_run))
    for rule in rules_run:
        severity = settings.severity.get(rule.id, rule.severity)
        findings.extend(_run(rule, ctx, severity))
    return sorted(apply_suppressions(findings, root), key=Finding.sort_key)


def _run(rule: Rule, ctx: LintContext, severity: Severity) -> list[Finding]:
    try:
        hits = list(rule.check(ctx))
    except Exception as exc:  # one defective rule must not hide what the others found
        return [Finding(INTERNAL_ERROR, Severity.ERROR,
                        f"rule {rule.id} could not check this input ({type(exc).__name__}: {exc}); please report it",
                        ctx.build.locate(SWAGGER, ""))]
    findings = []
    for hit in hits:
        location = Location(ctx.icon_file) if hit.artifact == ICON else ctx.build.locate(hit.artifact, hit.pointer)
        code = hit.ms_code or (rule.ms_codes[0] if len(rule.ms_codes) == 1 else None)
        findings.append(Finding(rule.id, severity, hit.message, location, ms_code=code))
    return findings


def lint_path(path: Path, settings: LintSettings) -> list[Finding]:
    """Open `path` (a YAML project, a connector folder or a swagger file) and lint it.

    Raises InputError when the input cannot be read at all.
    """
    from generator.load import load_any

    build = load_any(path)
    if build.kind == "project":
        # Source file names are relative to the project; the user (and CI) read them from where they are.
        return [_under(path, f) for f in lint_build(build, settings, path)]
    if path.is_dir():
        return lint_build(build, settings, path, _size(path / SWAGGER))
    return lint_build(build, settings, path.parent, _size(path), SWAGGER_ONLY_SKIPS)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def lint_or_input_error(path: Path, settings: LintSettings) -> list[Finding]:
    """lint_path for one of many connectors: an unreadable input becomes its one finding, a defect of the
    linter its one internal-error finding, so that the others are still linted."""
    try:
        return lint_path(path, settings)
    except InputError as exc:
        return [exc.to_finding()]
    except Exception as exc:  # reported, and the other connectors are still linted
        return [Finding(INTERNAL_ERROR, Severity.ERROR, f"this connector could not be checked ({type(exc).__name__}: "
                        f"{exc}); please report it", Location(str(path)))]


def _under(path: Path, finding: Finding) -> Finding:
    """The finding with a file name relative to the project made relative to where `path` is."""
    file = finding.location.file
    if file is None or Path(file).is_absolute():
        return finding
    return replace(finding, location=replace(finding.location, file=str(path / file)))
