"""Offline validation and certification lint for Power Platform connectors."""

from generator.lint.registry import RULES, Hit, Rule, all_rules, rule, selected
from generator.lint.runner import LintSettings, lint_build, lint_path

__all__ = ["RULES", "Hit", "Rule", "all_rules", "rule", "selected", "LintSettings", "lint_build", "lint_path"]
