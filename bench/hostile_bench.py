"""What refusing hostile input costs: an alias bomb, a FIFO and an oversized file (docs/safety.md).

    python bench/hostile_bench.py

Each figure is printed next to a yardstick measured in the same run: the bomb's refusal next to loading
a real source file of the TrueDialog project, and a `connector build` refusing the bomb next to a
`connector build` of the same project without it (wall time and peak memory of the whole process).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.jsonio import InputError  # noqa: E402
from generator.source.yaml_loader import load_yaml, load_yaml_text  # noqa: E402
from tests.safety.test_hostile_inputs import alias_bomb  # noqa: E402

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
WIDGET = "connector/definitions/Widget.yaml"
# Runs the command and prints its own children's peak resident memory, so one process is measured.
MEASURED = ("import json, resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
            "print(json.dumps([code, time.perf_counter() - start, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))")


def in_process(load) -> tuple[float, float]:
    """Best wall time of five calls, and the peak memory tracemalloc sees in one more."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        load()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    load()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak


def refused(load):
    def call():
        try:
            load()
        except InputError:
            return
        raise AssertionError("the input was accepted")
    return call


def build(project: Path, out: Path) -> tuple[int, float, int]:
    command = [sys.executable, "-m", "generator", "build", str(project), "--out", str(out)]
    result = subprocess.run([sys.executable, "-c", MEASURED, *command], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    code, wall, kilobytes = json.loads(result.stdout)
    return code, wall, kilobytes


def main() -> None:
    bomb = alias_bomb(7)
    bomb_time, bomb_peak = in_process(refused(lambda: load_yaml_text(bomb, WIDGET)))
    source = ROOT / "connector" / "connector.yaml"
    real_time, real_peak = in_process(lambda: load_yaml(source))
    print(f"alias bomb (7 levels, {len(bomb)} bytes) refused in {bomb_time * 1000:.2f} ms, peak "
          f"{bomb_peak / 1e6:.2f} MB | yardstick: loading connector/connector.yaml ({source.stat().st_size} bytes) "
          f"{real_time * 1000:.2f} ms, peak {real_peak / 1e6:.2f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        clean, bombed = Path(tmp) / "clean", Path(tmp) / "bombed"
        shutil.copytree(MINIMAL, clean)
        shutil.copytree(MINIMAL, bombed)
        (bombed / WIDGET).write_text(bomb, "utf-8")
        build(clean, Path(tmp) / "warm")  # warm the file cache and the bytecode
        code, wall, rss = build(bombed, Path(tmp) / "out-bombed")
        assert code == 1, "the bomb was built"
        ok_code, ok_wall, ok_rss = build(clean, Path(tmp) / "out-clean")
        assert ok_code == 0
        print(f"connector build refusing the bomb: {wall:.2f} s, peak RSS {rss / 1024:.0f} MB | yardstick: "
              f"connector build of the same project without it: {ok_wall:.2f} s, peak RSS {ok_rss / 1024:.0f} MB")

        huge = Path(tmp) / "huge.yaml"
        with open(huge, "wb") as handle:
            handle.truncate(65 * 1024 * 1024)
        huge_time, huge_peak = in_process(refused(lambda: load_yaml(huge)))
        message = ""
        if hasattr(os, "mkfifo"):
            fifo = Path(tmp) / "pipe.yaml"
            os.mkfifo(fifo)
            fifo_time, _ = in_process(refused(lambda: load_yaml(fifo)))
            message = f"; a FIFO refused in {fifo_time * 1000:.2f} ms"
        print(f"a 65 MiB file refused in {huge_time * 1000:.2f} ms, peak {huge_peak / 1e6:.2f} MB{message} | "
              f"yardstick: loading connector/connector.yaml {real_time * 1000:.2f} ms")


if __name__ == "__main__":
    main()
