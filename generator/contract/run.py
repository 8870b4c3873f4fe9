"""A contract run: the throttle, the schema (schemathesis) and the webhooks, against one target."""

from __future__ import annotations

import time
from dataclasses import dataclass

from generator.build import Build
from generator.contract.hooks import hooks_for
from generator.contract.links import link_parameters
from generator.contract.results import SCHEMA, THROTTLE, WEBHOOKS, ContractReport
from generator.contract.schema_run import PHASES, run_schema
from generator.contract.target import Target
from generator.contract.throttle import run_throttle
from generator.contract.webhooks import DELIVERY_TIMEOUT, run_webhooks

SUITES = (THROTTLE, SCHEMA, WEBHOOKS)


@dataclass(frozen=True)
class ContractSettings:
    max_examples: int | None = None
    seed: int | None = None
    # Limit the schema run to these operationIds (all when empty).
    operation_ids: tuple[str, ...] = ()
    suites: tuple[str, ...] = SUITES
    # Schemathesis phases of the schema run.
    phases: tuple[str, ...] = PHASES
    # Seconds to wait for each webhook delivery.
    delivery_timeout: float = DELIVERY_TIMEOUT


def contract_report(build: Build, target: Target, settings: ContractSettings = ContractSettings()) -> ContractReport:
    started = time.monotonic()
    report = ContractReport(target.label)
    # At a URL the throttle goes first, while the one connection's budget is untouched; in-process it goes
    # last, on a connection of its own, and so shows the throttle still on after everything else.
    throttle_first = not target.in_process
    timings = report.timings
    if THROTTLE in settings.suites and throttle_first:
        report.outcomes += _timed(timings, "throttle", run_throttle, build, target)
    hooks = hooks_for(target.pack)
    fixed = _timed(timings, "links", link_parameters, build.swagger, target)
    report.notes.append("path values from the definition's links: " +
                        (", ".join(f"{k}={v}" for k, v in sorted(fixed.items())) or "none"))
    if SCHEMA in settings.suites:
        report.schema = _timed(timings, "schema", run_schema, build, target, fixed, settings.max_examples,
                               settings.seed, settings.operation_ids, settings.phases, hooks)
        report.outcomes += report.schema.outcomes
        report.notes += report.schema.notes()
    if WEBHOOKS in settings.suites:
        report.outcomes += _timed(timings, "webhooks", run_webhooks, build, target, fixed, settings.delivery_timeout,
                                  hooks)
    if THROTTLE in settings.suites and not throttle_first:
        report.outcomes += _timed(timings, "throttle", run_throttle, build, target)
    report.elapsed = time.monotonic() - started
    if report.schema is not None:
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.schema.phase_seconds.items())
        timings["schema"] = f"{timings['schema']:.1f} s ({phases})" if phases else timings["schema"]
    report.notes.append("time: " + ", ".join(f"{part} {value:.1f} s" if isinstance(value, float) else f"{part} {value}"
                                             for part, value in timings.items()) + f"; total {report.elapsed:.1f} s")
    return report


def _timed(timings: dict, part: str, function, *args):
    started = time.monotonic()
    try:
        return function(*args)
    finally:
        timings[part] = timings.get(part, 0.0) + time.monotonic() - started
