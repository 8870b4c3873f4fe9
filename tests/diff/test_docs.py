"""The rules page is generated from the rules, and every rule documents what it reports and what it does not."""

from __future__ import annotations

import re

import pytest

from generator.diff import RULES
from generator.diff.registry import EXAMPLES
from generator.diff.rulesdoc import END, START, rules_markdown, with_rules
from tests.conftest import ROOT

PAGE = ROOT / "docs" / "diff.md"


def test_rules_page_lists_the_current_rules():
    page = PAGE.read_text("utf-8")
    assert with_rules(page) == page, "run: python -m generator.diff.rulesdoc docs/diff.md"


def test_rules_page_names_every_rule_with_its_severity():
    table = rules_markdown()
    for rule in RULES.values():
        assert f"| [`{rule.id}`](#{rule.id}) | {rule.severity} | {rule.summary} |" in table


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented_with_both_examples(rule_id):
    rule = RULES[rule_id]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule_id)
    assert rule.summary.endswith(".") and rule.summary[0].isupper()
    for label in EXAMPLES:
        assert rule.example(label), f"{rule_id} has no '{label}:' example"


def test_page_without_markers_is_refused():
    with pytest.raises(ValueError, match="no rules markers"):
        with_rules("# a page\n")
    assert with_rules(f"top\n{START}\nold list\n{END}\nbottom\n").endswith(f"{END}\nbottom\n")


def test_every_rule_is_mapped_to_a_microsoft_category():
    page = PAGE.read_text("utf-8")
    table = page.split("### Microsoft's breaking-change categories")[1].split(START)[0]
    rules_column = [row.split(" | ")[2] for row in table.splitlines() if row.startswith("| ") and " | " in row]
    mapped = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", " ".join(rules_column)))
    assert set(RULES) - mapped == set()
    assert mapped - set(RULES) == set()
