"""jsonschema-rs settles matching source documents; it must agree with Python's jsonschema on every one."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import pytest

from generator.importer.folder import read_connector_folder
from generator.importer.split import split_connector
from generator.source import schemas
from generator.source.project import FILE_KINDS, FOLDER_KINDS, source_kind
from generator.source.yaml_loader import load_yaml
from tests.conftest import FIXTURES, ROOT, SHARED, needs_shared


def python_matches(data, kind: str) -> bool:
    return schemas._validator(kind).is_valid(data)


def project_documents(root: Path) -> list[tuple[str, object]]:
    found = []
    for folder, kind in FOLDER_KINDS.items():
        found += [(kind, load_yaml(path).data) for path in sorted((root / folder).glob("*.y*ml"))]
    found += [(kind, load_yaml(root / relative).data) for relative, kind in FILE_KINDS.items()
              if (root / relative).is_file()]
    return found


def test_the_truedialog_sources_match_for_both():
    documents = project_documents(ROOT)
    assert {kind for kind, _ in documents} >= {"connector", "operation", "trigger", "definition"}
    for kind, data in documents:
        assert python_matches(data, kind)
        assert schemas.certainly_matches(data, kind)


def operation() -> dict:
    data = next(data for kind, data in project_documents(ROOT) if kind == "operation")
    return copy.deepcopy(data)


@pytest.mark.parametrize("change, matches", [
    (lambda d: d.update(path="/trailing\n"), True),            # ^/ is a prefix: no end-of-line subtleties
    (lambda d: d.update({"x-\u00e9t\u00e9": 1}), True),        # extension keys by pattern, any characters
    (lambda d: d.update(path="no-slash"), False),
    (lambda d: d.update(method="fetch"), False),
    (lambda d: d.update(method="GET"), False),
    (lambda d: d.update(unknown=1), False),
    (lambda d: d.pop("path"), False),
    (lambda d: d.update(summary=12), False),
    (lambda d: d.update(summary=True), False),
])
def test_both_libraries_judge_a_changed_document_alike(change, matches):
    data = operation()
    change(data)
    assert python_matches(data, "operation") is matches
    assert schemas.certainly_matches(data, "operation") is matches


@pytest.mark.parametrize("odd", [datetime.date(2024, 1, 1), {1, 2}, b"bytes"])
def test_values_json_has_no_type_for_are_left_to_python(odd):
    data = operation()
    data["summary"] = odd
    assert schemas.certainly_matches(data, "operation") is False
    assert list(schemas.check_document(load_yaml_document(data), "operation"))


def load_yaml_document(data):
    from generator.source.yaml_loader import Mark, YamlDocument

    return YamlDocument("connector/operations/x.yaml", data, {(): Mark(1, 1)}, {})


def test_broken_fixture_projects_give_the_same_verdicts():
    checked = 0
    for root in sorted(p for p in FIXTURES.rglob("connector.yaml")):
        project = root.parent.parent
        try:
            documents = project_documents(project)
        except Exception:
            continue  # unreadable YAML is the loader's business, not the schemas'
        for kind, data in documents:
            assert schemas.certainly_matches(data, kind) == python_matches(data, kind), (project, kind)
            checked += 1
    assert checked


@needs_shared
def test_corpus_documents_give_the_same_verdicts():
    """Every source document the importer makes of both corpora: the same verdict from both libraries."""
    checked = 0
    for name in ("corpus-sample", "corpus-calibration"):
        for folder in sorted(p for p in (SHARED / name).iterdir() if p.is_dir()):
            try:
                files = split_connector(*_read(folder))
            except Exception:
                continue
            for relative, data in files.items():
                kind = source_kind(relative)
                assert schemas.certainly_matches(data, kind) == python_matches(data, kind), (folder.name, relative)
                checked += 1
    assert checked > 5000


def _read(folder: Path):
    read = read_connector_folder(folder)
    return read.swagger, read.properties, str(folder)
