"""A contract report for people (text) and for CI (JUnit XML); JSON, SARIF and GitHub go through findings."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ElementTree

from generator.contract.results import ContractFailure, ContractReport, Outcome

INDENT = "     "


def render_text(report: ContractReport, title: str) -> str:
    lines = [f"Contract of {title} against {report.target}", ""]
    width = max((len(o.name) for o in report.outcomes), default=10)
    for outcome in report.outcomes:
        state = "passed" if outcome.passed else ("skipped" if outcome.skipped else "FAILED")
        extra = f"  ({outcome.skipped})" if outcome.skipped else ""
        lines.append(f"  {outcome.suite:<9} {outcome.name:<{width}}  {state:<7} {outcome.elapsed:5.1f} s{extra}")
    failures = report.failures
    if failures:
        lines += ["", "Failures", ""]
        for number, failure in enumerate(failures, 1):
            lines += _failure_lines(number, failure)
    if report.notes:
        lines += ["", "Notes"]
        lines += [textwrap.fill(note, 110, initial_indent="  - ", subsequent_indent="    ") for note in report.notes]
    passed = sum(1 for o in report.outcomes if o.passed)
    skipped = sum(1 for o in report.outcomes if o.skipped)
    failed = len(report.outcomes) - passed - skipped
    lines += ["", f"{passed} passed, {failed} failed ({len(failures)} failure(s)), {skipped} skipped "
                  f"in {report.elapsed:.1f} s"]
    return "\n".join(lines) + "\n"


def _failure_lines(number: int, failure: ContractFailure) -> list[str]:
    lines = [f"{number:>3}. {failure.operation}: {failure.check}: {failure.title}",
             f"{INDENT}defined at {failure.location}"]
    lines += [INDENT + line for line in failure.message.splitlines() if line.strip()]
    if failure.broke:
        lines.append(f"{INDENT}what broke: {failure.broke}")
    if failure.request:
        lines.append(f"{INDENT}request:")
        lines += [INDENT + "  " + line for line in failure.request.splitlines()]
    if failure.response:
        lines.append(f"{INDENT}response:")
        lines += [INDENT + "  " + line for line in failure.response.splitlines()]
    return lines + [""]


def render_junit(report: ContractReport) -> bytes:
    """JUnit XML: one test suite per part of the contract, one test case per operation, trigger or throttle."""
    root = ElementTree.Element("testsuites", name="connector contract", time=f"{report.elapsed:.3f}")
    for suite in dict.fromkeys(o.suite for o in report.outcomes):
        outcomes = report.suite(suite)
        element = ElementTree.SubElement(root, "testsuite", name=suite, tests=str(len(outcomes)),
                                         failures=str(sum(1 for o in outcomes if o.failures)),
                                         skipped=str(sum(1 for o in outcomes if o.skipped)),
                                         time=f"{sum(o.elapsed for o in outcomes):.3f}")
        for outcome in outcomes:
            _test_case(element, outcome)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _test_case(parent: ElementTree.Element, outcome: Outcome) -> None:
    case = ElementTree.SubElement(parent, "testcase", classname=f"contract.{outcome.suite}", name=outcome.name,
                                  time=f"{outcome.elapsed:.3f}")
    if outcome.skipped:
        ElementTree.SubElement(case, "skipped", message=outcome.skipped)
    for number, failure in enumerate(outcome.failures, 1):
        element = ElementTree.SubElement(case, "failure", type=failure.check,
                                         message=f"{failure.check}: {failure.title}")
        element.text = "\n".join(_failure_lines(number, failure))
