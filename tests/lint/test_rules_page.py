"""docs/rules.md is generated from the registry and committed up to date."""

from pathlib import Path

from generator.lint import all_rules
from generator.lint.rulespage import PAGE, render_page

ROOT = Path(__file__).resolve().parents[2]


def test_committed_rules_page_is_current():
    committed = (ROOT / PAGE).read_text("utf-8")
    assert committed == render_page(), "regenerate with: python -m generator.lint.rulespage"


def test_page_lists_every_rule_with_its_examples():
    page = render_page()
    for rule in all_rules().values():
        assert f"### {rule.id}\n" in page
        assert rule.examples()["fails"] in page
