"""How fast `connector lint` is: a folder of many connectors, and one very large swagger.

    python bench/lint_bench.py [FOLDER] [--size-mb 20]

Every figure is printed next to its yardstick, measured in the same run:
  1. `connector lint FOLDER --all --format json` in a fresh process (start-up included, every core),
     against openapi-spec-validator's `iter_errors` over the same swaggers in this process (reading
     and parsing each file included), the reference for Swagger 2.0 validity. The validity verdict of
     every swagger is compared too: lint's against the reference's. Default folder:
     ../shared/corpus-calibration.
  2. `connector lint` of one generated connector whose swagger is about 20 MB (built in a temporary
     folder by code below, nothing is committed): wall time and peak memory of that process, against
     the goals (10 s, 500 MB) and a fresh process that only json-loads the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.lint.many import connector_folders  # noqa: E402

DEFAULT_FOLDER = ROOT.parent / "shared" / "corpus-calibration"
CONNECTOR = [sys.executable, "-m", "generator"]
SWAGGER = "apiDefinition.swagger.json"


def run_measured(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds and peak resident MiB of `command` as a child process of its own, and its output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode("utf-8"), err.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: findings, as lint exits on errors
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return wall, usage.ru_maxrss / 1024, text


def reference_verdicts(folders: list[Path]) -> tuple[float, dict[str, bool]]:
    """openapi-spec-validator over every readable swagger: seconds, and name -> valid."""
    from openapi_spec_validator import OpenAPIV2SpecValidator

    verdicts = {}
    started = time.perf_counter()
    for folder in folders:
        try:
            document = json.loads((folder / SWAGGER).read_text("utf-8-sig"))
        except (OSError, ValueError):
            continue
        try:
            verdicts[folder.name] = next(iter(OpenAPIV2SpecValidator(document).iter_errors()), None) is None
        except Exception:  # the reference fails on this document: not valid for it either
            verdicts[folder.name] = False
    return time.perf_counter() - started, verdicts


def lint_verdicts(folders: list[Path]) -> dict[str, bool]:
    """name -> valid, as lint's swagger-schema rule decides it: no Swagger finding for the document.

    Computed in this process with the function the rule calls (lint's report leaves out some of these
    findings, which other rules report in their own words)."""
    from generator.findings import Location
    from generator.validate.swagger import swagger_findings

    verdicts = {}
    for folder in folders:
        try:
            document = json.loads((folder / SWAGGER).read_text("utf-8-sig"))
        except (OSError, ValueError):
            continue
        verdicts[folder.name] = not any(swagger_findings(document, lambda ptr: Location(None, ptr)))
    return verdicts


def corpus(folder: Path) -> None:
    folders = connector_folders(folder)
    # Warm the file cache and the reference's imports, so that neither side pays for them alone.
    reference_verdicts(folders[:3])
    run_measured(CONNECTOR + ["lint", str(folder), "--all", "--format", "json"])

    lint_wall, _, _ = run_measured(CONNECTOR + ["lint", str(folder), "--all", "--format", "json"])
    reference_wall, reference = reference_verdicts(folders)
    linted = lint_verdicts(folders)
    differ = sorted(name for name in reference if reference[name] != linted.get(name))
    print(f"{len(folders)} connectors in {folder} ({len(reference)} readable swaggers, "
          f"{sum(not v for v in reference.values())} invalid for the reference)")
    print(f"  connector lint --all (fresh process, {os.cpu_count()} cores): {lint_wall:6.2f} s")
    print(f"  openapi-spec-validator iter_errors, same swaggers:   {reference_wall:6.2f} s"
          f"   -> lint is {reference_wall / lint_wall:.1f}x faster (goal: 5x)")
    print(f"  validity verdicts that differ from the reference: {len(differ)}" + (f" {differ}" if differ else ""))


def large_swagger(resources: int) -> dict:
    """A valid Swagger 2.0 document shaped like a big real connector: four operations per resource."""
    document = {
        "swagger": "2.0",
        "info": {"title": "Large Bench", "description": "A generated connector for the lint benchmark.",
                 "version": "1.0", "contact": {"name": "Bench", "email": "bench@example.com"}},
        "host": "api.example.com", "basePath": "/v1", "schemes": ["https"],
        "consumes": ["application/json"], "produces": ["application/json"],
        "paths": {}, "definitions": {}, "parameters": {}, "responses": {},
        "securityDefinitions": {"api_key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
        "security": [{"api_key": []}],
        "x-ms-connector-metadata": [{"propertyName": "Website", "propertyValue": "https://www.example.com"}],
    }
    document["parameters"]["Top"] = {"name": "top", "in": "query", "type": "integer", "format": "int32",
                                     "default": 50, "minimum": 1, "maximum": 1000, "x-ms-summary": "Top",
                                     "description": "How many items to return."}
    document["responses"]["NotFound"] = {"description": "Not found",
                                         "schema": {"$ref": "#/definitions/Problem"}}
    document["definitions"]["Problem"] = {"type": "object", "properties": {
        "code": {"type": "string", "description": "Error code.", "x-ms-summary": "Code"},
        "message": {"type": "string", "description": "What went wrong.", "x-ms-summary": "Message"}}}
    for index in range(resources):
        name = f"Resource{index}"
        definition = {"type": "object", "description": f"A {name}.", "required": ["id"], "properties": {}}
        for field in range(30):
            kind = ("string", "integer", "boolean", "number")[field % 4]
            prop = {"type": kind, "description": f"Field {field} of a {name}.", "x-ms-summary": f"Field {field}"}
            if kind == "integer":
                prop.update(format="int32", default=field)
            elif kind == "string" and field % 8 == 2:
                prop.update(enum=["active", "archived"], default="active")
            prop["x-ms-visibility"] = "advanced" if field % 3 else "important"
            definition["properties"][f"field{field}"] = prop
        definition["properties"]["id"] = {"type": "string", "description": "Identifier.", "x-ms-summary": "ID"}
        # Resources nest in categories (a tree of references, as in a real API), not in one long chain.
        definition["properties"]["category"] = {"$ref": f"#/definitions/Resource{index // 10}"}
        document["definitions"][name] = definition
        ref = {"$ref": f"#/definitions/{name}"}
        key = {"name": "id", "in": "path", "required": True, "type": "string", "x-ms-summary": "ID",
               "description": f"The {name} identifier.", "x-ms-url-encoding": "single"}
        responses = {"200": {"description": "OK", "schema": ref}, "404": {"$ref": "#/responses/NotFound"}}
        document["paths"][f"/resources{index}"] = {
            "get": {"operationId": f"List{name}", "summary": f"List {name} items", "description": f"Lists {name}.",
                    "parameters": [{"$ref": "#/parameters/Top"}],
                    "responses": {"200": {"description": "OK",
                                          "schema": {"type": "array", "items": ref}}}},
            "post": {"operationId": f"Create{name}", "summary": f"Create a {name}", "description": f"Creates a {name}.",
                     "parameters": [{"name": "body", "in": "body", "required": True, "schema": ref}],
                     "responses": responses},
        }
        document["paths"][f"/resources{index}/{{id}}"] = {
            "get": {"operationId": f"Get{name}", "summary": f"Get a {name}", "description": f"Gets a {name}.",
                    "parameters": [key], "responses": responses},
            "delete": {"operationId": f"Delete{name}", "summary": f"Delete a {name}",
                       "description": f"Deletes a {name}.", "parameters": [key],
                       "responses": {"204": {"description": "Deleted"}}},
        }
    return document


def swagger_text(size_mb: float) -> str:
    """The text of a generated swagger of about `size_mb` megabytes, indented as connectors are."""
    sample = 50
    per_resource = len(json.dumps(large_swagger(sample), indent=2)) / sample
    return json.dumps(large_swagger(max(1, round(size_mb * 1_000_000 / per_resource))), indent=2) + "\n"


def large(size_mb: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "large"
        folder.mkdir()
        text = swagger_text(size_mb)
        (folder / SWAGGER).write_text(text, "utf-8")
        (folder / "apiProperties.json").write_text(json.dumps({"properties": {
            "iconBrandColor": "#da3b01", "capabilities": [], "publisher": "Bench", "stackOwner": "Bench"}}), "utf-8")
        load_wall, load_peak, _ = run_measured(
            [sys.executable, "-c", f"import json; json.load(open({str(folder / SWAGGER)!r}, encoding='utf-8'))"])
        lint_wall, lint_peak, report = run_measured(CONNECTOR + ["lint", str(folder), "--format", "json"])
        findings = json.loads(report)
        findings = findings.get("findings", findings) if isinstance(findings, dict) else findings
        schema_findings = [f for f in findings if f.get("rule") in ("swagger-schema", "swagger-default")]
        print(f"one swagger of {len(text.encode('utf-8')) / 1e6:.1f} MB "
              f"({text.count('operationId')} operations, {len(findings)} findings, "
              f"{len(schema_findings)} of them Swagger errors)")
        print(f"  connector lint (fresh process): {lint_wall:6.2f} s, {lint_peak:5.0f} MB peak   (goal: under 10 s and 500 MB)")
        print(f"  json.load alone (fresh process): {load_wall:5.2f} s, {load_peak:5.0f} MB peak")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--size-mb", type=float, default=20.0, help="size of the generated swagger")
    args = parser.parse_args()
    if not args.folder.is_dir() or not connector_folders(args.folder):
        print(f"{args.folder}: no folder of connectors", file=sys.stderr)
        return 2
    corpus(args.folder)
    large(args.size_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
