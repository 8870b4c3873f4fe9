"""Which deployed connector settings.json names: its connectorId and environment, kept across builds.

`paconn create` writes both into settings.json and `paconn update` reads them back, so a build that
rewrote settings.json without them would make the next update create a second connector. They come from
the flags, else [tool.connector] in pyproject.toml, else the settings.json already in the output folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.jsonio import InputError, load_json_text

# An environment is named by a GUID; the default environment of a tenant by "Default-" and the tenant's GUID.
ENVIRONMENT = re.compile(r"(Default-)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class Deployment:
    connector_id: str | None = None
    environment: str | None = None


def environment_problem(value: object) -> str | None:
    """Why `value` cannot be an environment name, or None when it can."""
    if not isinstance(value, str) or not ENVIRONMENT.fullmatch(value):
        return (f"environment {value!r} is not an environment ID: a GUID such as "
                "7d6b1d9c-0a1b-4c2d-8e3f-445566778899, or Default-<tenant GUID>")
    return None


def deployment(config: dict, project: Path, settings_file: Path) -> Deployment:
    """The connector and environment for settings.json: `config` (flags over pyproject) over the file's.

    Flags are checked by the command line; a wrong environment from a file names that file.
    """
    kept = _kept(settings_file)
    connector_id = config.get("connector-id") or kept.connector_id
    environment = config.get("environment") or kept.environment
    if environment is not None and (problem := environment_problem(environment)):
        source = project / "pyproject.toml" if config.get("environment") else settings_file
        raise InputError(problem, str(source))
    return Deployment(connector_id, environment)


def _kept(settings_file: Path) -> Deployment:
    if not settings_file.is_file():
        return Deployment()
    data, _ = load_json_text(settings_file)
    if not isinstance(data, dict):
        raise InputError("settings.json must be a JSON object", str(settings_file))
    values = {key: data.get(key) for key in ("connectorId", "environment")}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"{key} must be a string", str(settings_file))
    return Deployment(values["connectorId"], values["environment"])
