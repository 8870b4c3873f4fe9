"""settings.json keeps the connector a build deploys to: flags, then [tool.connector], then the file itself."""

import json

import pytest

from generator.cli import main

ENV = "7d6b1d9c-1111-2222-3333-444455556666"
OTHER_ENV = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"


def _settings(project):
    return json.loads((project / "build" / "settings.json").read_text("utf-8"))


def test_a_plain_build_keeps_what_paconn_wrote_into_settings_json(runner, minimal_project):
    assert runner.invoke(main, ["build", str(minimal_project)]).exit_code == 0
    written = _settings(minimal_project)
    assert "connectorId" not in written
    # paconn create adds the id and environment of the connector it created.
    written.update(connectorId="shared_widget-5f", environment=ENV)
    (minimal_project / "build" / "settings.json").write_text(json.dumps(written, indent=2), "utf-8")
    result = runner.invoke(main, ["build", str(minimal_project)])
    assert result.exit_code == 0, result.output
    assert _settings(minimal_project)["connectorId"] == "shared_widget-5f"
    assert _settings(minimal_project)["environment"] == ENV


def test_pyproject_names_the_connector_and_flags_win(runner, minimal_project):
    (minimal_project / "pyproject.toml").write_text(
        f'[tool.connector]\nconnector-id = "from-pyproject"\nenvironment = "Default-{ENV}"\n', "utf-8")
    assert runner.invoke(main, ["build", str(minimal_project)]).exit_code == 0
    assert _settings(minimal_project)["connectorId"] == "from-pyproject"
    assert _settings(minimal_project)["environment"] == f"Default-{ENV}"
    result = runner.invoke(main, ["build", str(minimal_project), "--connector-id", "from-flag",
                                  "--environment", OTHER_ENV])
    assert result.exit_code == 0, result.output
    assert (_settings(minimal_project)["connectorId"], _settings(minimal_project)["environment"]) == (
        "from-flag", OTHER_ENV)


def test_an_environment_that_is_not_a_guid_is_refused_where_it_was_written(runner, minimal_project):
    flag = runner.invoke(main, ["build", str(minimal_project), "--environment", "Contoso (default)"])
    assert flag.exit_code == 2 and "not an environment ID" in flag.output
    assert not (minimal_project / "build").exists()

    (minimal_project / "pyproject.toml").write_text('[tool.connector]\nenvironment = "prod"\n', "utf-8")
    from_config = runner.invoke(main, ["build", str(minimal_project)])
    assert from_config.exit_code == 1 and "pyproject.toml" in from_config.output
    assert "'prod' is not an environment ID" in from_config.output
    assert not (minimal_project / "build").exists()


@pytest.mark.parametrize("content, message", [
    ('{"environment": "my-env"}', "'my-env' is not an environment ID"),
    ('{"connectorId": 5}', "connectorId must be a string"),
    ('{"connectorId": "x",\n', "invalid JSON"),
])
def test_a_broken_settings_json_stops_the_build_and_is_kept(runner, minimal_project, content, message):
    assert runner.invoke(main, ["build", str(minimal_project)]).exit_code == 0
    (minimal_project / "build" / "settings.json").write_text(content, "utf-8")
    result = runner.invoke(main, ["build", str(minimal_project)])
    assert result.exit_code == 1 and message in result.output and "settings.json" in result.output
    assert (minimal_project / "build" / "settings.json").read_text("utf-8") == content
