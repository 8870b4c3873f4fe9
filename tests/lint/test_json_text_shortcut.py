"""JsonLocator.issues settles plain JSON text at C speed; it must report exactly what the full scan reports."""

from __future__ import annotations

import pytest

from generator.jsonpos import JsonLocator, _plain, scan

TEXTS = {
    "plain": '{"a": 1, "b": [1, 2, {"c": "d"}]}',
    "bom": '\ufeff{"a": 1}',
    "repeated key": '{"a": 1, "a": 2}',
    "repeated key deep inside": '{"a": [{"b": {"c": 1, "d": 2, "c": 3}}]}',
    "same key in two objects": '{"a": {"k": 1}, "b": {"k": 1}}',
    "NaN": '{"a": NaN}',
    "NaN in a string only": '{"a": "NaN is not a number"}',
    "-Infinity": '{"a": [-Infinity]}',
    "huge integer": '{"a": ' + "9" * 400 + "}",
    "long digits in a string only": '{"a": "' + "9" * 400 + '"}',
    "deep": '{"a": ' * 2000 + "1" + "}" * 2000,
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_shortcut_reports_what_the_scan_reports(name):
    text = TEXTS[name]
    assert JsonLocator("f.json", text).issues == scan(text).issues


def test_only_plain_text_takes_the_shortcut():
    assert _plain(TEXTS["plain"]) and _plain(TEXTS["bom"]) and _plain(TEXTS["same key in two objects"])
    assert not any(_plain(TEXTS[name]) for name in ("repeated key", "repeated key deep inside", "NaN", "-Infinity",
                                                    "huge integer"))
