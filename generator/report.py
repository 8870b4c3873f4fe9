"""Output formats for findings, and the exit-code policy. One reporter for build, lint, diff and check."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import quote
from typing import Callable, Iterable, Mapping

from generator import __version__
from generator.findings import Finding, Severity, has_errors
from generator.jsonio import dump_json
from generator.redact import redact_url

FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def exit_code(findings: Iterable[Finding], strict: bool = False) -> int:
    """0 when clean, 1 when an error (or, with strict, a warning) remains unsuppressed, 2 when the tool
    itself failed on some input (an internal-error finding): the result is then incomplete."""
    findings = list(findings)
    if any(f.rule == "internal-error" and not f.suppressed for f in findings):
        return 2
    return 1 if has_errors(findings, strict) else 0


def render_findings(findings: list[Finding], fmt: str, rules: Mapping[str, str] | None = None) -> str:
    # Messages quote what they are about, which can be a URL with a password in it.
    return redact_url(FORMATTERS[fmt](sorted(findings, key=Finding.sort_key), rules or {}))


def _where(finding: Finding) -> str:
    return str(finding.location)


def _from_cwd(file: str) -> str:
    """A file name as CI sees it: relative to the current directory (the repository root), with forward
    slashes; a file outside the current directory keeps its absolute name."""
    path = Path(os.path.normpath(os.path.abspath(file)))
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def format_text(findings: list[Finding], rules) -> str:
    lines = []
    for f in findings:
        tag = f" [{f.ms_code}]" if f.ms_code else ""
        note = f" (suppressed: {f.suppressed})" if f.suppressed else ""
        lines.append(f"{_where(f)}: {f.severity} {f.rule} {f.message}{tag}{note}")
    counts = {s: sum(1 for f in findings if f.severity is s and not f.suppressed) for s in Severity}
    lines.append(f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
                 f"{counts[Severity.INFO]} info")
    return "\n".join(lines) + "\n"


def finding_to_dict(f: Finding) -> dict:
    data = {
        "rule": f.rule,
        "severity": str(f.severity),
        "message": f.message,
        "pointer": f.location.pointer,
        "file": f.location.file,
        "line": f.location.line,
        "column": f.location.column,
    }
    if f.ms_code:
        data["msCode"] = f.ms_code
    if f.related is not None:
        data["related"] = {"file": f.related.file, "pointer": f.related.pointer,
                           "line": f.related.line, "column": f.related.column}
    if f.details:
        data["details"] = {k: v for k, v in f.details}
    if f.suppressed:
        data["suppressed"] = f.suppressed
    return data


def format_json(findings: list[Finding], rules) -> str:
    return dump_json([finding_to_dict(f) for f in findings], default=str)


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(findings: list[Finding], rules) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for f in findings:
        if f.suppressed:
            continue
        props = []
        if f.location.file:
            props.append(f"file={_github_escape(_from_cwd(f.location.file), True)}")
        if f.location.line is not None:
            props.append(f"line={f.location.line}")
            props.append(f"col={f.location.column or 1}")
        props.append(f"title={_github_escape(f.rule, True)}")
        where = f" ({f.location.pointer})" if f.location.pointer and f.location.line is None else ""
        lines.append(f"::{level[f.severity]} {','.join(props)}::{_github_escape(f.message + where)}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_sarif(findings: list[Finding], rules) -> str:
    from generator.rulehelp import REPOSITORY, rule_help

    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    rule_ids = sorted({f.rule for f in findings} | set(rules))
    index = {rule: i for i, rule in enumerate(rule_ids)}
    contract = {f.rule for f in findings if f.detail("suite") is not None}
    seen: dict[str, int] = {}
    results = []
    for f in findings:
        physical: dict = {"artifactLocation": {"uri": _sarif_uri(f.location.file)},
                          # A finding about a whole file (an icon, a file that cannot be read) points at its start.
                          "region": {"startLine": f.location.line or 1, "startColumn": f.location.column or 1}}
        result = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": level[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {FINGERPRINT: _fingerprint(f, seen)},
        }
        if f.location.pointer is not None:
            result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": f.location.pointer,
                                                           "kind": "member"}]
        props = {}
        if f.ms_code:
            props["msCode"] = f.ms_code
        if f.detail("operations"):
            # One cause reaching several operations (diff): which ones, so a reviewer sees the reach.
            props["operations"] = list(f.detail("operations"))
        if props:
            result["properties"] = props
        if f.suppressed:
            result["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
        results.append(result)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "connector",
                "version": __version__,
                "informationUri": REPOSITORY,
                "rules": [_sarif_rule(rule_help(r, r in contract)) for r in rule_ids],
            }},
            "results": results,
        }],
    }
    return dump_json(sarif)


def _sarif_uri(file: str | None) -> str:
    if not file:
        return ""
    name = _from_cwd(file)
    # A relative reference resolves against the repository root; a file outside it needs a file: URI.
    return Path(name).as_uri() if Path(name).is_absolute() else quote(name)


# Code scanning matches alerts across runs by this fingerprint: the problem, not the line it is on, so an
# edit above a finding keeps its alert, and two problems on one line stay two alerts.
FINGERPRINT = "connectorFinding/v1"


def _fingerprint(finding: Finding, seen: dict[str, int]) -> str:
    key = "\0".join((finding.rule, finding.location.file or "", finding.location.pointer or "", finding.message))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def _sarif_rule(help) -> dict:
    """A rule descriptor with everything code scanning shows: descriptions, help text and a link."""
    return {
        "id": help.id,
        "shortDescription": {"text": help.summary},
        "fullDescription": {"text": help.description},
        "help": {"text": f"{help.description}\n\nDocumentation: {help.uri}",
                 "markdown": f"**{help.summary}**\n\n{help.description}\n\n[Documentation]({help.uri})"},
        "helpUri": help.uri,
    }


FORMATTERS: dict[str, Callable[[list[Finding], Mapping[str, str]], str]] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}
