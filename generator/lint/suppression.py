"""Inline silencing: `# connector: disable=rule-id[,rule-id] reason` in a YAML source file.

The comment goes at the end of the finding's line, or alone on the line above it. A silenced finding
is kept (json and sarif list it as suppressed, with the reason) but no longer fails the run.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from generator.findings import Finding
from generator.inputfile import read_input_text
from generator.jsonio import InputError

DIRECTIVE = re.compile(r"#\s*connector:\s*disable=([A-Za-z0-9_,-]+)\s*(.*)$")
YAML_SUFFIXES = (".yaml", ".yml")


class SourceLines:
    """Lines of the YAML files findings point into, read once each."""

    def __init__(self, root: Path | None):
        self.root = root
        self._cache: dict[str, list[str]] = {}

    def line(self, file: str, number: int) -> str:
        if file not in self._cache:
            path = Path(file)
            if not path.is_absolute() and self.root is not None:
                path = self.root / path
            try:
                self._cache[file] = read_input_text(path).splitlines()
            except InputError:
                self._cache[file] = []
        lines = self._cache[file]
        return lines[number - 1] if 0 < number <= len(lines) else ""


def directive(text: str, own_line: bool) -> tuple[set[str], str] | None:
    """The rule ids and reason of a directive in `text`; on the line above, only a comment-only line counts."""
    if own_line and not text.lstrip().startswith("#"):
        return None
    match = DIRECTIVE.search(text)
    if match is None:
        return None
    return {r for r in match.group(1).split(",") if r}, match.group(2).strip()


def apply_suppressions(findings: list[Finding], root: Path | None) -> list[Finding]:
    lines = SourceLines(root)
    result = []
    for finding in findings:
        loc = finding.location
        if loc.file and loc.file.endswith(YAML_SUFFIXES) and loc.line:
            for number, own_line in ((loc.line, False), (loc.line - 1, True)):
                found = directive(lines.line(loc.file, number), own_line)
                if found and finding.rule in found[0]:
                    finding = replace(finding, suppressed=found[1] or "disabled inline")
                    break
        result.append(finding)
    return result
