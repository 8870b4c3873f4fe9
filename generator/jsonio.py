"""One way to write JSON: indent 2, UTF-8, trailing newline; one way to read it with a location."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from generator.findings import Finding, Location, Severity

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number",
               type(None): "null"}


class InputError(Exception):
    """Input that cannot be read at all; carries a location for the reporter."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.message}"

    def to_finding(self, rule: str = "input") -> Finding:
        """This error as the one finding of an input that could not be read."""
        return Finding(rule, Severity.ERROR, self.message, Location(self.file, None, self.line, self.column))


def json_type(value: object) -> str:
    """The JSON Schema type name of a value read from JSON or YAML (object, array, string...)."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def dump_json(data: object, default: Callable[[object], object] | None = None) -> str:
    """`default` turns values JSON has no type for into ones it has (as json.dumps' own `default`)."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=default) + "\n"


def load_json_text(path: Path) -> tuple[object, str]:
    """The data of a JSON file and its text; a BOM is accepted, anything unreadable raises InputError."""
    # Imported here: the bounded reader raises this module's InputError.
    from generator.inputfile import read_input_text

    text = read_input_text(path)
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", str(path), exc.lineno, exc.colno) from None
