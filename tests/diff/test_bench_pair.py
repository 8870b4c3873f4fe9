"""The synthetic pair bench/diff_bench.py times holds the changes the diff must find, at any size."""

from __future__ import annotations

import importlib.util
from collections import Counter

from generator.diff.compare import compare
from generator.findings import Severity
from tests.conftest import ROOT


def load_bench():
    spec = importlib.util.spec_from_file_location("diff_bench", ROOT / "bench" / "diff_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_pair_has_the_size_asked_for_and_real_breaks(tmp_path):
    bench = load_bench()
    bench.write_pair(tmp_path, 250, 4)
    result = compare(str(tmp_path / "old"), str(tmp_path / "new"), tmp_path)
    assert len(result.old.operations) == 250
    errors = Counter(f.rule for f in result.findings if f.severity is Severity.ERROR)
    assert set(errors) == {"operation-removed", "output-type-changed", "input-type-changed", "input-moved",
                           "input-enum-value-removed", "oauth-scopes-added"}
    # The retyped field of one definition reaches its five operations through one finding each way.
    retyped = [f for f in result.findings if f.rule == "output-type-changed"]
    assert retyped and all(len(f.detail("operations")) >= 2 for f in retyped)
