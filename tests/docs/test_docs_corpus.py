"""Every connector of the corpus sample gets a complete page (extra check; skipped without ../shared)."""

import re

import pytest

from generator.docs import render_docs
from generator.load import load_any
from tests.conftest import SHARED, needs_shared

CORPUS = SHARED / "corpus-sample"
FOLDERS = sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


@needs_shared
@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_corpus_connector_page_documents_every_visible_operation(folder):
    build = load_any(folder)
    assert build.connector is not None, build.findings
    page = render_docs(build.connector)
    headings = set(re.findall(r"^### (.*)$", page, flags=re.M))
    for op in build.connector.operations:
        if op.visibility != "internal":
            assert re.sub(r"\s+", " ", op.display_name).strip().replace("|", "\\|") in headings, op.operation_id
    assert page.startswith(f"# {build.connector.title}") and "## Throttling Limits" in page
    assert page.endswith("\n") and not page.endswith("\n\n")
