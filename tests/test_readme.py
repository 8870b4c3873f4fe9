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
