"""What a contract run found: one outcome per operation, trigger and throttle test, each with its failures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.findings import Finding, Location, Severity

SCHEMA, WEBHOOKS, THROTTLE = "schema", "webhooks", "throttle"


@dataclass(frozen=True)
class ContractFailure:
    """One broken promise: which operation, which check, the request that showed it, and the response."""

    suite: str
    operation: str
    check: str
    title: str
    message: str
    location: Location
    # The request as a curl command, when there is one to replay.
    request: str | None = None
    # The part of the response that broke the contract ("body at /accountId: "1001"").
    broke: str | None = None
    # Status line, the headers that matter and the start of the body.
    response: str | None = None

    @property
    def rule(self) -> str:
        return self.check.replace("_", "-")

    def to_finding(self) -> Finding:
        details = [("suite", self.suite), ("operation", self.operation), ("check", self.check)]
        details += [(k, v) for k, v in (("broke", self.broke), ("request", self.request),
                                        ("response", self.response)) if v]
        return Finding(self.rule, Severity.ERROR, f"{self.operation}: {self.title}: {self.message}", self.location,
                       details=tuple(details))


@dataclass
class Outcome:
    """One test of the report: an operation of the schema run, a trigger, or the throttle."""

    suite: str
    name: str
    failures: list[ContractFailure] = field(default_factory=list)
    skipped: str | None = None
    elapsed: float = 0.0

    @property
    def passed(self) -> bool:
        return self.skipped is None and not self.failures


@dataclass
class ContractReport:
    target: str
    outcomes: list[Outcome] = field(default_factory=list)
    # Lines for the summary: seed, calls made, exclusions applied, throttled calls...
    notes: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    # The schema run's figures (a schema_run.SchemaRun), when it ran.
    schema: Any = None
    # Wall seconds per part of the run (links, schema and its phases, webhooks, throttle), in the order they ran.
    timings: dict[str, Any] = field(default_factory=dict)

    @property
    def failures(self) -> list[ContractFailure]:
        return [f for o in self.outcomes for f in o.failures]

    @property
    def ok(self) -> bool:
        return not self.failures

    def suite(self, name: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.suite == name]

    def findings(self) -> list[Finding]:
        return [f.to_finding() for f in self.failures]
