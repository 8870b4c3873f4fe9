"""Deliberate breaks: `[tool.connector.diff] acknowledged` in the new version's pyproject.toml.

An acknowledged finding stays in every report, marked with its reason, and no longer fails the run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Iterator

from generator.diff.registry import ACKNOWLEDGED, RULES, rule
from generator.findings import Finding, Location, Severity
from generator.jsonio import InputError

KEYS = ("rule", "location", "reason")
SECTION = "[tool.connector.diff] acknowledged"


@dataclass(frozen=True)
class Acknowledgement:
    rule: str
    # The finding's field path, as reports print it: operation/<id>/parameter/body/schema/Targets/type.
    location: str
    reason: str


def parse_acknowledged(entries: object, file: str) -> list[Acknowledgement]:
    """The acknowledged breaks of the configuration; a malformed entry is an input error."""
    if not isinstance(entries, list):
        raise InputError(f"{SECTION} must be a list of tables {{rule, location, reason}}", file)
    result = []
    for index, entry in enumerate(entries):
        where = f"{SECTION}[{index}]"
        if not isinstance(entry, dict):
            raise InputError(f"{where} must be a table with rule, location and reason", file)
        unknown = sorted(set(entry) - set(KEYS))
        if unknown:
            raise InputError(f"{where} has unknown key(s) {', '.join(unknown)} (known: {', '.join(KEYS)})", file)
        missing = [key for key in KEYS if not isinstance(entry.get(key), str) or not entry[key].strip()]
        if missing:
            raise InputError(f"{where} needs a non-empty {' and '.join(missing)}", file)
        check_rule_id(entry["rule"], where, file)
        result.append(Acknowledgement(entry["rule"], entry["location"].strip(), entry["reason"].strip()))
    return result


def check_rule_id(rule_id: str, where: str, file: str) -> None:
    if rule_id not in RULES:
        close = difflib.get_close_matches(rule_id, list(RULES), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InputError(f"{where}: {rule_id!r} is no diff rule{hint}", file)


def parse_severities(table: object, file: str) -> dict[str, Severity]:
    """`[tool.connector.diff] severity`: a team's own severity for some rules, by rule id."""
    if not isinstance(table, dict):
        raise InputError("[tool.connector.diff] severity must be a table of rule id = error, warning or info", file)
    severities = {}
    for rule_id, value in table.items():
        where = f"[tool.connector.diff] severity.{rule_id}"
        check_rule_id(rule_id, where, file)
        try:
            severities[rule_id] = Severity.parse(str(value))
        except ValueError as exc:
            raise InputError(f"{where}: {exc}", file) from None
    return severities


def acknowledge(findings: list[Finding], acknowledgements: list[Acknowledgement], file: str,
                text: str | None = None) -> list[Finding]:
    """`findings` with the acknowledged ones marked, plus a warning for each acknowledgement nothing matched."""
    used: set[Acknowledgement] = set()
    marked = []
    for finding in findings:
        # A finding with one cause in several operations answers to the location of any of them.
        paths = finding.detail("paths") or (finding.detail("path"),)
        match = next((a for a in acknowledgements if a.rule == finding.rule and a.location in paths), None)
        if match is not None:
            used.add(match)
            finding = replace(finding, suppressed=match.reason)
        marked.append(finding)
    for stale in acknowledgement_unused(acknowledgements, used):
        marked.append(Finding("acknowledgement-unused", RULES["acknowledgement-unused"].severity,
                              f"{stale.location}: {stale.rule} is acknowledged but no longer found; remove the entry "
                              f"so a future break of the same kind is not hidden",
                              Location(file, None, *_line_of(text, stale.location)),
                              details=(("path", stale.location),)))
    return marked


@rule("acknowledgement-unused", Severity.WARNING, ACKNOWLEDGED)
def acknowledgement_unused(acknowledgements: list[Acknowledgement],
                           used: set[Acknowledgement]) -> Iterator[Acknowledgement]:
    """An acknowledged break no longer occurs.

    A stale entry would silently accept the next break of the same rule at the same place.

    Reported: `acknowledged` lists `operation-removed` at `operation/Contact_Search`, and both versions
    have `Contact_Search`.
    Not reported: the acknowledged operation is still removed in the new version.
    """
    return (a for a in acknowledgements if a not in used)


def _line_of(text: str | None, needle: str) -> tuple[int | None, int | None]:
    # tomllib keeps no positions; the entry's location string is what a reader would search for.
    for number, line in enumerate((text or "").splitlines(), start=1):
        column = line.find(needle)
        if column >= 0:
            return number, column + 1
    return None, None
