"""Lay the page out with Jinja2 templates (Markdown text; everything else in the project is data)."""

from __future__ import annotations

import re

import jinja2

from generator.docs.page import build_page
from generator.model import Connector


def cell(value: object) -> str:
    """Text fit for one Markdown table cell or heading: one line, `|` escaped."""
    return re.sub(r"\s*\n\s*", " ", str(value)).strip().replace("|", "\\|")


def yes(value: bool) -> str:
    return "True" if value else ""


def render_docs(connector: Connector) -> str:
    """The connector's documentation page, in the layout of the published connector reference."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("generator.docs", "templates"),
                             undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = cell
    env.filters["yes"] = yes
    return env.get_template("page.md.j2").render(page=build_page(connector))
