"""The registry of diff rules: each a small function with a stable id, a severity and a documented example."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from generator.findings import Severity

# What a rule is handed: the two connectors, a matched operation, one input or output field, or
# (after the comparison) the findings and the acknowledged breaks of the configuration.
CONNECTOR = "connector"
OPERATION = "operation"
INPUT = "input"
OUTPUT = "output"
ACKNOWLEDGED = "acknowledged"
SCOPES = (CONNECTOR, OPERATION, INPUT, OUTPUT, ACKNOWLEDGED)
# Every rule's docstring shows one change it reports and one it does not.
EXAMPLES = ("Reported", "Not reported")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    scopes: tuple[str, ...]
    check: Callable[..., Iterator]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.id

    def example(self, label: str) -> str | None:
        """The docstring's `Reported:` or `Not reported:` paragraph, joined into one line."""
        lines = self.doc.splitlines()
        for index, line in enumerate(lines):
            if line.startswith(f"{label}:"):
                paragraph = [line[len(label) + 1:].strip()]
                for more in lines[index + 1:]:
                    if not more.strip() or more.split(":")[0] in EXAMPLES:
                        break
                    paragraph.append(more.strip())
                return " ".join(paragraph)
        return None


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, scopes: str | Iterable[str]):
    """Register the decorated generator function as the diff rule `rule_id`."""
    scopes = (scopes,) if isinstance(scopes, str) else tuple(scopes)

    def register(check):
        if rule_id in RULES:
            raise ValueError(f"diff rule {rule_id!r} is registered twice")
        unknown = set(scopes) - set(SCOPES)
        if unknown:
            raise ValueError(f"diff rule {rule_id!r} has unknown scopes {sorted(unknown)}")
        RULES[rule_id] = Rule(rule_id, severity, scopes, check)
        return check

    return register


def rules_for(scope: str) -> list[Rule]:
    return [r for r in RULES.values() if scope in r.scopes]
