"""The change report a maintainer pastes into the certification pull request (`--format markdown`)."""

from __future__ import annotations

from generator.diff.compare import DiffResult
from generator.findings import Finding, Severity

ADDED, REMOVED = "operation-added", "operation-removed"


def _escape(text: str) -> str:
    # GitHub would read `<word` as the start of an HTML tag and drop it.
    return text.replace("<", "&lt;")


def _bullet(finding: Finding, where: bool = True) -> str:
    path = str(finding.detail("path", ""))
    message = finding.message[len(path) + 2:] if finding.message.startswith(f"{path}: ") else finding.message
    line = f"- `{finding.rule}` `{path}`: {_escape(message)}"
    if where:
        line += f" ({_escape(str(finding.location))})"
    if finding.suppressed:
        line += f" **Acknowledged:** {_escape(finding.suppressed)}"
    return line


def _operations(finding: Finding) -> tuple[str, ...]:
    """The operations a finding is about: one, several when one change reaches them all, or none."""
    if finding.detail("operations"):
        return tuple(finding.detail("operations"))
    return (str(finding.detail("operation")),) if finding.detail("operation") is not None else ()


def _order(finding: Finding) -> tuple:
    return (-finding.severity, str(finding.detail("path", "")), finding.rule)


def render_markdown(result: DiffResult) -> str:
    findings = sorted(result.findings, key=_order)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    infos = [f for f in findings if f.severity is Severity.INFO]
    open_errors = [f for f in errors if not f.suppressed]
    added = [f for f in findings if f.rule == ADDED]
    removed = [f for f in findings if f.rule == REMOVED]
    by_operation: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule not in (ADDED, REMOVED):
            for operation in _operations(f):
                by_operation.setdefault(operation, []).append(f)
    connector_wide = [f for f in findings if not _operations(f)]

    if open_errors:
        verdict = f"**{len(open_errors)} breaking change(s): existing flows would break.**"
    else:
        verdict = "**No unacknowledged breaking change.**"
    acknowledged = len(errors) - len(open_errors)
    lines = [
        f"# Connector changes: `{result.old.label}` to `{result.new.label}`",
        "",
        verdict,
        "",
        "| Breaking | Acknowledged | Warnings | Info | Operations added | changed | removed |",
        "|---|---|---|---|---|---|---|",
        f"| {len(open_errors)} | {acknowledged} | {len(warnings)} | {len(infos)} | {len(added)} | "
        f"{len(by_operation)} | {len(removed)} |",
        "",
        "## Breaking changes",
        "",
    ]
    lines += [_bullet(f) for f in errors] or ["None."]
    lines += ["", "## Warnings", ""]
    lines += [_bullet(f) for f in warnings] or ["None."]
    lines += ["", "## Operations", "", "### Added", ""]
    lines += [f"- `{f.detail('operation')}`: {_escape(str(f.detail('new')))}" for f in added] or ["None."]
    lines += ["", "### Changed", ""]
    if not by_operation:
        lines.append("None.")
    for operation, changes in sorted(by_operation.items()):
        notable = [f for f in changes if f.severity > Severity.INFO]
        minor = [f for f in changes if f.severity is Severity.INFO]
        lines.append(f"#### `{operation}`")
        lines.append("")
        lines += [_bullet(f) for f in notable]
        if minor:
            lines += ["<details><summary>" + f"{len(minor)} change(s) that break nothing" + "</summary>", ""]
            lines += [_bullet(f, where=False) for f in minor]
            lines += ["", "</details>"]
        lines.append("")
    lines += ["### Removed", ""]
    lines += [_bullet(f) for f in removed] or ["None."]
    if connector_wide:
        lines += ["", "## Connector", ""]
        lines += [_bullet(f) for f in connector_wide]
    return "\n".join(lines).rstrip("\n") + "\n"
