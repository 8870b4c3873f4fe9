"""Open one side of a comparison: a project, a connector folder, a swagger file, or git:REF."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from generator.build import PROPERTIES, SWAGGER, Build, render_project
from generator.config import load_config
from generator.diff.context import Side
from generator.importer.folder import is_connector_folder
from generator.inputfile import read_input_text
from generator.jsonio import InputError, load_json_text
from generator.jsonpos import JsonLocator
from generator.source.project import is_project

GIT = "git:"
CONFIG_FILE = "pyproject.toml"


def open_side(spec: str, project: Path, read_config: bool = False, build: Build | None = None) -> Side:
    """The connector `spec` names, rendered. `project` is the folder whose git history git:REF reads;
    with `read_config`, the side also carries the [tool.connector] settings found next to it.
    A caller that has rendered `spec` already passes its `build` instead of having it rendered again."""
    if spec.startswith(GIT):
        return _git_side(spec[len(GIT):], spec, project, read_config)
    path = Path(spec)
    root = path if path.is_dir() else path.parent
    if build is not None:
        return _side(build, spec, root, read_config)
    build, problem = _load(path)
    return _side(build, spec, root, read_config, problem)


def _load(path: Path) -> tuple[Build, str | None]:
    """What the diff compares of `path`: a YAML project rendered, or the JSON documents of a connector folder
    or a swagger file as they are (no model: whatever the swagger holds is compared), and why
    apiProperties.json could not be read, if it could not."""
    if path.is_dir() and is_project(path):
        return render_project(path), None
    if path.is_dir():
        swagger_path = path / SWAGGER
        if not swagger_path.is_file():
            raise InputError(f"no {SWAGGER} in this folder", str(path))
    elif path.is_file():
        swagger_path = path
    else:
        raise InputError("no such file or folder", str(path))
    swagger, swagger_text = load_json_text(swagger_path)
    if not isinstance(swagger, dict):
        raise InputError("the swagger document must be a JSON object", str(swagger_path), 1, 1)
    properties_path = swagger_path.parent / PROPERTIES
    properties, properties_text, problem = {"properties": {}}, None, None
    if path.is_dir() and properties_path.is_file():
        try:
            properties, properties_text = load_json_text(properties_path)
            if not isinstance(properties, dict):
                raise InputError(f"{PROPERTIES} must be a JSON object", str(properties_path), 1, 1)
        except InputError as exc:
            where = f" (line {exc.line})" if exc.line else ""
            properties, properties_text, problem = {"properties": {}}, None, f"{exc.message}{where}"
    build = Build(None, [], swagger, properties, JsonLocator(str(swagger_path), swagger_text),
                  JsonLocator(str(properties_path), properties_text), kind="folder")
    return build, problem


def _side(build: Build, label: str, root: Path, read_config: bool, properties_problem: str | None = None,
          file_prefix: str = "", temporary_root: str | None = None) -> Side:
    config = config_file = config_text = None
    if read_config:
        config_path = root / CONFIG_FILE
        config_file = file_prefix + CONFIG_FILE if file_prefix else str(config_path)
        try:
            config = load_config(root)
        except InputError as exc:
            raise InputError(exc.message, config_file, exc.line, exc.column) from None
        config_text = read_input_text(config_path) if config_path.is_file() else None
    return Side(build, label, file_prefix=file_prefix, temporary_root=temporary_root, config=config,
                config_file=config_file, config_text=config_text, properties_problem=properties_problem)


def _git(args: list[str], cwd: Path, label: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed, so git:REF cannot be read", label) from None
    except NotADirectoryError:
        raise InputError(f"{cwd} is not a folder, so its git history cannot be read", label) from None
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]} failed: {problem[-1] if problem else 'exit code ' + str(done.returncode)}",
                         label)
    return done.stdout


def _git_side(ref: str, label: str, project: Path, read_config: bool) -> Side:
    """The project at revision `ref`: its files are extracted with `git archive` and rendered."""
    if not ref:
        raise InputError("git: needs a revision, as in git:v1.0.0 or git:HEAD~1", label)
    prefix = _git(["rev-parse", "--show-prefix"], project, label).decode().strip()
    top = Path(_git(["rev-parse", "--show-toplevel"], project, label).decode().strip())
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, label)
    except InputError:
        raise InputError(f"{ref!r} is no revision of the repository at {top}", label) from None
    if prefix:
        try:
            _git(["cat-file", "-e", f"{ref}:{prefix}"], top, label)
        except InputError:
            raise InputError(f"at {ref}, {prefix} does not exist", label) from None
    archive = _git(["archive", "--format=tar", ref, *(["--", prefix] if prefix else [])], top, label)
    with tempfile.TemporaryDirectory(prefix="connector-diff-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(temporary, filter="data")
        root = Path(temporary) / prefix
        if not (is_project(root) or is_connector_folder(root)):
            raise InputError(f"at {ref}, {prefix or 'the repository root'} has neither connector/connector.yaml nor "
                             f"an apiDefinition.swagger.json", label)
        # Everything is read into memory here; the extracted files go away with the folder.
        build, problem = _load(root)
        return _side(build, label, root, read_config, problem, f"{ref}:{prefix}", str(root))
