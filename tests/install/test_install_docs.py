"""The README tells a new user how to install, reach the command, upload with paconn and pac, and configure
the deployed connector; these are checked against what the toolkit does."""

import re
import tomllib
from pathlib import Path

from generator.cli import main
from generator.deployment import environment_problem
from generator.extras import EXTRA, NEEDS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")


def test_paconn_commands_overwrite_settings_and_pac_commands_name_every_file():
    paconn = re.findall(r"^\$ (paconn (?:create|update) .*?)(?:\s+#.*)?$", README, re.M)
    assert {command.split()[1] for command in paconn} == {"create", "update"}
    assert all("-w" in command.split() and "--settings settings.json" in command for command in paconn)
    pac = re.findall(r"^\$ (pac connector (?:create|update) .*)$", README, re.M)
    assert {command.split()[2] for command in pac} == {"create", "update"}
    for command in pac:
        for flag in ("--api-definition-file apiDefinition.swagger.json", "--api-properties-file apiProperties.json",
                     "--icon-file icon.png", "--settings-file settings.json"):
            assert flag in command
    assert "--connector-id" in next(c for c in pac if " update " in c)
    assert "--script-file script.csx" in README and "--solution-unique-name" in README


def test_the_readme_names_the_extra_of_each_command_that_needs_it():
    rows = {line for line in README.splitlines() if f"connector-toolkit[{EXTRA}]" in line and line.startswith("|")}
    [row] = rows
    assert all(f"`{command}`" in row for command in NEEDS)
    commands = set(re.findall(r"^@main\.command\((?:name=\"(\w+)\")?\)\ndef (\w+)", (ROOT / "generator" / "cli.py")
                              .read_text("utf-8"), re.M))
    names = {explicit or function for explicit, function in commands}
    plain = next(line for line in README.splitlines() if line.startswith("| `init`"))
    assert all(f"`{name}`" in plain for name in names - set(NEEDS))
    assert ".venv/bin/connector" in README and "source .venv/bin/activate" in README


def test_every_command_is_in_the_commands_table():
    rows = "\n".join(line for line in README.splitlines() if line.startswith("| `connector "))
    for name in main.commands:
        assert f"`connector {name}" in rows, name


def test_the_configuration_example_names_a_valid_environment_and_package_folder():
    example = tomllib.loads(re.findall(r"```toml\n(.+?)\n```", README, re.S)[0])["tool"]["connector"]
    assert environment_problem(example["environment"]) is None
    assert example["package"]["folder"] == "TrueDialog SMS"
