"""The one finding type shared by build errors, validation, lint, diff and check."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


@dataclass(frozen=True)
class Location:
    """Where a finding points: a file, and inside it a JSON pointer and/or a line and column."""

    file: str | None = None
    pointer: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file or "<unknown>"]
        if self.line is not None:
            parts.append(str(self.line))
            parts.append(str(self.column or 1))
        text = ":".join(parts)
        if self.line is None and self.pointer:
            text += f"#{self.pointer}"
        return text


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    # Where a finding is about a second document (diff: the old side), its location there.
    related: Location | None = None
    # Cross-reference to Microsoft's validator rule code, when the rule mirrors one.
    ms_code: str | None = None
    # Free-form structured details (diff: old and new values, operation, field path).
    details: tuple[tuple[str, object], ...] = ()
    suppressed: str | None = None

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def detail(self, key: str, default: object = None) -> object:
        return dict(self.details).get(key, default)

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file or "", loc.line or 0, loc.column or 0, loc.pointer or "", self.rule)


def escape_pointer_token(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: object) -> str:
    """JSON pointer (RFC 6901) from raw tokens."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def split_pointer(text: str) -> list[str]:
    if not text:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in text.split("/")[1:]]


def resolve_pointer(document: object, json_pointer: str) -> object:
    """The value at `json_pointer` inside `document`, or None when there is none."""
    node = document
    for token in split_pointer(json_pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def has_errors(findings, strict: bool = False) -> bool:
    threshold = Severity.WARNING if strict else Severity.ERROR
    return any(f.severity >= threshold and not f.suppressed for f in findings)
