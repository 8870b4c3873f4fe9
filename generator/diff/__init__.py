"""Breaking-change detection: compare two versions of a connector the way flows depend on them."""

from generator.diff.compare import DiffResult, compare
from generator.diff.engine import diff_sides
from generator.diff.registry import RULES

__all__ = ["RULES", "DiffResult", "compare", "diff_sides"]
