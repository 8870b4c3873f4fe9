"""A plain install runs every command but mock/test/check; those name the extra to install instead of failing."""

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from generator.extras import EXTRA, NEEDS, missing_modules

ROOT = Path(__file__).resolve().parents[2]
# Import names whose distribution is called differently.
DISTRIBUTION = {"yaml": "pyyaml", "PIL": "pillow", "markdown_it": "markdown-it-py",
                "openapi_spec_validator": "openapi-spec-validator"}


def _normal(name: str) -> str:
    """A distribution name as PyPI compares them: jsonschema_rs and jsonschema-rs are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(requirements: list[str]) -> set[str]:
    return {_normal(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in requirements}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def _third_party_imports() -> set[str]:
    names = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "generator"}


def test_every_imported_package_is_declared():
    project = _project()
    declared = _declared(project["dependencies"]) | _declared(project["optional-dependencies"][EXTRA])
    undeclared = {name for name in _third_party_imports() if _normal(DISTRIBUTION.get(name, name)) not in declared}
    assert not undeclared


def test_the_extra_brings_what_mock_test_and_check_import():
    extra = _declared(_project()["optional-dependencies"][EXTRA])
    assert {m for modules in NEEDS.values() for m in modules} <= extra
    assert "connector-toolkit[mock]" in _project()["optional-dependencies"]["test"]


def test_nothing_is_missing_in_the_development_install():
    assert all(missing_modules(command) == [] for command in NEEDS)


# Runs the CLI in a fresh interpreter where the extra's packages cannot be imported, as after
# `pip install connector-toolkit` without [mock].
BLOCKED = """
import sys

# A None entry makes `import name` raise ModuleNotFoundError and find_spec(name) answer None.
sys.modules.update(dict.fromkeys({blocked!r}))
from generator.cli import main
main({args!r})
"""


def plain(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    blocked = {m for modules in NEEDS.values() for m in modules} | {"uvloop", "httptools", "redis"}
    code = BLOCKED.format(blocked=sorted(blocked), args=list(args))
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_a_plain_install_builds_lints_diffs_documents_imports_and_packages(tmp_path):
    steps = [
        ("build", "--out", str(tmp_path / "build")),
        ("validate", str(tmp_path / "build")),
        ("lint",),
        ("diff", str(tmp_path / "build"), "."),
        ("docs", "--out", str(tmp_path / "readme.md")),
        ("import", str(tmp_path / "build"), "--out", str(tmp_path / "imported")),
        ("package", "--out", str(tmp_path / "submission.zip")),
        ("check", "--skip", "contract", "--skip", "diff"),
    ]
    for args in steps:
        result = plain(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_check_needs_no_extra_when_the_project_skips_the_contract(tmp_path):
    project = tmp_path / "p"
    assert plain("init", str(project)).returncode == 0
    (project / "pyproject.toml").write_text('[tool.connector.check]\nskip = ["contract", "diff"]\n', "utf-8")
    result = plain("check", str(project))
    # The new project lacks what only its author can supply (lint fails), but nothing asks for the extra.
    assert result.returncode == 1 and "[mock]" not in result.stderr + result.stdout
    assert "contract  skipped" in result.stdout


def test_mock_test_and_check_name_the_extra_and_exit_2():
    for command in ("mock", "test", "check"):
        result = plain(command)
        assert result.returncode == 2, (command, result.stderr)
        assert f"install connector-toolkit[{EXTRA}]" in result.stderr
        assert "Traceback" not in result.stderr and "starlette" in result.stderr
