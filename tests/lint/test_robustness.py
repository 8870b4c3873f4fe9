"""Malformed input and real connectors: lint always ends with findings and exit 0 or 1, never a traceback."""

import json
import shutil
import time

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.lint.helpers import CLEAN, FIXTURES, SHARED

MALFORMED = FIXTURES / "malformed"
CORPUS = SHARED / "corpus-sample"


def lint_json(path, *extra):
    result = CliRunner().invoke(main, ["lint", str(path), "--format", "json", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.output)
    assert not [f for f in findings if f["rule"] == "internal-error"]
    return result.exit_code, findings


@pytest.mark.parametrize("name", ["invalid-json", "not-utf8", "swagger-array"])
def test_an_unreadable_file_gives_one_clear_error(name):
    code, findings = lint_json(MALFORMED / name)
    assert code == 1
    [finding] = findings
    assert finding["rule"] == "input"
    assert finding["file"].endswith("apiDefinition.swagger.json")


def test_invalid_json_error_says_where():
    _, [finding] = lint_json(MALFORMED / "invalid-json")
    # The file stops after line 4; the error is placed at its end, on a line the file has.
    assert finding["message"].startswith("invalid JSON") and (finding["line"], finding["column"]) == (4, 23)


def test_a_byte_order_mark_is_accepted():
    code, findings = lint_json(MALFORMED / "bom")
    assert [f["rule"] for f in findings] == ["icon-missing"]
    assert code == 1


def test_paths_that_is_a_string():
    code, findings = lint_json(MALFORMED / "paths-string")
    assert code == 1
    assert {"pointer": "/paths", "rule": "swagger-schema"} in [{"pointer": f["pointer"], "rule": f["rule"]}
                                                               for f in findings]


def test_values_of_every_wrong_type():
    code, findings = lint_json(MALFORMED / "wrong-types")
    rules = {f["rule"] for f in findings}
    assert code == 1
    assert {"swagger-schema", "properties-structure", "x-ms-misspelled", "ref-broken"} <= rules


def test_a_two_megabyte_definition(tmp_path):
    folder = tmp_path / "big"
    shutil.copytree(CLEAN, folder)
    doc = json.loads((CLEAN / "apiDefinition.swagger.json").read_text("utf-8"))
    for index in range(2000):
        doc["definitions"][f"Filler{index}"] = {"type": "object", "description": "x" * 1000}
    (folder / "apiDefinition.swagger.json").write_text(json.dumps(doc), "utf-8")
    assert (folder / "apiDefinition.swagger.json").stat().st_size > 2_000_000
    started = time.perf_counter()
    code, findings = lint_json(folder)
    assert time.perf_counter() - started < 20
    assert code == 1 and "file-size" in {f["rule"] for f in findings}


def test_a_single_swagger_file_is_linted_without_properties_or_icon_rules():
    code, findings = lint_json(CLEAN / "apiDefinition.swagger.json")
    assert (code, findings) == (0, [])


def test_a_missing_path_is_one_error(tmp_path):
    code, [finding] = lint_json(tmp_path / "nowhere")
    assert code == 1 and finding["rule"] == "input"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus is not present")
def test_every_corpus_connector():
    folders = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    assert len(folders) >= 20
    for folder in folders:
        started = time.perf_counter()
        lint_json(folder)
        assert time.perf_counter() - started < 5, folder.name
