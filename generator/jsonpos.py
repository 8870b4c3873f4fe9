"""Line and column of every value in a JSON text, by JSON pointer, for findings on plain JSON files;
and what the text says that the parsed data no longer shows (duplicate keys, non-standard numbers)."""

from __future__ import annotations

import bisect
import json.decoder
import re
from dataclasses import dataclass, field

from generator.findings import Location, escape_pointer_token, pointer, split_pointer

_WS = re.compile(r"[ \t\n\r]*")
_LITERAL = re.compile(r"(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity)")
# Integers with more digits than this lie beyond any double (1.8e308): no JSON reader keeps them exactly.
MAX_INTEGER_DIGITS = 309


@dataclass(frozen=True)
class TextIssue:
    """Something in the JSON text that parsing hides: kind is duplicate-key, not-json or number-range."""

    kind: str
    pointer: str
    offset: int
    message: str


@dataclass
class JsonScan:
    offsets: dict[str, int] = field(default_factory=dict)
    issues: list[TextIssue] = field(default_factory=list)


def scan(text: str) -> JsonScan:
    """Offsets of the start of every value (and of every object key, as `pointer#key`) in `text`, by JSON
    pointer, and the issues of the text. Where a key repeats, the pointer is that of the last one, the
    one parsers keep.

    The text must have been parsed already; a BOM is skipped. The walk keeps its own stack, so a
    document nested deeper than Python's recursion limit is scanned too.
    """
    result = JsonScan()
    offsets = result.offsets
    pos = _WS.match(text, 1 if text.startswith("\ufeff") else 0).end()
    # One frame per open container: [is_object, pointer, next index, keys seen].
    stack: list[list] = []
    ptr = ""
    while True:
        offsets[ptr] = pos
        char = text[pos]
        if char in "{[":
            pos = _WS.match(text, pos + 1).end()
            if text[pos] in "}]":
                pos += 1
            elif char == "{":
                stack.append([True, ptr, 0, set()])
                ptr, pos = _key(text, pos, stack[-1], result)
                continue
            else:
                stack.append([False, ptr, 0, None])
                ptr = f"{ptr}/0"
                continue
        elif char == '"':
            pos = json.decoder.scanstring(text, pos + 1)[1]
        else:
            match = _LITERAL.match(text, pos)
            _check_literal(match.group(), ptr, pos, result)
            pos = match.end()
        # The value is complete: close the containers it completes, then step to the next sibling.
        while True:
            if not stack:
                return result
            pos = _WS.match(text, pos).end()
            frame = stack[-1]
            if text[pos] != ",":
                pos += 1
                stack.pop()
                continue
            pos = _WS.match(text, pos + 1).end()
            if frame[0]:
                ptr, pos = _key(text, pos, frame, result)
            else:
                frame[2] += 1
                ptr = f"{frame[1]}/{frame[2]}"
            break


def _key(text: str, pos: int, frame: list, result: JsonScan) -> tuple[str, int]:
    """Read the key at `pos` and its colon; the pointer of its value and the offset where the value starts."""
    key, end = json.decoder.scanstring(text, pos + 1)
    child = f"{frame[1]}/{escape_pointer_token(key)}"
    if key in frame[3]:
        result.issues.append(TextIssue("duplicate-key", child, pos, f"key {key!r} appears more than once in this "
                                       "object; only the last value is kept, the others are silently lost"))
    frame[3].add(key)
    result.offsets[child + "#key"] = pos
    colon = _WS.match(text, end).end()
    return child, _WS.match(text, colon + 1).end()


def _check_literal(literal: str, ptr: str, pos: int, result: JsonScan) -> None:
    if literal.lstrip("-") in ("NaN", "Infinity"):
        result.issues.append(TextIssue("not-json", ptr, pos, f"{literal} is not a JSON value: JSON readers such as "
                                       "the platform's refuse the file"))
        return
    digits = len(literal.lstrip("-"))
    if literal.lstrip("-").isdigit() and digits > MAX_INTEGER_DIGITS:
        result.issues.append(TextIssue("number-range", ptr, pos, f"an integer of {digits} digits is beyond any "
                                       "number JSON readers can hold"))


def value_offsets(text: str) -> dict[str, int]:
    """Offsets of every value and key in `text`, by JSON pointer (see `scan`)."""
    return scan(text).offsets


class JsonLocator:
    """Maps JSON pointers of one JSON file to Locations with line and column (computed on first use)."""

    def __init__(self, file: str, text: str | None):
        self.file = file
        self._text = text
        self._scan: JsonScan | None = None
        self._line_starts: list[int] | None = None

    @property
    def issues(self) -> list[TextIssue]:
        """What the text says that its parsed data no longer shows; empty when there is no text."""
        return self._scanned().issues if self._text is not None else []

    def _scanned(self) -> JsonScan:
        if self._scan is None:
            try:
                self._scan = scan(self._text)
            except (ValueError, IndexError, AttributeError):
                self._scan = JsonScan()
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._scan

    def locate(self, json_pointer: str) -> Location:
        if self._text is None:
            return Location(self.file, json_pointer)
        offsets = self._scanned().offsets
        tokens = split_pointer(json_pointer)
        for cut in range(len(tokens), -1, -1):
            ptr = pointer(*tokens[:cut])
            offset = offsets.get(ptr + "#key" if cut == len(tokens) and cut else ptr, offsets.get(ptr))
            if offset is not None:
                line, column = self.position(offset)
                return Location(self.file, json_pointer, line, column)
        return Location(self.file, json_pointer)

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column (from 1) of a character offset in the text."""
        self._scanned()
        index = bisect.bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[index] + 1
        if index == 0 and self._text.startswith("\ufeff"):
            column -= 1
        return index + 1, column
