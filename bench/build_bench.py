"""How long `connector build` of the TrueDialog project takes, start-up included.

    python bench/build_bench.py [--runs N]

Prints the wall time of the whole command (a new Python process each run, as a user or CI runs it)
and of the in-process pipeline (load, render, validate) alone.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "generator", "build", str(ROOT), "--out", str(Path(tmp) / "out")]
        subprocess.run(command, check=True, capture_output=True)  # warm the file cache
        walls = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            walls.append(time.perf_counter() - start)

    from generator.build import render_project

    render_project(ROOT)
    inproc = []
    for _ in range(args.runs):
        start = time.perf_counter()
        render_project(ROOT)
        inproc.append(time.perf_counter() - start)

    print(f"connector build (new process, {args.runs} runs): median {statistics.median(walls) * 1000:.0f} ms, "
          f"min {min(walls) * 1000:.0f} ms, max {max(walls) * 1000:.0f} ms")
    print(f"load + render + validate in process: median {statistics.median(inproc) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
