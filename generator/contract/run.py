"""A contract run: the throttle, the schema (schemathesis) and the webhooks, against one target."""

from __future__ import annotations

import time
from dataclasses import dataclass

from generator.build import Build
from generator.contract.links import link_parameters
from generator.contract.results import SCHEMA, THROTTLE, WEBHOOKS, ContractReport
from generator.contract.schema_run import run_schema
from generator.contract.target import Target
from generator.contract.throttle import run_throttle
from generator.contract.webhooks import run_webhooks

SUITES = (THROTTLE, SCHEMA, WEBHOOKS)


@dataclass(frozen=True)
class ContractSettings:
    max_examples: int | None = None
    seed: int | None = None
    # Limit the schema run to these operationIds (all when empty).
    operation_ids: tuple[str, ...] = ()
    suites: tuple[str, ...] = SUITES


def contract_report(build: Build, target: Target, settings: ContractSettings = ContractSettings()) -> ContractReport:
    started = time.monotonic()
    report = ContractReport(target.label)
    # The throttle goes first: at a URL, the one connection's budget is untouched only before anything else.
    if THROTTLE in settings.suites:
        report.outcomes += run_throttle(build, target)
    fixed = link_parameters(build.swagger, target)
    report.notes.append("path values from the definition's links: " +
                        (", ".join(f"{k}={v}" for k, v in sorted(fixed.items())) or "none"))
    if SCHEMA in settings.suites:
        outcomes, notes = run_schema(build, target, fixed, settings.max_examples, settings.seed,
                                     settings.operation_ids)
        report.outcomes += outcomes
        report.notes += notes
    if WEBHOOKS in settings.suites:
        report.outcomes += run_webhooks(build, target, fixed)
    report.elapsed = time.monotonic() - started
    return report
