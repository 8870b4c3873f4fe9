"""Lint a folder of connectors and report connectors per second and peak memory.

    python bench/lint_bench.py [FOLDER] [--jobs N]

Three runs over the same connector folders (default: ../shared/corpus-sample):
  1. lint on every core (ProcessPoolExecutor), as `connector lint FOLDER --all` does;
  2. lint in this process, one connector after another, with tracemalloc measuring peak memory;
  3. the baseline: openapi-spec-validator alone on the same swagger files, in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.lint.many import connector_folders, lint_each  # noqa: E402
from generator.lint.runner import LintSettings, lint_or_input_error  # noqa: E402

DEFAULT_FOLDER = ROOT.parent / "shared" / "corpus-sample"


def parallel_lint(folders: list[Path], jobs: int) -> tuple[float, int]:
    """Seconds for linting every folder on `jobs` processes, and the number of findings."""
    settings = LintSettings()
    findings = 0
    started = time.perf_counter()
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(f"lint on {jobs} processes", total=len(folders))
        for _, found in lint_each(folders, settings, jobs, on_done=lambda _: bar.advance(task)):
            findings += len(found)
    return time.perf_counter() - started, findings


def measured(run, folders: list[Path]) -> tuple[float, float, float]:
    """Seconds for `run` over every folder in this process, the slowest connector, and peak traced MiB.

    Timing and memory are separate passes: tracing every allocation slows Python down several times.
    """
    slowest = 0.0
    started = time.perf_counter()
    for folder in folders:
        one = time.perf_counter()
        run(folder)
        slowest = max(slowest, time.perf_counter() - one)
    total = time.perf_counter() - started
    tracemalloc.start()
    peak = 0
    for folder in folders:
        tracemalloc.reset_peak()
        run(folder)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    return total, slowest, peak / 2**20


def lint_one(folder: Path) -> None:
    lint_or_input_error(folder, LintSettings())


def validate_one(folder: Path) -> None:
    from openapi_spec_validator import OpenAPIV2SpecValidator

    document = json.loads((folder / "apiDefinition.swagger.json").read_text("utf-8-sig"))
    list(OpenAPIV2SpecValidator(document).iter_errors())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 2
    folders = connector_folders(args.folder)
    if not folders:
        print(f"{args.folder}: no connector folders inside", file=sys.stderr)
        return 2
    # Warm the imports and caches so that the first connector does not pay for them.
    lint_one(folders[0])
    validate_one(folders[0])

    wall, findings = parallel_lint(folders, args.jobs)
    lint_total, lint_slowest, lint_peak = measured(lint_one, folders)
    base_total, base_slowest, base_peak = measured(validate_one, folders)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    n = len(folders)
    table = Table(title=f"{n} connectors in {args.folder}")
    for column in ("run", "connectors/s", "slowest connector (s)", "peak memory (MiB)"):
        table.add_column(column, justify="right" if column != "run" else "left")
    table.add_row(f"lint, {args.jobs} processes", f"{n / wall:.1f}", "-", f"{children:.0f} (max RSS of a worker)")
    table.add_row("lint, 1 process", f"{n / lint_total:.1f}", f"{lint_slowest:.3f}", f"{lint_peak:.1f} (traced, one connector)")
    table.add_row("openapi-spec-validator alone", f"{n / base_total:.1f}", f"{base_slowest:.3f}",
                  f"{base_peak:.1f} (traced, one connector)")
    Console(width=120).print(table)
    print(f"{findings} findings; lint is {lint_total / base_total:.1f}x the time of schema validation alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
