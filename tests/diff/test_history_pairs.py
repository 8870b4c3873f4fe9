"""The 40 real connector updates of ../shared/history-pairs, each judged by hand: the errors and warnings
the diff gives are exactly the verdicts recorded here (extra proof; tests/diff/test_judged.py rebuilds
each class of change on fixtures of its own)."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.diff.compare import compare
from generator.findings import Severity
from tests.conftest import SHARED, needs_shared

PAIRS = SHARED / "history-pairs"

# Pair folder -> (errors by rule, warnings by rule). Pairs not listed have neither.
VERDICTS = {
    "certified__AgilePoint NX": ({"input-made-required": 4, "input-removed": 1}, {"default-changed": 1}),
    "certified__Almabase": ({"input-made-required": 3, "input-removed": 2, "operation-made-internal": 1,
                             "operation-removed": 1, "output-removed": 1},
                            {"default-changed": 2, "operation-route-moved": 4}),
    "certified__Alvao": ({"output-type-changed": 1}, {}),
    "certified__Assently E-Sign": ({"output-type-changed": 1}, {}),
    "certified__Cyberday": ({"output-type-changed": 1}, {}),
    "certified__DQ on Demand": ({"input-enum-value-removed": 2, "input-made-required": 1, "input-removed": 4,
                                 "input-required-added": 1, "output-removed": 1},
                                {"default-changed": 1, "input-enum-value-added": 3, "operation-route-moved": 2}),
    "certified__DocJuris": ({"output-removed": 1}, {"input-enum-value-added": 2}),
    "certified__E-Sign": ({"operation-removed": 2}, {}),
    "certified__EBMS": ({"policy-template-changed": 1}, {}),
    "certified__GroupMgr": ({}, {"host-changed": 1}),
    "certified__HiveCPQ - Product configurator": ({}, {"input-enum-value-added": 2}),
    "certified__Maximizer": ({"output-removed": 1, "output-type-changed": 3}, {}),
    "certified__MongoDB": ({"connection-parameter-added": 1, "input-made-internal": 1, "input-made-required": 8,
                            "input-removed": 9, "output-removed": 3},
                           {"default-changed": 3, "policy-template-added": 1}),
    "certified__PowerAssist": ({}, {"host-changed": 1}),
    "certified__ReversingLabs A1000": ({}, {"default-changed": 1}),
    "certified__Stormboard": ({}, {"default-changed": 1}),
    "certified__Talkdesk": ({"output-type-changed": 1}, {"operation-deprecated": 1}),
    "certified__tyntec-SMS": ({"auth-type-changed": 1, "connection-parameter-added": 1, "operation-removed": 2}, {}),
}


def pair_names() -> list[str]:
    return sorted(p.name for p in PAIRS.iterdir() if p.is_dir()) if PAIRS.is_dir() else []


@needs_shared
def test_there_are_forty_pairs():
    assert len(pair_names()) == 40


@needs_shared
@pytest.mark.parametrize("name", pair_names())
def test_verdicts_on_a_real_update(name):
    folder = PAIRS / name
    result = compare(str(folder / "OLD"), str(folder / "NEW"), folder)
    assert result.compared
    errors = Counter(f.rule for f in result.findings if f.severity is Severity.ERROR)
    warnings = Counter(f.rule for f in result.findings if f.severity is Severity.WARNING)
    assert (dict(errors), dict(warnings)) == VERDICTS.get(name, ({}, {}))
