"""Expected pages committed under tests/docs/expected/, compared byte for byte.

Regenerate them on purpose with `UPDATE_GOLDEN=1 pytest tests/docs`, then review `git diff tests/docs/expected`:
every change there is a change of the page maintainers publish.
"""

from __future__ import annotations

import os
from pathlib import Path

EXPECTED = Path(__file__).resolve().parent / "expected"


def assert_golden(name: str, text: str) -> None:
    path = EXPECTED / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert path.is_file(), f"{path} is missing; create it with UPDATE_GOLDEN=1 pytest tests/docs"
    assert path.read_bytes() == text.encode("utf-8"), (
        f"the rendered page differs from {path}; if the change is intended, run UPDATE_GOLDEN=1 pytest tests/docs")
