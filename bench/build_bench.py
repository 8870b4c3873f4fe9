"""How long `connector build` of the TrueDialog project takes, start-up included.

    python bench/build_bench.py [--runs N]

Prints, measured in the same run, the wall time of the whole command (a new Python process each run,
as a user or CI runs it) next to its yardstick, a new Python process that only imports the libraries
the command cannot do without (`python -c "import yaml, click, jinja2"`); then the in-process pipeline
(load, render, validate) alone, and what the command imports.

Both processes keep their bytecode in a temporary folder (PYTHONPYCACHEPREFIX), as an installed
toolkit does in its __pycache__, so that neither pays for compiling sources on every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YARDSTICK = [sys.executable, "-c", "import yaml, click, jinja2"]
# Heavy libraries that `connector build` must not import for a valid project.
HEAVY = ("openapi_spec_validator", "jsonschema", "pydantic", "schemathesis", "starlette", "uvicorn", "PIL")


def walls(command: list[str], runs: int, env: dict) -> list[float]:
    subprocess.run(command, check=True, capture_output=True, env=env)  # warm the file and bytecode caches
    measured = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        measured.append(time.perf_counter() - start)
    return measured


def imported(command: list[str], env: dict) -> list[str]:
    """Top-level packages the command imports, from `python -X importtime`."""
    result = subprocess.run([command[0], "-X", "importtime", *command[1:]], check=True, capture_output=True,
                            env=env, text=True)
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    return sorted(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        command = [sys.executable, "-m", "generator", "build", str(ROOT), "--out", str(Path(tmp) / "out")]
        build, yardstick = [], []
        # Interleaved, so that a busy moment of the machine weighs on both alike.
        for _ in range(args.runs):
            build += walls(command, 1, env)
            yardstick += walls(YARDSTICK, 1, env)
        modules = imported(command, env)

    from generator.build import render_project

    render_project(ROOT)
    inproc = []
    for _ in range(args.runs):
        start = time.perf_counter()
        render_project(ROOT)
        inproc.append(time.perf_counter() - start)

    build_median, yardstick_median = statistics.median(build), statistics.median(yardstick)
    print(f"connector build (new process, {args.runs} runs): median {build_median * 1000:.0f} ms, "
          f"min {min(build) * 1000:.0f} ms, max {max(build) * 1000:.0f} ms")
    print(f'python -c "import yaml, click, jinja2" (yardstick, same runs): median {yardstick_median * 1000:.0f} ms, '
          f"min {min(yardstick) * 1000:.0f} ms")
    print(f"build / yardstick: {build_median / yardstick_median:.1f}x median, {min(build) / min(yardstick):.1f}x min "
          f"(goal: at most 2.5x)")
    print(f"load + render + validate in process: median {statistics.median(inproc) * 1000:.1f} ms")
    heavy = [name for name in HEAVY if name in modules]
    print(f"heavy libraries imported by the command: {', '.join(heavy) if heavy else 'none'} "
          f"(of {', '.join(HEAVY)})")


if __name__ == "__main__":
    main()
