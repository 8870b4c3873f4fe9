"""A project fresh from `connector init` keeps its contract against its own mock, for every authentication."""

import pytest

from generator.cli import main
from generator.init import AUTH_KINDS


@pytest.mark.parametrize("auth", AUTH_KINDS)
def test_a_new_project_passes_its_contract_against_its_own_mock(runner, tmp_path, auth):
    project = tmp_path / "widget-hub"
    assert runner.invoke(main, ["init", str(project), "--auth", auth]).exit_code == 0
    result = runner.invoke(main, ["test", str(project), "--max-examples", "5", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Contract of Widget Hub against the in-process mock" in result.output
    assert " 0 failed (0 failure(s))" in result.output
