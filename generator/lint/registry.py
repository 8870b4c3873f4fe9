"""The rule registry: every lint rule is a small function registered here with a stable id.

A rule takes a LintContext and yields Hits (a pointer into an artifact and a message); the runner
turns hits into Findings with the rule's severity, the source location and the Microsoft code.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, NamedTuple

from generator.findings import Severity

PROFILES = ("platform", "certification")
# `connector validate` runs the platform rules of these families: the document's structure only.
STRUCTURAL_FAMILIES = ("swagger", "jsontext", "extensions", "properties")


class Hit(NamedTuple):
    """What a rule reports: where (artifact + JSON pointer) and what, and which Microsoft code if several."""

    pointer: str
    message: str
    artifact: str = "apiDefinition.swagger.json"
    ms_code: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    profile: str
    family: str
    check: Callable[..., Iterable[Hit]]
    ms_codes: tuple[str, ...] = ()
    # Ids of findings produced before lint (by build or load) that this rule reports instead.
    replaces: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    def examples(self) -> dict[str, str]:
        """The 'Passes:' and 'Fails:' blocks of the docstring, dedented."""
        blocks: dict[str, list[str]] = {}
        current = None
        for line in self.doc.splitlines():
            if line.strip() in ("Passes:", "Fails:"):
                current = line.strip()[:-1].lower()
                blocks[current] = []
            elif current is not None:
                blocks[current].append(line)
        return {name: textwrap.dedent("\n".join(lines)).strip("\n") for name, lines in blocks.items()}

    @property
    def requirement(self) -> str | None:
        """The 'Requirement:' paragraph of the docstring: the Microsoft (or standard's) requirement an error
        enforces. A rule without one recommends, and is a warning."""
        paragraphs = self.doc.split("\n\n")
        found = next((p for p in paragraphs if p.startswith("Requirement:")), None)
        return " ".join(found[len("Requirement:"):].split()) if found else None

    @property
    def explanation(self) -> str:
        """The docstring without its examples."""
        lines = []
        for line in self.doc.splitlines():
            if line.strip() in ("Passes:", "Fails:"):
                break
            lines.append(line)
        paragraphs = "\n".join(lines).strip().split("\n\n")
        return "\n\n".join(p for p in paragraphs if not p.startswith("Requirement:"))


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, summary: str, profile: str = "platform",
         ms_code: str | tuple[str, ...] | None = None, replaces: tuple[str, ...] = ()):
    """Register a rule. Ids are public: never rename one."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    codes = (ms_code,) if isinstance(ms_code, str) else tuple(ms_code or ())

    def register(func: Callable[..., Iterator[Hit]]):
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id!r} registered twice")
        family = func.__module__.rsplit(".", 1)[-1]
        RULES[rule_id] = Rule(rule_id, severity, summary, profile, family, func, codes, replaces)
        return func

    return register


def all_rules() -> dict[str, Rule]:
    """Every registered rule (importing the rule modules registers them)."""
    import generator.lint.rules  # noqa: F401  (registers on import)

    return RULES


def selected(profile: str, families: tuple[str, ...] | None = None) -> list[Rule]:
    """The rules a profile runs: platform rules always, certification rules only in that profile."""
    levels = PROFILES[: PROFILES.index(profile) + 1]
    return [r for r in all_rules().values()
            if r.profile in levels and (families is None or r.family in families)]
