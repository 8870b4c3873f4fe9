"""Import every connector folder under the given roots, build the project, and compare the documents.

    python scripts/roundtrip.py ../shared/corpus-calibration ../shared/corpus-sample [--verbose]

A connector is readable when its apiDefinition.swagger.json and apiProperties.json (if present) parse
as JSON objects. For each readable one, `connector import` then `connector build` must give back both
documents equal to the originals as data (key order aside). Prints one line per exception and the count.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import PROPERTIES, SWAGGER, artifact_files, render_project  # noqa: E402
from generator.importer.folder import find_file, read_connector_folder  # noqa: E402
from generator.importer.write import import_folder  # noqa: E402
from generator.jsonio import InputError  # noqa: E402


@dataclass(frozen=True)
class Outcome:
    folder: Path
    status: str  # "same", "differs", "failed" or "unreadable"
    detail: str = ""


def readable(folder: Path) -> str | None:
    """Why the folder's JSON documents cannot be compared, or None when both parse as objects."""
    for name, required in ((SWAGGER, True), (PROPERTIES, False)):
        path = find_file(folder, name)
        if path is None:
            if required:
                return f"no {name}"
            continue
        try:
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            return f"{path.name} is not JSON ({exc})"
        if not isinstance(data, dict):
            return f"{path.name} is not a JSON object"
    return None


def original(folder: Path, name: str, missing: object) -> object:
    path = find_file(folder, name)
    return json.loads(path.read_bytes().decode("utf-8-sig")) if path is not None else missing


def round_trip(folder: Path, work: Path) -> Outcome:
    reason = readable(folder)
    if reason is not None:
        return Outcome(folder, "unreadable", reason)
    project = work / "project"
    try:
        import_folder(read_connector_folder(folder), project, force=True)
    except InputError as exc:
        return Outcome(folder, "failed", f"import: {exc}")
    build = render_project(project)
    if not build.ok:
        errors = [f for f in build.findings if f.severity.name == "ERROR"]
        return Outcome(folder, "failed", f"build: {len(errors)} errors, first: {errors[0].location} {errors[0].message}")
    files = artifact_files(build)
    for name, missing in ((SWAGGER, None), (PROPERTIES, None)):
        rebuilt = json.loads(files[name])
        before = original(folder, name, missing)
        if before is None and name == PROPERTIES:
            # No apiProperties.json: the build writes an empty one, which is what paconn assumes.
            before = {"properties": {}}
        if rebuilt != before:
            return Outcome(folder, "differs", f"{name}: {first_difference(before, rebuilt)}")
    return Outcome(folder, "same")


def first_difference(a: object, b: object, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in b:
                return f"{path}/{key} dropped"
            if key not in a:
                return f"{path}/{key} added"
            if a[key] != b[key]:
                return first_difference(a[key], b[key], f"{path}/{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}/{index}")
    return f"{path or '/'}: {json.dumps(a)[:80]} became {json.dumps(b)[:80]}"


def connector_folders(roots: list[Path]) -> list[Path]:
    return [p for root in roots for p in sorted(root.iterdir()) if p.is_dir()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--verbose", action="store_true", help="Print every connector, not only the exceptions.")
    args = parser.parse_args()
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in connector_folders(args.roots):
            outcome = round_trip(folder, Path(tmp))
            outcomes.append(outcome)
            if outcome.status != "same" or args.verbose:
                print(f"{outcome.status:10} {folder.parent.name}/{folder.name}: {outcome.detail}")
    readable_count = sum(1 for o in outcomes if o.status != "unreadable")
    same = sum(1 for o in outcomes if o.status == "same")
    print(f"{same} of {readable_count} readable connectors round-trip "
          f"({len(outcomes) - readable_count} of {len(outcomes)} folders unreadable)")
    return 0 if same == readable_count else 1


if __name__ == "__main__":
    sys.exit(main())
