"""How long `connector import` then `connector build` of the largest calibration connector take.

    python bench/import_bench.py [--corpus ../shared/corpus-calibration] [--runs N]

The target is under 3 s for the two commands together, each a new Python process as a user runs them.
Yardsticks from the same run: a Python process that only starts, and parsing plus writing the same
swagger with the json module (the least any tool reading it must do).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 3.0


def largest_connector(corpus: Path) -> Path:
    from generator.importer.folder import find_file

    sized = []
    for folder in corpus.iterdir():
        swagger = find_file(folder, "apiDefinition.swagger.json") if folder.is_dir() else None
        if swagger is not None:
            try:
                json.loads(swagger.read_bytes().decode("utf-8-sig"))
            except ValueError:
                continue
            sized.append((swagger.stat().st_size, folder))
    return max(sized)[1]


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus-calibration")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    folder = largest_connector(args.corpus)
    swagger = folder / "apiDefinition.swagger.json"
    size = swagger.stat().st_size

    both, cpu, starts = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        project, out = Path(tmp) / "project", Path(tmp) / "out"
        connector = [sys.executable, "-m", "generator"]
        for _ in range(args.runs):
            imported = timed(connector + ["import", str(folder), "--out", str(project), "--force"])
            built = timed(connector + ["build", str(project), "--out", str(out)])
            both.append(imported[0] + built[0])
            cpu.append(imported[1] + built[1])
            starts.append(timed([sys.executable, "-c", "pass"])[0])

    json_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        json.dumps(json.loads(swagger.read_bytes().decode("utf-8-sig")), indent=2)
        json_times.append(time.perf_counter() - start)

    median = statistics.median(both)
    print(f"largest calibration connector: {folder.name} ({size / 1024:.0f} KiB swagger)")
    print(f"connector import + connector build (new processes, {args.runs} runs): median {median:.2f} s, "
          f"min {min(both):.2f} s, max {max(both):.2f} s; target under {TARGET_SECONDS:.0f} s: "
          f"{'met' if median < TARGET_SECONDS else 'NOT met'}")
    # On a shared machine the wall time swings with the load; the CPU time says what the commands cost.
    print(f"CPU time (user + system) of the two commands: median {statistics.median(cpu):.2f} s")
    print(f"yardstick: python start-up alone, twice: median {2 * statistics.median(starts):.2f} s")
    print(f"yardstick: json.loads + json.dumps of the same swagger: median {statistics.median(json_times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
