"""How long the full contract run takes: `connector test` of the TrueDialog project against its mock.

    python bench/contract_bench.py [--runs N] [--seed S]

Every operation, schemathesis' default number of examples, every phase including the stateful one,
then the webhook and throttle contracts: the command as a user or CI runs it (a new Python process,
start-up included). Prints the wall time of each run, the requests sent, and the 60-second target.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None, help="Fixed seed for every run (default: a new one each)")
    args = parser.parse_args()

    walls = []
    for number in range(1, args.runs + 1):
        command = [sys.executable, "-m", "generator", "test", str(ROOT)]
        if args.seed is not None:
            command += ["--seed", str(args.seed)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - start
        walls.append(wall)
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()
        requests = re.search(r"(\d+) requests over (\d+) connection", done.stdout)
        sent = f"{requests.group(1)} requests over {requests.group(2)} connections, " if requests else ""
        print(f"run {number}: {wall:.1f} s wall, {sent}exit {done.returncode}: {summary}")
        if done.returncode != 0:
            print(done.stdout[-3000:])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    median = statistics.median(walls)
    verdict = "met" if max(walls) < TARGET_SECONDS else "MISSED"
    print(f"full contract run ({args.runs} runs, {cores} cores): median {median:.1f} s, min {min(walls):.1f} s, "
          f"max {max(walls):.1f} s; target under {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
