"""Every finding on a JSON file names a pointer that exists there, and its line:column is that element."""

import json
import shutil

from generator.findings import pointer, resolve_pointer, split_pointer
from generator.lint.calibration import measure
from tests.conftest import needs_shared
from tests.lint.helpers import CLEAN, SHARED, make_icon

_DECODER = json.JSONDecoder()


def misplaced(findings) -> list[str]:
    """The findings on JSON files whose pointer does not exist or whose line:column is not that element."""
    texts: dict[str, str] = {}
    wrong = []
    for finding in findings:
        loc = finding.location
        if not (loc.file or "").endswith(".json") or finding.rule == "input":
            continue
        if loc.file not in texts:
            texts[loc.file] = open(loc.file, encoding="utf-8-sig").read()
        text = texts[loc.file]
        document = json.loads(text)
        tokens = split_pointer(loc.pointer or "")
        target = resolve_pointer(document, loc.pointer or "")
        if (tokens and target is None and resolve_pointer(document, pointer(*tokens[:-1])) is None) \
                or loc.line is None:
            wrong.append(f"{finding.rule} {loc}: no such element")
            continue
        lines = text.split("\n")
        offset = sum(len(line) + 1 for line in lines[:loc.line - 1]) + loc.column - 1
        parent = resolve_pointer(document, pointer(*tokens[:-1])) if tokens else None
        if isinstance(parent, dict):
            # An object member is located at its key.
            found = text[offset] == '"' and json.decoder.scanstring(text, offset + 1)[0] == tokens[-1]
        else:
            found = _DECODER.raw_decode(text, offset)[0] == target
        if not found:
            wrong.append(f"{finding.rule} {loc}#{loc.pointer}: line {loc.line} column {loc.column} is elsewhere")
    return wrong


def test_findings_of_a_broken_connector_point_at_their_elements(tmp_path):
    from generator.lint.runner import LintSettings, lint_path

    folder = tmp_path / "contoso"
    shutil.copytree(CLEAN, folder)
    (folder / "icon.png").write_bytes(make_icon())
    path = folder / "apiDefinition.swagger.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["host"] = "https://api.contoso.example/v1"
    doc["definitions"]["Message"]["properties"]["query"] = {
        "type": "object", "default": {"sort": 1, "page": [1, "two"]},
        "properties": {"sort": {"type": "string"}, "page": {"type": "array", "items": {"type": "integer"}}}}
    doc["paths"]["/messages/{id}"]["get"]["parameters"][0].pop("x-ms-summary")
    path.write_text(json.dumps(doc, indent=2), "utf-8")
    findings = lint_path(folder, LintSettings())
    assert {"swagger-schema", "parameter-summary"} <= {f.rule for f in findings}
    assert misplaced(findings) == []


@needs_shared
def test_findings_on_both_corpora_point_at_their_elements():
    for corpus in ("corpus-sample", "corpus-calibration"):
        results = measure(SHARED / corpus)
        assert misplaced([f for found in results.values() for f in found]) == []
