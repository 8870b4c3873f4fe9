"""Hostile or careless input files: each is a file:line error, quickly, with bounded memory, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from generator.cli import main
from generator.inputfile import read_input
from generator.jsonio import InputError
from generator.source.yaml_loader import MAX_ALIAS_VALUES, MAX_DEPTH, load_yaml_text

ROOT = Path(__file__).resolve().parents[2]
WIDGET = "connector/definitions/Widget.yaml"


def alias_bomb(levels: int = 7) -> str:
    """Each level a list of ten aliases to the level before: 10**levels strings once expanded."""
    lines = ["name: Widget", "schema:", "  type: object", "  x-bomb:", '    l0: &l0 ["' + "x" * 50 + '"]']
    lines += [f"    l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


RECURSIVE = "name: Widget\nschema: &r [*r]\n"


def test_an_alias_bomb_is_refused_fast_with_little_memory():
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError, match="aliases expand to more than") as refused:
        load_yaml_text(alias_bomb(), WIDGET)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.file == WIDGET and refused.value.line is not None
    assert elapsed < 5 and peak < 100 * 1024 * 1024, (elapsed, peak)


def test_a_few_anchors_sharing_schemas_still_load():
    text = "a: &shared {type: object, properties: {id: {type: string}}}\nb: *shared\nc: [*shared, *shared]\n"
    document = load_yaml_text(text, "x.yaml")
    assert document.data["c"] == [document.data["a"]] * 2
    assert document.data["c"][0] is not document.data["a"]  # each use is its own value, as without aliases
    assert document.mark(("c", 1, "properties")).line == 1


def test_the_alias_limit_counts_values_reached_through_aliases():
    one_level = "a: &a [" + ", ".join(["1"] * 1000) + "]\n"
    uses = MAX_ALIAS_VALUES // 1001 + 1
    with pytest.raises(InputError, match="aliases expand"):
        load_yaml_text(one_level + "b: [" + ", ".join(["*a"] * uses) + "]\n", "x.yaml")
    load_yaml_text(one_level + "b: [" + ", ".join(["*a"] * (uses - 2)) + "]\n", "x.yaml")


@pytest.mark.parametrize("text, line", [
    (RECURSIVE, 2),
    ("name: Widget\nschema: &r\n  type: object\n  items: *r\n", 4),
    ("name: Widget\nschema: &m\n  type: object\n  <<: *m\n", 2),
], ids=["list", "mapping", "merge-key"])
def test_a_recursive_alias_is_an_error_that_says_where(text, line):
    with pytest.raises(InputError, match="recursive alias") as refused:
        load_yaml_text(text, WIDGET)
    assert refused.value.line == line


def project_with(minimal_project: Path, text: str, name: str = WIDGET) -> Path:
    (minimal_project / name).write_text(text, "utf-8")
    return minimal_project


@pytest.mark.parametrize("command", [["build"], ["lint"], ["docs"], ["check", "--skip", "diff", "--skip", "contract"]])
def test_a_recursive_alias_in_any_command_is_a_located_error(command, runner, minimal_project):
    project = project_with(minimal_project, RECURSIVE)
    result = runner.invoke(main, [*command, str(project)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{WIDGET}:2:9" in result.output and "recursive alias" in result.output


def test_a_recursive_alias_in_a_mock_seed_is_a_located_error(runner, tmp_path):
    seed = tmp_path / "seed.yaml"
    seed.write_text("accounts: &a\n  - id: 1\n    name: Root\n    sub: *a\nusers: []\n", "utf-8")
    result = runner.invoke(main, ["mock", str(ROOT), "--seed", str(seed), "--port", "0"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{seed}:4:5" in result.output and "recursive alias" in result.output


def test_the_alias_bomb_build_is_refused_without_writing(runner, minimal_project, tmp_path):
    project = project_with(minimal_project, alias_bomb())
    started = time.perf_counter()
    result = runner.invoke(main, ["build", str(project), "--out", str(tmp_path / "out")])
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    assert f"{WIDGET}:" in result.output and "aliases expand to more than 100,000 values" in result.output
    assert not (tmp_path / "out").exists()


def test_a_five_thousand_digit_integer_is_a_located_error(runner, minimal_project):
    project = project_with(minimal_project, "name: Widget\nschema:\n  type: object\n  maximum: " + "9" * 5000 + "\n")
    result = runner.invoke(main, ["build", str(project), "--out", str(minimal_project / "out")])
    assert result.exit_code == 1
    assert f"{WIDGET}:4:12" in result.output and "integer of more than 100 digits" in result.output


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 100_000])
def test_deep_nesting_is_a_located_error(depth):
    with pytest.raises(InputError, match="nested|nesting depth") as refused:
        load_yaml_text("a: " + "[" * depth + "]" * depth + "\n", "deep.yaml")
    assert refused.value.line == 1


def test_nesting_up_to_the_limit_loads():
    depth = MAX_DEPTH - 1
    assert load_yaml_text("a: " + "[" * depth + "]" * depth + "\n", "deep.yaml").data["a"]


def test_a_lone_surrogate_is_a_located_error(monkeypatch):
    import yaml

    from generator.source import yaml_loader

    # libyaml refuses a surrogate escape itself; the pure-Python parser (used where libyaml is missing) does not.
    class PureLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = yaml_loader._Loader.yaml_implicit_resolvers

    monkeypatch.setattr(yaml_loader, "_Loader", PureLoader)
    with pytest.raises(InputError, match="lone surrogate") as refused:
        load_yaml_text('title: ok\ndescription: "bad \\ud800 text"\n', "connector/connector.yaml")
    assert refused.value.line == 2


def run_build(project: Path, out: Path) -> subprocess.CompletedProcess:
    # A child process with a deadline: today's reader would wait on a FIFO (or fill memory from /dev/zero) forever.
    return subprocess.run([sys.executable, "-m", "generator", "build", str(project), "--out", str(out)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_among_the_sources_is_refused(minimal_project, tmp_path):
    os.mkfifo(minimal_project / "connector" / "operations" / "Pipe.yaml")
    result = run_build(minimal_project, tmp_path / "out")
    assert result.returncode == 1
    assert "connector/operations/Pipe.yaml" in result.stderr and "named pipe (FIFO)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("name", ["connector/operations/Zero.yaml", "icon.png", "connector/readme.md"])
def test_dev_zero_among_the_sources_is_refused(name, minimal_project, tmp_path):
    (minimal_project / name).symlink_to("/dev/zero")
    result = run_build(minimal_project, tmp_path / "out")
    assert result.returncode == 1
    assert name in result.stderr and "character device" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(minimal_project, tmp_path):
    huge = minimal_project / "connector" / "operations" / "Huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no disk used, and the reader never reads it
    tracemalloc.start()
    with pytest.raises(InputError, match="larger than 64 MiB"):
        read_input(huge)
    assert tracemalloc.get_traced_memory()[1] < 1024 * 1024
    tracemalloc.stop()
    result = run_build(minimal_project, tmp_path / "out")
    assert result.returncode == 1 and "Huge.yaml" in result.stderr and "larger than 64 MiB" in result.stderr


def test_a_swagger_over_the_size_limit_is_refused(monkeypatch, runner, tmp_path):
    from generator import inputfile

    monkeypatch.setattr(inputfile, "MAX_INPUT_BYTES", 1024)
    swagger = tmp_path / "apiDefinition.swagger.json"
    swagger.write_text('{"swagger": "2.0", "info": {"title": "' + "x" * 2000 + '"}}', "utf-8")
    result = runner.invoke(main, ["lint", str(swagger)])
    assert result.exit_code == 1
    assert str(swagger) in result.output and "larger than" in result.output


@pytest.mark.parametrize("command", [["lint"], ["docs"], ["import", "--out", "OUT"]])
def test_a_lone_surrogate_in_a_swagger_title_is_a_located_error(command, runner, tmp_path):
    folder = tmp_path / "connector"
    shutil.copytree(ROOT / "tests" / "fixtures" / "connectors" / "contoso-tasks", folder)
    swagger = folder / "apiDefinition.swagger.json"
    text = swagger.read_text("utf-8")
    title = json.dumps(json.loads(text)["info"]["title"])
    swagger.write_text(text.replace(title, '"Tasks \\ud800"', 1), "utf-8")
    line = next(n for n, row in enumerate(swagger.read_text("utf-8").splitlines(), 1) if "\\ud800" in row)
    out = tmp_path / "out"
    result = runner.invoke(main, [command[0], str(folder), *[str(out) if a == "OUT" else a for a in command[1:]]])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{swagger}:{line}:" in result.output and "lone surrogate (\\ud800)" in result.output
    assert not out.exists()


def test_a_surrogate_pair_and_an_escaped_backslash_are_fine(tmp_path):
    from generator.jsonio import load_json_text

    path = tmp_path / "ok.json"
    path.write_text('{"emoji": "\\ud83d\\ude00", "literal": "\\\\ud800"}', "utf-8")
    data, _ = load_json_text(path)
    assert data == {"emoji": "\U0001F600", "literal": "\\ud800"}


def test_import_refuses_json_nested_deeper_than_a_yaml_source_may_be(runner, tmp_path):
    folder = tmp_path / "connector"
    shutil.copytree(ROOT / "tests" / "fixtures" / "connectors" / "contoso-tasks", folder)
    swagger = folder / "apiDefinition.swagger.json"
    data = json.loads(swagger.read_text("utf-8"))
    deep: dict = {}
    data["info"]["x-deep"] = deep
    for _ in range(MAX_DEPTH + 50):
        deep["x"] = deep = {}
    swagger.write_text(json.dumps(data, indent=1), "utf-8")
    out = tmp_path / "project"
    result = runner.invoke(main, ["import", str(folder), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{swagger}:" in result.output and "nested more than 100 levels" in result.output
    assert not out.exists()
