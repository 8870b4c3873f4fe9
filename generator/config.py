"""Project configuration: `[tool.connector]` in pyproject.toml, merged once (defaults < file < flags).

Unknown keys are an error, so a misspelled setting never goes silently unused.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from generator.inputfile import read_input_text
from generator.jsonio import InputError

DEFAULTS: dict[str, Any] = {
    "out": "build",
    # The deployed connector settings.json names for `paconn update` / `pac connector update`.
    "connector-id": None,
    "environment": None,
    "lint": {"profile": "certification", "disable": [], "severity": {}},
    "diff": {"baseline": None, "acknowledged": [], "severity": {}},
    "mock": {"host": "127.0.0.1", "port": 8000, "storage": "memory://", "calls": None, "renewal-period": None,
             "username": None, "password": None, "api-key": None, "api-secret": None, "token": None,
             "pack": "auto", "seed": None, "max-body-bytes": 1048576,
             "webhook-attempts": 4, "webhook-backoff": 0.5, "access-log": False, "allow-callback-hosts": []},
    # The folder of the submission zip, as in the certified connectors repository [default: the title].
    "package": {"folder": None},
    "test": {"max-examples": None, "seed": None, "base-url": None, "report": None},
    "check": {"skip": []},
}


def load_config(project: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The merged configuration of the project at `project`; `overrides` (from flags) win.

    A flag the user did not give is None, at any depth of `overrides`, and leaves the file's value alone.
    """
    config = copy.deepcopy(DEFAULTS)
    pyproject = project / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(read_input_text(pyproject))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"invalid TOML: {exc}", str(pyproject)) from None
        section = data.get("tool", {}).get("connector", {})
        _merge(config, section, "tool.connector", str(pyproject))
    if overrides:
        _merge(config, _given(overrides), "flags", "command line")
    return config


def _given(overrides: dict[str, Any]) -> dict[str, Any]:
    return {k: _given(v) if isinstance(v, dict) else v for k, v in overrides.items() if v is not None}


def _merge(target: dict, source: dict, where: str, file: str) -> None:
    if not isinstance(source, dict):
        raise InputError(f"[{where}] must be a table", file)
    for key, value in source.items():
        if key not in target:
            known = ", ".join(sorted(target))
            raise InputError(f"unknown setting {where}.{key} (known: {known})", file)
        if isinstance(target[key], dict) and key not in ("severity",):
            _merge(target[key], value, f"{where}.{key}", file)
        else:
            target[key] = value
