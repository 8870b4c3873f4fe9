"""Line and column of any value in a JSON text, by JSON pointer, for findings on plain JSON files."""

from __future__ import annotations

import bisect
import gc
import json.decoder
import json.scanner
import re

from generator.findings import Location, escape_pointer_token, split_pointer

_WS = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile("\n")
# The C scanner of the json module: skips one whole value at C speed.
_SCAN = json.scanner.make_scanner(json.decoder.JSONDecoder())


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
            except (ValueError, IndexError, StopIteration):
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
