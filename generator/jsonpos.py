"""Line and column of any value in a JSON text, by JSON pointer, for findings on plain JSON files;
and what the text says that the parsed data no longer shows (duplicate keys, non-standard numbers)."""

from __future__ import annotations

import bisect
import gc
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, field

from generator.findings import Location, escape_pointer_token, split_pointer

_WS = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile("\n")
# The C scanner of the json module: skips one whole value at C speed (numbers left as text, so that
# an integer too long for int() is skipped too).
_SCAN = json.scanner.make_scanner(json.decoder.JSONDecoder(parse_int=str, parse_float=str))


class JsonLocator:
    """Maps JSON pointers of one JSON file to Locations with line and column.

    Only the containers on the way to a located value are read, each once, and a sibling value is
    skipped by the json module's C scanner: locating a few findings in a 20 MB swagger reads a small
    part of it and keeps no table of every value.
    """

    def __init__(self, file: str, text: str | None):
        self.file = file
        self._text = text
        # Per container pointer: each child's token -> (offset of its key, or None in an array; offset of its value).
        self._children: dict[str, dict[str, tuple[int | None, int]]] = {}
        self._line_starts: list[int] | None = None
        self._issues: list[TextIssue] | None = None

    @property
    def issues(self) -> list[TextIssue]:
        """What the text says that its parsed data no longer shows (read in full, on first use)."""
        if self._issues is None:
            try:
                self._issues = scan(self._text).issues if self._text is not None else []
            except (ValueError, IndexError, AttributeError):
                self._issues = []
        return self._issues

    def locate(self, json_pointer: str) -> Location:
        if self._text is None:
            return Location(self.file, json_pointer)
        offset = self._offset(split_pointer(json_pointer))
        if offset is None:
            return Location(self.file, json_pointer)
        line, column = self._position(offset)
        return Location(self.file, json_pointer, line, column)

    def _offset(self, tokens: list[str]) -> int | None:
        """Where the value at `tokens` starts (its key, for an object member), else its nearest ancestor."""
        start = 1 if self._text.startswith("\ufeff") else 0
        position = _WS.match(self._text, start).end()
        if position >= len(self._text):
            return None
        ptr = ""
        for depth, token in enumerate(tokens):
            child = self._members(ptr, position).get(token)
            if child is None:
                return position
            key, position = child
            ptr = f"{ptr}/{escape_pointer_token(token)}"
            if depth == len(tokens) - 1 and key is not None:
                return key
        return position

    def _members(self, ptr: str, position: int) -> dict[str, tuple[int | None, int]]:
        members = self._children.get(ptr)
        if members is None:
            # Skipping a value builds it and drops it at once: nothing for the garbage collector to find,
            # but with a large document alive each of its passes would walk all of that document.
            collecting = gc.isenabled()
            gc.disable()
            try:
                members = _read_members(self._text, position)
            except (ValueError, IndexError, StopIteration, RecursionError):
                members = {}
            finally:
                if collecting:
                    gc.enable()
            self._children[ptr] = members
        return members

    def _position(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [match.end() for match in _NEWLINE.finditer(self._text)]
        index = bisect.bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[index] + 1
        if index == 0 and self._text.startswith("\ufeff"):
            column -= 1
        return index + 1, column


def _read_members(text: str, pos: int) -> dict[str, tuple[int | None, int]]:
    """The members of the object or array starting at `pos`: key offset (None in an array) and value offset.

    A repeated key keeps its first value, as the pointer's first match, and its last key position."""
    members: dict[str, tuple[int | None, int]] = {}
    char = text[pos]
    if char == "{":
        pos = _WS.match(text, pos + 1).end()
        if text[pos] == "}":
            return members
        while True:
            key_pos = pos
            key, pos = json.decoder.scanstring(text, pos + 1)
            pos = _WS.match(text, pos).end() + 1  # the colon
            value_pos = _WS.match(text, pos).end()
            members[key] = (key_pos, members[key][1] if key in members else value_pos)
            pos = _WS.match(text, _SCAN(text, value_pos)[1]).end()
            if text[pos] == "}":
                return members
            pos = _WS.match(text, pos + 1).end()
    if char == "[":
        pos = _WS.match(text, pos + 1).end()
        if text[pos] == "]":
            return members
        index = 0
        while True:
            members[str(index)] = (None, pos)
            pos = _WS.match(text, _SCAN(text, pos)[1]).end()
            if text[pos] == "]":
                return members
            pos = _WS.match(text, pos + 1).end()
            index += 1
    return members


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
