import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (reference material) is not present")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """A small valid project (one action, one webhook trigger, one definition) to break on purpose."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture
def truedialog_project(tmp_path: Path) -> Path:
    """A copy of the repository's own TrueDialog project, safe to edit."""
    target = tmp_path / "truedialog"
    target.mkdir()
    for name in ("connector", "policies", "schemas"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "icon.png", target / "icon.png")
    return target
