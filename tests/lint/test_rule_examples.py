"""Every rule's documented examples behave as documented: the passing one is clean, the failing one is not."""

import re

import pytest

from generator.findings import Severity
from generator.lint import all_rules
from generator.lint.ms_codes import CODES
from tests.lint.helpers import example_fragment, lint_variant

RULES = sorted(all_rules().values(), key=lambda r: r.id)


def test_the_clean_connector_passes_every_rule():
    assert [(f.rule, f.message) for f in lint_variant()] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_documented(rule):
    assert re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", rule.id)
    assert rule.summary and rule.explanation
    assert set(rule.examples()) == {"passes", "fails"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_passing_example_passes(rule):
    findings = lint_variant(example_fragment(rule.examples()["passes"]))
    assert [f.message for f in findings if f.rule == rule.id] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_failing_example_fails(rule):
    findings = [f for f in lint_variant(example_fragment(rule.examples()["fails"])) if f.rule == rule.id]
    assert findings, f"{rule.id} did not report its failing example"
    for finding in findings:
        assert finding.message and finding.location.file
        if finding.ms_code is not None:
            assert finding.ms_code in rule.ms_codes


@pytest.mark.parametrize("rule", [r for r in RULES if r.severity is Severity.ERROR], ids=lambda r: r.id)
def test_every_error_cites_the_requirement_it_enforces(rule):
    assert rule.requirement, f"{rule.id} is an error without a 'Requirement:' paragraph: cite one or make it a warning"
    # A cited validator code is one of Microsoft's, and one this rule reports.
    for code in re.findall(r"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*){2,}\b", rule.requirement):
        assert code in CODES and code in rule.ms_codes, f"{rule.id} cites {code}"


def test_rules_page_shows_each_requirement():
    from generator.lint.rulespage import render_page

    page = render_page()
    for rule in RULES:
        if rule.requirement:
            assert f"Requirement: {rule.requirement}" in page
