"""The hand-written part of the page: connector/readme.md, cut into sections at its Markdown headings.

The page takes the title, publisher and operation lists from the model, so the readme's own title and
the sections that repeat them (or that only matter to the maintainer, such as deployment) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

# Headings (compared in lower case, punctuation ignored) whose sections the page does not repeat.
LEFT_OUT = ("publisher", "supported operations", "supported actions", "supported triggers",
            "deployment instructions")
# The page's own sections are level 2, so prose sections start there too.
TOP_LEVEL = 2


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    body: str


def _normal(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split())


def split_sections(text: str) -> tuple[str, list[Section]]:
    """The text before the first heading, and each heading with the text under it.

    Headings are found by a CommonMark parser, so a `#` line inside a fenced code block is not one,
    and underlined (setext) headings count. Only top-level headings split: not those in quotes or lists.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    tokens = MarkdownIt("commonmark").parse(text)
    found = [(tok.map[0], tok.map[1], int(tok.tag[1:]), tokens[i + 1].content.strip())
             for i, tok in enumerate(tokens) if tok.type == "heading_open" and tok.level == 0]
    intro = "\n".join(lines[:found[0][0]] if found else lines)
    sections = []
    for index, (_, end, level, title) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else len(lines)
        sections.append(Section(level, title, "\n".join(lines[end:stop])))
    return intro, sections


def page_prose(text: str | None) -> str:
    """The readme's Markdown as it goes into the page, with headings re-levelled under the page's."""
    if not text:
        return ""
    intro, sections = split_sections(text)
    if sections and sections[0].level == 1 and not intro.strip():
        # The readme's own title: the page has one already; the text under it is the introduction.
        intro, sections = sections[0].body, sections[1:]
    kept: list[Section] = []
    skipping_below = None
    for section in sections:
        if skipping_below is not None and section.level > skipping_below:
            continue
        skipping_below = None
        if _normal(section.title).startswith(LEFT_OUT):
            skipping_below = section.level
            continue
        kept.append(section)
    shift = TOP_LEVEL - min((s.level for s in kept), default=TOP_LEVEL)
    parts = [_trim(intro)] if intro.strip() else []
    for section in kept:
        heading = "#" * min(section.level + shift, 6) + " " + section.title
        body = _trim(section.body)
        parts.append(f"{heading}\n\n{body}" if body else heading)
    return "\n\n".join(parts)


def _trim(block: str) -> str:
    """`block` without its leading and trailing blank lines (indentation of the first line is kept)."""
    lines = block.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)
