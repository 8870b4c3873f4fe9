"""One way to write JSON: indent 2, UTF-8, trailing newline; one way to read it with a location."""

from __future__ import annotations

import json
import re
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
    """The data of a JSON file and its text; a BOM is accepted, anything unreadable raises InputError.

    What JSON readers disagree on is read leniently, for lint to report from the text (jsonpos.scan):
    NaN and Infinity as floats, a repeated key as its last value, an integer too long for Python's
    int() as a float.
    """
    # Imported here: the bounded reader raises this module's InputError.
    from generator.inputfile import read_input_text

    text = read_input_text(path)
    _refuse_lone_surrogates(text, path)
    try:
        return json.loads(text, parse_int=_parse_int), text
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", str(path), *_error_position(text, exc.pos)) from None
    except RecursionError:
        line, column = _too_deep(text)
        raise InputError(f"JSON nested more than {MAX_DEPTH} levels deep; no connector needs that many",
                         str(path), line, column) from None


# Python's own parser gives up near its recursion limit; the message names the depth it reached.
MAX_DEPTH = 900
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')


def _parse_int(literal: str) -> int | float:
    # int() refuses more than sys.get_int_max_str_digits() digits (4300); such a number is read as a float.
    return int(literal) if len(literal) <= 4000 else float(literal)


def _too_deep(text: str) -> tuple[int, int]:
    """Line and column of the bracket that opens level MAX_DEPTH + 1."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                return line, match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        elif token in "]}":
            depth -= 1
    return 1, 1



def _error_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of a parse error; one found past the last character points just after that character,
    so that it names a line the file has (json's own position is the line after a final newline)."""
    offset = min(offset, len(text.rstrip()))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
# Every escape in order, so an escaped backslash before "u" (\\ud800) is no escape of a surrogate.
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def _refuse_lone_surrogates(text: str, path: Path) -> None:
    """A \\ud800 escape without its pair parses as text no UTF-8 output can hold; refuse it where it stands."""
    if not _SURROGATE.search(text):
        return
    pending = None
    for match in _ESCAPE.finditer(text):
        unit = int(match.group(1), 16) if match.group(1) else None
        is_high = unit is not None and 0xD800 <= unit <= 0xDBFF
        is_low = unit is not None and 0xDC00 <= unit <= 0xDFFF
        if pending is not None and not (is_low and match.start() == pending.end()):
            break
        if is_low and pending is None:
            pending = match
            break
        pending = match if is_high else None
    else:
        if pending is None:
            return
    line = text.count("\n", 0, pending.start()) + 1
    column = pending.start() - (text.rfind("\n", 0, pending.start()) + 1) + 1
    raise InputError(f"the text holds a lone surrogate ({pending.group()}), which UTF-8 cannot encode", str(path),
                     line, column)
