"""Line and column of every value in a JSON text, by JSON pointer, for findings on plain JSON files."""

from __future__ import annotations

import bisect
import json.decoder
import re

from generator.findings import Location, escape_pointer_token, pointer, split_pointer

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER_OR_LITERAL = re.compile(r"(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)")


def value_offsets(text: str) -> dict[str, int]:
    """Offsets of the start of every value (and of every object key) in `text`, by JSON pointer.

    The text must be valid JSON (it has been parsed already); a BOM is skipped.
    """
    offsets: dict[str, int] = {}
    start = 1 if text.startswith("\ufeff") else 0
    _value(text, _WS.match(text, start).end(), "", offsets)
    return offsets


def _value(text: str, pos: int, ptr: str, offsets: dict[str, int]) -> int:
    offsets.setdefault(ptr, pos)
    char = text[pos]
    if char == "{":
        pos = _WS.match(text, pos + 1).end()
        if text[pos] == "}":
            return pos + 1
        while True:
            key_pos = pos
            key, pos = json.decoder.scanstring(text, pos + 1)
            child = f"{ptr}/{escape_pointer_token(key)}"
            offsets[child + "#key"] = key_pos
            pos = _WS.match(text, pos).end() + 1  # the colon
            pos = _value(text, _WS.match(text, pos).end(), child, offsets)
            pos = _WS.match(text, pos).end()
            if text[pos] == "}":
                return pos + 1
            pos = _WS.match(text, pos + 1).end()
    if char == "[":
        pos = _WS.match(text, pos + 1).end()
        if text[pos] == "]":
            return pos + 1
        index = 0
        while True:
            pos = _value(text, pos, f"{ptr}/{index}", offsets)
            pos = _WS.match(text, pos).end()
            if text[pos] == "]":
                return pos + 1
            pos = _WS.match(text, pos + 1).end()
            index += 1
    if char == '"':
        return json.decoder.scanstring(text, pos + 1)[1]
    return _NUMBER_OR_LITERAL.match(text, pos).end()


class JsonLocator:
    """Maps JSON pointers of one JSON file to Locations with line and column (computed on first use)."""

    def __init__(self, file: str, text: str | None):
        self.file = file
        self._text = text
        self._offsets: dict[str, int] | None = None
        self._line_starts: list[int] | None = None

    def locate(self, json_pointer: str) -> Location:
        if self._text is None:
            return Location(self.file, json_pointer)
        if self._offsets is None:
            try:
                self._offsets = value_offsets(self._text)
            except (ValueError, IndexError):
                self._offsets = {}
            self._line_starts = [0] + [i + 1 for i, c in enumerate(self._text) if c == "\n"]
        tokens = split_pointer(json_pointer)
        for cut in range(len(tokens), -1, -1):
            ptr = pointer(*tokens[:cut])
            offset = self._offsets.get(ptr + "#key" if cut == len(tokens) and cut else ptr,
                                       self._offsets.get(ptr))
            if offset is not None:
                line, column = self._position(offset)
                return Location(self.file, json_pointer, line, column)
        return Location(self.file, json_pointer)

    def _position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[index] + 1
        if index == 0 and self._text.startswith("\ufeff"):
            column -= 1
        return index + 1, column
