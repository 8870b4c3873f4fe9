"""`connector import` then `connector check` over every connector folder of a corpus, as a user would run them.

    .venv/bin/python scripts/corpus_check.py ../shared/corpus-sample [--max-examples 5] [--jobs 2] [--json out.json]

Each connector is imported into a temporary project and checked in its own process (`connector check
--format json`), and the script prints, per stage, how many connectors passed, failed or were skipped
and the time taken, then every failing stage with its findings' rules, so each can be read as a defect
of that connector's definition or of the toolkit.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONNECTOR = str(Path(sys.executable).with_name("connector"))
STAGES = ("build", "validate", "lint", "diff", "contract")
ROW = re.compile(r"^(build|validate|lint|diff|contract)\s+(passed|failed|skipped)\s+(\d+) error\(s\), (\d+) warning\(s\)"
                 r"\s+([\d.]+)\s*(.*)$")


def check_one(folder: Path, max_examples: int, work: Path) -> dict:
    project = work / re.sub(r"[^A-Za-z0-9_.-]+", "-", folder.name)
    started = time.monotonic()
    imported = subprocess.run([CONNECTOR, "import", str(folder), "--out", str(project)], capture_output=True,
                              text=True)
    result = {"connector": folder.name, "import": imported.returncode == 0, "stages": {}, "findings": []}
    if imported.returncode != 0:
        result["error"] = (imported.stderr or imported.stdout).strip()[-2000:]
        return result
    (project / "pyproject.toml").write_text(f"[tool.connector.test]\nmax-examples = {max_examples}\nseed = 1\n")
    checked = subprocess.run([CONNECTOR, "check", str(project), "--format", "json"], capture_output=True, text=True)
    result["seconds"] = time.monotonic() - started
    result["exit"] = checked.returncode
    for line in checked.stderr.splitlines():
        found = ROW.match(line.strip())
        if found:
            stage, status, errors, warnings, seconds, note = found.groups()
            result["stages"][stage] = {"status": status, "errors": int(errors), "warnings": int(warnings),
                                       "seconds": float(seconds), "note": note.strip()}
    try:
        loaded = json.loads(checked.stdout)
        findings = loaded.get("findings", []) if isinstance(loaded, dict) else loaded
    except ValueError:
        findings = []
        result["error"] = (checked.stderr or checked.stdout).strip()[-2000:]
    result["findings"] = [{"rule": f.get("rule"), "severity": f.get("severity"), "message": f.get("message", "")[:300]}
                          for f in findings if f.get("severity") == "error" and not f.get("suppressed")]
    if not result["stages"]:
        result["error"] = checked.stderr.strip()[-2000:]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--max-examples", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="Also write every result to this file.")
    args = parser.parse_args()
    folders = sorted(p for p in args.corpus.iterdir() if (p / "apiDefinition.swagger.json").is_file())
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as work, ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda f: check_one(f, args.max_examples, Path(work)), folders))
    elapsed = time.monotonic() - started
    counts: dict[str, Counter] = defaultdict(Counter)
    seconds: dict[str, float] = defaultdict(float)
    for result in results:
        for stage in STAGES:
            row = result["stages"].get(stage)
            counts[stage][row["status"] if row else "not run"] += 1
            seconds[stage] += row["seconds"] if row else 0.0
    print(f"{len(folders)} connectors, imported: {sum(r['import'] for r in results)}, wall time {elapsed:.0f} s")
    print(f"{'stage':<10} {'passed':>6} {'failed':>6} {'skipped':>7} {'not run':>7} {'seconds':>8}")
    for stage in STAGES:
        c = counts[stage]
        print(f"{stage:<10} {c['passed']:>6} {c['failed']:>6} {c['skipped']:>7} {c['not run']:>7} {seconds[stage]:>8.1f}")
    print()
    for result in results:
        failed = [s for s, row in result["stages"].items() if row["status"] == "failed"]
        if not failed and "error" not in result:
            continue
        print(f"{result['connector']}: failed {', '.join(failed) or '-'}"
              + (f"; error: {result['error'][-400:]}" if "error" in result else ""))
        for stage in failed:
            print(f"    {stage}: {result['stages'][stage]['note']}")
        for rule, n in Counter(f["rule"] for f in result["findings"]).most_common():
            example = next(f["message"] for f in result["findings"] if f["rule"] == rule)
            print(f"    {n:>3} x {rule}: {example[:200]}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
