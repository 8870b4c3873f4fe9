"""Over the real connectors in ../shared (extra proof; the fixtures under tests/ are the first)."""

import json
import subprocess
import sys

from generator.cli import main
from tests.conftest import ROOT, SHARED, needs_shared

CORPORA = (SHARED / "corpus-calibration", SHARED / "corpus-sample")
JSON_FILES = {"apidefinition.swagger.json", "apiproperties.json"}


@needs_shared
def test_every_readable_corpus_connector_round_trips():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "roundtrip.py"), *map(str, CORPORA)],
                            capture_output=True, text=True, timeout=900)
    last = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    same, _, readable = last.partition(" readable")[0].partition(" of ")
    assert same == readable, last


@needs_shared
def test_lint_findings_of_json_folders_point_into_their_own_files(runner):
    result = runner.invoke(main, ["lint", "--all", str(CORPORA[0]), "--format", "json", "--jobs", "1"])
    findings = json.loads(result.stdout)
    assert findings
    for finding in findings:
        name = finding["file"].rsplit("/", 1)[-1].lower()
        if finding["rule"] == "input":
            continue  # a swagger that is not JSON: its one finding names it, with the position of the error
        assert name in JSON_FILES | {"icon.png"}, finding
        if name in JSON_FILES:
            assert finding["line"] is not None, finding
