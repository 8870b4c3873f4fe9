"""The readme of the certification submission, in the sections the certification template asks for.

The publisher, the supported operations and the deployment instructions come from the sources; the
prerequisites and how to obtain credentials only the author can write, in connector/readme.md. The other
sections of that file (getting started, known issues, FAQ...) follow them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2

from generator.docs.prose import Section, _normal, _trim, split_sections
from generator.docs.render import cell
from generator.model import Connector

PREREQUISITES = ("prerequisites", "pre requisites")
CREDENTIALS = ("obtaining credentials", "how to get credentials", "getting credentials", "get credentials")
# Sections of connector/readme.md the submission renders from the sources instead.
RENDERED = ("publisher", "supported operations", "supported actions", "supported triggers",
            "deployment instructions")


@dataclass(frozen=True)
class Submission:
    title: str
    description: str
    publisher: str | None
    prerequisites: str | None
    credentials: str | None
    intro: str
    actions: tuple[tuple[str, str], ...]
    triggers: tuple[tuple[str, str], ...]
    others: tuple[str, ...]

    @property
    def missing(self) -> list[str]:
        """The template's sections this submission cannot fill."""
        return [name for name, value in (("Publisher", self.publisher), ("Prerequisites", self.prerequisites),
                                         ("Obtaining Credentials", self.credentials)) if not value]


def submission(connector: Connector) -> Submission:
    intro, sections = split_sections(connector.readme_prose or "")
    if sections and sections[0].level == 1 and not intro.strip():
        intro, sections = sections[0].body, sections[1:]
    top = min((s.level for s in sections), default=2)
    blocks = _blocks(sections, top)
    found = {name: next((body for title, body in blocks if _normal(title).startswith(names)), None)
             for name, names in (("prerequisites", PREREQUISITES), ("credentials", CREDENTIALS))}
    others = tuple(f"## {title}\n\n{body}".rstrip() for title, body in blocks
                   if not _normal(title).startswith(PREREQUISITES + CREDENTIALS + RENDERED))

    def listed(operations):
        shown = [op for op in operations if op.visibility != "internal"]
        return tuple(sorted(((op.display_name, op.description or op.summary or "") for op in shown),
                            key=lambda pair: pair[0].casefold()))

    return Submission(connector.title, connector.description, connector.publisher, found["prerequisites"],
                      found["credentials"], _trim(intro), listed(connector.actions), listed(connector.triggers),
                      others)


def _blocks(sections: list[Section], top: int) -> list[tuple[str, str]]:
    """Each top-level section with everything under it, its sub-headings levelled under a level-2 heading."""
    blocks: list[tuple[str, list[str]]] = []
    for section in sections:
        if section.level == top or not blocks:
            blocks.append((section.title, [_trim(section.body)]))
        else:
            heading = "#" * min(section.level - top + 2, 6) + " " + section.title
            blocks[-1][1].append(f"{heading}\n\n{_trim(section.body)}".rstrip())
    return [(title, "\n\n".join(part for part in parts if part)) for title, parts in blocks]


def render_submission_readme(connector: Connector) -> str:
    env = jinja2.Environment(loader=jinja2.PackageLoader("generator.docs", "templates"),
                             undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = cell
    oauth = any(isinstance(p, dict) and p.get("type") == "oauthSetting"
                for p in (connector.connection_parameters or {}).values())
    text = env.get_template("submission.md.j2").render(
        page=submission(connector),
        script=lambda flag: flag if connector.script is not None else "",
        secret=lambda flag: flag if oauth else "")
    return re.sub(r"\n{3,}", "\n\n", text)
