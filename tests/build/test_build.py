"""`connector build` of the TrueDialog project: golden records, determinism, the seed's coverage."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.artifacts import write_file
from generator.cli import main
from generator.jsonio import InputError

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "truedialog"

# What the connector's reference page promises (operationId, summary); live flows depend on these ids.
ACTIONS = {
    "Contact_Create": "Contact Create",
    "Contact_Search": "Contact Search",
    "Contact_Update": "Contact Update",
    "Account_Get_Info": "Get Account Info",
    "User_Get_Self_Info": "Get Current User Info",
    "Campaign_Push": "Send SMS",
}
TRIGGERS = {
    "Delivery_Notice_received": "Delivery Notice Received",
    "Incoming_SMS_Received": "Incoming Message Received",
    "Invalid_Targets": "Invalid Targets",
    "Keyword_received": "Keyword Received",
    "Stop_received": "Stop Message Received",
}
DEFINITIONS = {"AccountResponse", "ContactResponse", "ContactSearchRequest", "PushCampaignResponse", "UserResponse"}
SEND_SMS_FIELDS = {"Channels", "Targets", "ContactListIds", "ExcludeListIds", "MediaId", "Message", "IgnoreSingleUse",
                   "ForceOptIn", "Schedules", "Execute", "IgnoreInvalidTargets"}


def _build(runner, out: Path):
    result = runner.invoke(main, ["build", str(ROOT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_build_matches_the_golden_records_byte_for_byte(runner, tmp_path):
    built = _build(runner, tmp_path / "out")
    golden = {p.name: p.read_bytes() for p in GOLDEN.iterdir()}
    assert sorted(built) == sorted(golden)
    for name, content in golden.items():
        assert built[name] == content, f"{name} differs from tests/golden; run scripts/update_golden.py on purpose"


def test_build_is_deterministic_and_json_is_formatted(runner, tmp_path):
    first = _build(runner, tmp_path / "a")
    second = _build(runner, tmp_path / "b")
    assert first == second
    for name in ("apiDefinition.swagger.json", "apiProperties.json", "settings.json"):
        text = first[name].decode("utf-8")
        assert text.endswith("}\n")
        assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_build_contains_every_action_trigger_and_definition_of_the_seed(runner, tmp_path):
    swagger = json.loads(_build(runner, tmp_path / "out")["apiDefinition.swagger.json"])
    operations = {op["operationId"]: op for item in swagger["paths"].values()
                  for key, op in item.items() if isinstance(op, dict) and "operationId" in op}
    for operation_id, summary in ACTIONS.items():
        assert operations[operation_id]["summary"] == summary
        assert "x-ms-trigger" not in operations[operation_id]
    for operation_id, summary in TRIGGERS.items():
        assert operations[operation_id]["summary"] == summary
        assert operations[operation_id]["x-ms-trigger"] == "single"
    assert operations["Callback_Delete"]["x-ms-visibility"] == "internal"
    assert DEFINITIONS <= set(swagger["definitions"])
    assert set(swagger["definitions"]["PushCampaignRequest"]["properties"]) >= SEND_SMS_FIELDS
    webhook_paths = [path for path, item in swagger["paths"].items() if "x-ms-notification-content" in item]
    assert len(webhook_paths) == 5


def test_settings_json_is_in_paconn_format(runner, tmp_path):
    result = runner.invoke(main, ["build", str(ROOT), "--out", str(tmp_path / "out"), "--connector-id", "abc-123",
                                  "--environment", "7d6b1d9c-1111-2222-3333-444455556666"])
    assert result.exit_code == 0, result.output
    settings = json.loads((tmp_path / "out" / "settings.json").read_text("utf-8"))
    assert settings["connectorId"] == "abc-123"
    assert settings["environment"] == "7d6b1d9c-1111-2222-3333-444455556666"
    assert settings["apiDefinition"] == "apiDefinition.swagger.json"
    assert settings["apiProperties"] == "apiProperties.json"
    assert settings["icon"] == "icon.png"
    assert (tmp_path / "out" / settings["icon"]).read_bytes() == (ROOT / "icon.png").read_bytes()


def test_connection_parameters_are_basic_auth_secure_strings(runner, tmp_path):
    props = json.loads(_build(runner, tmp_path / "out")["apiProperties.json"])["properties"]
    assert {name: p["type"] for name, p in props["connectionParameters"].items()} == {
        "username": "securestring", "password": "securestring"}
    assert props["iconBrandColor"] == "#606163"


def test_cli_entry_points(runner):
    assert runner.invoke(main, ["--version"]).output.strip().endswith(__version__)
    help_text = runner.invoke(main, ["--help"]).output
    assert "build" in help_text and "import" in help_text
    module = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True)
    assert module.returncode == 0 and __version__ in module.stdout


def test_check_flag_reports_drift_without_writing(runner, minimal_project):
    out = minimal_project / "out"
    assert runner.invoke(main, ["build", str(minimal_project), "--out", str(out)]).exit_code == 0
    result = runner.invoke(main, ["build", str(minimal_project), "--out", str(out), "--check"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    before = (out / "apiDefinition.swagger.json").read_bytes()
    definition = minimal_project / "connector" / "definitions" / "Widget.yaml"
    definition.write_text(definition.read_text("utf-8").replace("Widget size", "Widget size in cm"), "utf-8")
    result = runner.invoke(main, ["build", str(minimal_project), "--out", str(out), "--check"])
    assert result.exit_code == 1
    assert "build-drift" in result.output and "apiDefinition.swagger.json differs" in result.output
    assert (out / "apiDefinition.swagger.json").read_bytes() == before


def test_output_folder_comes_from_configuration(runner, minimal_project):
    (minimal_project / "pyproject.toml").write_text('[tool.connector]\nout = "dist/connector"\n', "utf-8")
    result = runner.invoke(main, ["build", str(minimal_project)])
    assert result.exit_code == 0, result.output
    assert (minimal_project / "dist" / "connector" / "apiDefinition.swagger.json").is_file()
    (minimal_project / "pyproject.toml").write_text('[tool.connector]\nouput = "x"\n', "utf-8")
    result = runner.invoke(main, ["build", str(minimal_project)])
    assert result.exit_code == 1
    assert "unknown setting tool.connector.ouput" in result.output


def test_a_file_that_cannot_be_written_leaves_nothing_behind(tmp_path):
    taken = tmp_path / "report.sarif"
    taken.mkdir()
    with pytest.raises(InputError, match="cannot write file"):
        write_file(taken, b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.sarif"]
