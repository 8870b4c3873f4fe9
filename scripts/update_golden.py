"""Regenerate the golden build of the TrueDialog project on purpose: python scripts/update_golden.py

Review `git diff tests/golden` afterwards: every change there is a change of the artifacts users upload.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "truedialog"


if __name__ == "__main__":
    shutil.rmtree(GOLDEN, ignore_errors=True)
    result = CliRunner().invoke(main, ["build", str(ROOT), "--out", str(GOLDEN)])
    print(result.output, end="")
    sys.exit(result.exit_code)
