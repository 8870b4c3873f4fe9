"""The README starts with the two commands a new user runs; CI runs the second one exactly."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)[:2]


def test_readme_starts_with_a_build_command_and_a_test_command():
    build, test = readme_commands()
    assert "pip install" in build and build.rstrip().endswith("connector build")
    assert "pip install" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim():
    _, test = readme_commands()
    assert test in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_configuration_example_in_the_readme_is_valid(tmp_path):
    from generator.config import load_config
    from generator.diff.acknowledge import parse_acknowledged
    from generator.lint.runner import LintSettings

    example = re.findall(r"```toml\n(.+?)\n```", (ROOT / "README.md").read_text("utf-8"), re.S)[0]
    (tmp_path / "pyproject.toml").write_text(example, "utf-8")
    config = load_config(tmp_path)
    settings = LintSettings.from_config(config["lint"])
    assert "english-text" in settings.disable
    assert parse_acknowledged(config["diff"]["acknowledged"], "pyproject.toml")
    assert config["mock"]["storage"].startswith("redis://")
