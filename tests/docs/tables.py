"""Read the tables back out of a rendered page, and out of a published reference page (a text copy).

Both give {(part, item, table): [row, ...]} where a row maps each column header to its cell, so tests
compare rows the way a reader would, not lines of text. What an action returns when it is a single
type ("Body: ContactResponse") is read the same way, as {(part, item): "Body: ContactResponse"}.
"""

from __future__ import annotations

import re
from typing import Iterable

PARTS = ("Actions", "Triggers", "Definitions")
CELL_SPLIT = re.compile(r"(?<!\\)\|")
SUMMARY_HEADER = "| Name | Description |"


def cells(line: str) -> list[str]:
    return [c.strip().replace("\\|", "|") for c in CELL_SPLIT.split(line.strip())[1:-1]]


def _tables(tagged: Iterable[tuple[tuple, str]]) -> dict[tuple, list[dict[str, str]]]:
    """Group consecutive table lines, each tagged with where it sits, into header-keyed rows."""
    found: dict[tuple, list[dict[str, str]]] = {}
    header = None
    for place, line in tagged:
        if not line.startswith("|"):
            header = None
            continue
        row = cells(line)
        if header is None:
            header = row
            found.setdefault(place, [])
        elif not all(c and set(c) <= {"-", ":"} for c in row):
            found[place].append(dict(zip(header, row + [""] * (len(header) - len(row)))))
    return found


def _page_lines(text: str) -> list[tuple[tuple, str]]:
    place = ["", "", ""]
    tagged = []
    for line in text.split("\n"):
        heading = re.match(r"(#{2,4}) (.*)", line)
        if heading:
            depth = len(heading.group(1)) - 2
            place[depth:] = [heading.group(2)] + [""] * (2 - depth)
        tagged.append((tuple(place), line))
    return tagged


def page_tables(text: str) -> dict[tuple, list[dict[str, str]]]:
    """Tables of a rendered page, keyed by (## part, ### item, #### table) headings."""
    return _tables(_page_lines(text))


def page_returns(text: str) -> dict[tuple, str]:
    """The "Body: X" line of each operation that returns a single type."""
    return {place[:2]: line for place, line in _page_lines(text)
            if place[2] == "Returns" and re.match(r"(Body|Items): ", line)}


def _seed_lines(text: str) -> list[tuple[tuple, str]]:
    """The text copy has no heading marks: after "Throttling Limits", a line naming a part, an item of
    that part's summary table, "Parameters" or "Returns" is a heading. Summary tables have no header."""
    lines = [line.strip() for line in text.split("\n")]
    start = lines.index("Throttling Limits")
    place = ["", "", ""]
    items: set[str] = set()
    tagged = []
    for index, line in enumerate(lines[start:], start):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line in PARTS:
            place = [line, "", ""]
            items = set()
            tagged.append((tuple(place), line))
            if following.startswith("|") and line != "Definitions":
                tagged.append((tuple(place), SUMMARY_HEADER))
            continue
        if line.startswith("|") and place[0] in PARTS and not place[1]:
            items.update(cells(line)[:1])
        elif line in ("Parameters", "Returns") and place[1]:
            place[2] = line
        elif line in items or (place[0] == "Definitions" and line and not line.startswith("|")
                               and following.startswith("|")):
            place[1:] = [line, ""]
        tagged.append((tuple(place), line))
    return tagged


def seed_tables(text: str) -> dict[tuple, list[dict[str, str]]]:
    return _tables(_seed_lines(text))


def seed_returns(text: str) -> dict[tuple, str]:
    """The text copy lists a single returned type as two bullets, "- Body" and "- ContactResponse"."""
    bullets: dict[tuple, list[str]] = {}
    for place, line in _seed_lines(text):
        if place[2] == "Returns" and line.startswith("- "):
            bullets.setdefault(place[:2], []).append(line[2:])
    return {place: ": ".join(parts) for place, parts in bullets.items()}
