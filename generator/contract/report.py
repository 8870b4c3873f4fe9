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


# A failure of the run itself rather than a broken promise: JUnit calls it an error, not a failure.
ERROR_CHECK = "error"


def render_junit(report: ContractReport) -> bytes:
    """JUnit XML: one test suite per part of the contract, one test case per operation, trigger or throttle.

    The counts follow the JUnit schema CI servers read (pytest's junit-10.xsd): tests, failures, errors
    and time on every suite and on the whole report.
    """
    suites = []
    for suite in dict.fromkeys(o.suite for o in report.outcomes):
        outcomes = report.suite(suite)
        suites.append((suite, outcomes, sum(o.elapsed for o in outcomes)))
    return _junit(suites, report.elapsed)


def render_junit_unreachable(target: str, message: str, elapsed: float = 0.0) -> bytes:
    """The report of a run that could not start because the server did not answer: one case, in error."""
    return _junit([("contract", [("target", target, message)], elapsed)], elapsed)


def _junit(suites, elapsed: float) -> bytes:
    root = ElementTree.Element("testsuites", name="connector contract")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for name, outcomes, seconds in suites:
        element = ElementTree.SubElement(root, "testsuite", name=name)
        counts = {"tests": len(outcomes), "failures": 0, "errors": 0, "skipped": 0}
        for outcome in outcomes:
            kind = _test_case(element, outcome) if isinstance(outcome, Outcome) else _error_case(element, *outcome)
            if kind:
                counts[kind] += 1
        element.attrib.update({key: str(value) for key, value in counts.items()}, time=f"{seconds:.3f}")
        for key in totals:
            totals[key] += counts[key]
    root.attrib.update({key: str(value) for key, value in totals.items()}, time=f"{elapsed:.3f}")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _test_case(parent: ElementTree.Element, outcome: Outcome) -> str | None:
    """The case of one outcome; which count it adds to (failures, errors, skipped), or None when it passed."""
    case = ElementTree.SubElement(parent, "testcase", classname=f"contract.{outcome.suite}", name=outcome.name,
                                  time=f"{outcome.elapsed:.3f}")
    if outcome.skipped:
        ElementTree.SubElement(case, "skipped", message=outcome.skipped)
        return "skipped"
    for number, failure in enumerate(outcome.failures, 1):
        tag = "error" if failure.check == ERROR_CHECK else "failure"
        element = ElementTree.SubElement(case, tag, type=failure.check, message=f"{failure.check}: {failure.title}")
        element.text = "\n".join(_failure_lines(number, failure))
    if not outcome.failures:
        return None
    return "failures" if any(f.check != ERROR_CHECK for f in outcome.failures) else "errors"


def _error_case(parent: ElementTree.Element, name: str, target: str, message: str) -> str:
    case = ElementTree.SubElement(parent, "testcase", classname="contract", name=name, time="0.000")
    element = ElementTree.SubElement(case, "error", type="unreachable", message=message)
    element.text = f"{target}: {message}"
    return "errors"
