"""The optional dependencies: which commands need them, and what a user is told when they are missing.

A plain install builds, validates, lints, diffs, documents, imports and packages. Serving and testing the
API needs the one extra below; a command that needs it checks before it imports anything, so a missing
package is a sentence with the install command, never a ModuleNotFoundError.
"""

from __future__ import annotations

import importlib.util

EXTRA = "mock"
# Import names of what the extra installs that each command cannot run without. uvloop and httptools only
# make uvicorn faster, and redis serves redis:// throttle storage only.
SERVE = ("starlette", "uvicorn", "httpx", "limits")
CONTRACT = SERVE + ("requests", "schemathesis")
NEEDS = {"mock": SERVE, "test": CONTRACT, "check": CONTRACT}


def missing_modules(command: str) -> list[str]:
    """The modules `command` needs that cannot be imported here."""
    return [name for name in NEEDS.get(command, ()) if importlib.util.find_spec(name) is None]


def missing_extra_message(command: str, missing: list[str]) -> str:
    return (f"connector {command} needs the [{EXTRA}] extra ({', '.join(missing)} not installed): "
            f"install connector-toolkit[{EXTRA}], e.g. pip install 'connector-toolkit[{EXTRA}]'")
