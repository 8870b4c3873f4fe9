"""Hostile input gives findings, never a traceback; a crash in one rule is one finding; --all gates CI."""

import json
import shutil

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.findings import Severity
from generator.jsonpos import scan
from generator.lint import registry
from generator.lint.registry import Rule
from tests.lint.helpers import CLEAN, make_icon

CLEAN_TEXT = (CLEAN / "apiDefinition.swagger.json").read_text("utf-8")


def connector(parent, name, text=None, change=None):
    """A copy of the clean connector (with its icon) whose swagger text starts with `text` inside its object."""
    folder = parent / name
    shutil.copytree(CLEAN, folder)
    (folder / "icon.png").write_bytes(make_icon())
    path = folder / "apiDefinition.swagger.json"
    if change is not None:
        doc = json.loads(CLEAN_TEXT)
        change(doc)
        path.write_text(json.dumps(doc, indent=2), "utf-8")
    if text is not None:
        path.write_text("{" + text + CLEAN_TEXT.lstrip()[1:], "utf-8")
    return folder


def lint(*args):
    result = CliRunner().invoke(main, ["lint", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def lint_json(*args):
    result = lint(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_json_nested_a_hundred_thousand_deep_is_one_input_error(tmp_path):
    folder = connector(tmp_path, "deep", '"x-deep": ' + "[" * 100_000 + "]" * 100_000 + ",")
    code, [finding] = lint_json(folder)
    assert code == 1 and finding["rule"] == "input"
    assert "nested more than 900 levels" in finding["message"]
    assert (finding["line"], finding["column"]) == (1, len('{"x-deep": ') + 900)


def test_a_five_thousand_digit_integer_is_reported_where_it_is(tmp_path):
    folder = connector(tmp_path, "big", '"x-big": 1' + "0" * 5000 + ",")
    code, findings = lint_json(folder)
    [finding] = findings
    assert (code, finding["rule"], finding["severity"]) == (0, "json-number-range", "warning")
    assert (finding["pointer"], finding["line"], finding["column"]) == ("/x-big", 1, 2)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(tmp_path, literal):
    folder = connector(tmp_path, "nan", f'"x-limit": {literal},')
    code, [finding] = lint_json(folder)
    assert (code, finding["rule"], finding["pointer"]) == (1, "json-not-json", "/x-limit")
    assert literal in finding["message"]


def test_duplicate_keys_are_reported_at_the_repetition(tmp_path):
    folder = connector(tmp_path, "dup", '"x-team": "a",\n "x-team": "b",')
    code, [finding] = lint_json(folder)
    assert (code, finding["rule"], finding["line"], finding["column"]) == (0, "json-duplicate-key", 2, 2)


def test_duplicate_keys_in_api_properties_too(tmp_path):
    folder = connector(tmp_path, "dup")
    path = folder / "apiProperties.json"
    path.write_text(path.read_text("utf-8").replace('"publisher": "Contoso",', '"publisher": "Contoso",\n'
                                                                                 '    "publisher": "Fabrikam",'))
    code, [finding] = lint_json(folder)
    assert finding["rule"] == "json-duplicate-key" and finding["file"].endswith("apiProperties.json")


def test_scan_keeps_the_last_of_repeated_keys_like_parsers_do():
    text = '{"a": {"b": 1}, "a": {"b": 2}}'
    assert scan(text).offsets["/a/b"] == text.rindex('2')


def test_an_all_of_cycle_and_a_required_recursion(tmp_path):
    def cycle(doc):
        doc["definitions"]["A"] = {"allOf": [{"$ref": "#/definitions/B"}]}
        doc["definitions"]["B"] = {"allOf": [{"$ref": "#/definitions/A"}]}
        doc["paths"]["/messages/{id}"]["get"]["responses"]["200"]["schema"] = {"$ref": "#/definitions/A"}

    def recursion(doc):
        doc["definitions"]["Message"]["required"].append("next")
        doc["definitions"]["Message"]["properties"]["next"] = {"$ref": "#/definitions/Message"}

    for name, change in (("cycle", cycle), ("recursion", recursion)):
        code, findings = lint_json(connector(tmp_path, name, change=change))
        assert code in (0, 1) and not [f for f in findings if f["rule"] == "internal-error"]
    assert "required-loop" in {f["rule"] for f in findings}


def test_a_twenty_megabyte_swagger(tmp_path):
    def grow(doc):
        for index in range(20_000):
            doc["definitions"][f"Filler{index}"] = {"type": "object", "description": "x" * 1000}

    folder = connector(tmp_path, "big", change=grow)
    assert (folder / "apiDefinition.swagger.json").stat().st_size > 20_000_000
    code, findings = lint_json(folder)
    assert code == 1 and {f["rule"] for f in findings} == {"file-size"}


@pytest.fixture
def broken_rule(monkeypatch):
    """A registered rule that fails on every input, as a defective rule would."""
    def explode(ctx):
        """Fails.

        Passes:
            info: {}
        Fails:
            info: {}
        """
        raise KeyError("no such thing")
        yield

    monkeypatch.setitem(registry.RULES, "exploding", Rule("exploding", Severity.WARNING, "fails", "platform",
                                                          "document", explode))


def test_a_crashing_rule_is_one_internal_error_and_all_exits_2(tmp_path, broken_rule):
    connector(tmp_path, "one")
    connector(tmp_path, "two", change=lambda doc: doc["info"].update(title="Contoso Short Message Service Gateway"))
    result = lint(tmp_path, "--all", "--jobs", "1", "--format", "json")
    findings = json.loads(result.stdout)
    internal = [f for f in findings if f["rule"] == "internal-error"]
    assert result.exit_code == 2
    assert len(internal) == 2 and all("rule exploding" in f["message"] for f in internal)
    # The other rules still ran on every connector.
    assert "title-length" in {f["rule"] for f in findings}
    assert "2 connectors: 2 with errors, 0 with warnings only, 0 clean; 2 with internal errors" in result.stderr


def test_all_exit_codes_and_totals(tmp_path):
    connector(tmp_path, "clean")
    result = lint(tmp_path, "--all", "--jobs", "1")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("1 connectors: 0 with errors, 0 with warnings only, 1 clean; "
                                           "0 with internal errors")
    connector(tmp_path, "warned", change=lambda doc: doc["info"].pop("contact"))
    assert lint(tmp_path, "--all", "--jobs", "1").exit_code == 0
    connector(tmp_path, "broken", '"x-limit": NaN,')
    result = lint(tmp_path, "--all", "--jobs", "2")
    assert result.exit_code == 1
    assert "3 connectors: 1 with errors, 1 with warnings only, 1 clean; 0 with internal errors" in result.stdout


def test_all_keeps_going_past_an_unreadable_connector(tmp_path):
    connector(tmp_path, "a-deep", '"x-deep": ' + "[" * 5000 + "]" * 5000 + ",")
    connector(tmp_path, "b-fine", change=lambda doc: doc["info"].update(title="Contoso SMS API"))
    code, findings = lint_json(tmp_path, "--all", "--jobs", "2")
    assert code == 1 and [f["rule"] for f in findings] == ["input", "title-words"]


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_ci_formats_name_files_from_the_current_directory(tmp_path, monkeypatch, fmt):
    project = tmp_path / "repo" / "integrations" / "contoso"
    shutil.copytree(CLEAN, project)
    monkeypatch.chdir(tmp_path / "repo")
    output = lint("integrations/contoso", "--format", fmt).stdout
    expected = "integrations/contoso/apiProperties.json"
    if fmt == "github":
        assert f"file={expected}," in output
    else:
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in json.loads(output)["runs"][0]["results"]}
        assert uris == {expected}
    monkeypatch.chdir(project)
    output = lint(".", "--format", fmt).stdout
    assert "integrations" not in output and "apiProperties.json" in output
