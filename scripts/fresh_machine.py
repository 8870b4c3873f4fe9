"""Fresh-machine proof: clone this repository into a temporary folder and run the README's two
commands exactly as written, each in a new virtual environment, as a new user would.

    python scripts/fresh_machine.py [--keep]

Exit 0 when both commands succeed and the build folder holds the artifacts paconn uploads.
It needs the package registry (pip downloads the dependencies), so it is a script, not a test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ("apiDefinition.swagger.json", "apiProperties.json", "icon.png", "settings.json", "readme.md")


def readme_commands(readme: Path) -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", readme.read_text("utf-8"))[:2]


def run(command: str, cwd: Path) -> float:
    print(f"$ {command}", flush=True)
    start = time.perf_counter()
    result = subprocess.run(["bash", "-c", command], cwd=cwd)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed with exit code {result.returncode} after {elapsed:.0f} s")
    print(f"  ok in {elapsed:.0f} s", flush=True)
    return elapsed


def main() -> None:
    keep = "--keep" in sys.argv
    work = Path(tempfile.mkdtemp(prefix="fresh-machine-"))
    try:
        for step, command in enumerate(readme_commands(ROOT / "README.md")):
            clone = work / f"clone{step}"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            run(command, clone)
            if step == 0:
                missing = [name for name in ARTIFACTS if not (clone / "build" / name).is_file()]
                if missing:
                    sys.exit(f"the build command did not write {', '.join(missing)}")
        print("both README commands succeed on a fresh clone")
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
