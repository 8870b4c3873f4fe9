"""How long the full contract run takes: `connector test` as a user or CI runs it, in a new process.

    python bench/contract_bench.py [--runs N] [--seed S] [--operations 50]

Two connectors, each run with every operation, schemathesis' default number of examples, every phase
including the stateful one, then the webhook and throttle contracts:
  truedialog    the repository's project against its mock (TrueDialog pack, throttle on)
  generated     a connector of --operations operations written by this script (resources with list,
                create, read, replace and delete, HTTP Basic, a webhook trigger, a declared throttle),
                against the generic mock
Prints the wall and CPU time of each run (CPU next to wall shows how much of the wall was waiting on
a busy machine), the requests sent, where the time went (the report's `time:` note: links,
schemathesis phases, webhooks, throttle) and the targets: TrueDialog under 20 s, the 50-operation
connector under 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"truedialog": 20.0, "generated": 60.0}


def generated_connector(folder: Path, operations: int) -> Path:
    """A connector folder of `operations` operations: resources of five operations each, and one webhook."""
    item = {"type": "object", "required": ["id", "name"], "properties": {
        "id": {"type": "integer", "format": "int32"}, "name": {"type": "string", "maxLength": 60},
        "size": {"type": "integer", "minimum": 0, "maximum": 1000}, "when": {"type": "string", "format": "date-time"},
        "tags": {"type": "array", "items": {"type": "string"}}}}
    new = {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "maxLength": 60}, "size": {"type": "integer", "minimum": 0, "maximum": 1000}}}
    error = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
    errors = {status: {"description": text, "schema": {"$ref": "#/definitions/Error"}}
              for status, text in (("400", "Bad request"), ("401", "Unauthorized"), ("404", "Not found"),
                                   ("429", "Throttled"))}
    paths: dict = {"/hooks": {
        "x-ms-notification-content": {"schema": {"type": "object", "properties": {"id": {"type": "integer"}}}},
        "post": {"operationId": "OnChange", "summary": "When something changes", "x-ms-trigger": "single",
                 "parameters": [{"name": "body", "in": "body", "required": True, "schema": {
                     "type": "object", "required": ["url"], "properties": {
                         "url": {"type": "string", "x-ms-notification-url": True, "x-ms-visibility": "internal"}}}}],
                 "responses": {"201": {"description": "Subscribed"}, **errors}}},
        "/hooks/{hookId}": {"delete": {
            "operationId": "DeleteHook", "summary": "Unsubscribe", "parameters": [
                {"name": "hookId", "in": "path", "required": True, "type": "string"}],
            "responses": {"200": {"description": "Deleted"}, **errors}}}}
    count, n = 2, 0
    while count < operations:
        name, ref = f"things{n}", {"$ref": "#/definitions/Item"}
        key = {"name": "id", "in": "path", "required": True, "type": "integer"}
        body = {"name": "body", "in": "body", "required": True, "schema": {"$ref": "#/definitions/NewItem"}}
        ops = {
            (f"/{name}", "get"): {"summary": f"List {name}", "parameters": [
                {"name": "top", "in": "query", "type": "integer", "minimum": 1, "maximum": 100}],
                "responses": {"200": {"description": "OK", "schema": {"type": "array", "items": ref}}, **errors}},
            (f"/{name}", "post"): {"summary": f"Create {name}", "parameters": [body],
                                   "responses": {"201": {"description": "Created", "schema": ref}, **errors}},
            (f"/{name}/{{id}}", "get"): {"summary": f"Get {name}", "parameters": [key],
                                         "responses": {"200": {"description": "OK", "schema": ref}, **errors}},
            (f"/{name}/{{id}}", "put"): {"summary": f"Replace {name}", "parameters": [key, body],
                                         "responses": {"200": {"description": "OK", "schema": ref}, **errors}},
            (f"/{name}/{{id}}", "delete"): {"summary": f"Delete {name}", "parameters": [key],
                                            "responses": {"204": {"description": "Deleted"}, **errors}}}
        for (path, method), op in ops.items():
            if count >= operations:
                break
            paths.setdefault(path, {})[method] = {"operationId": f"{method}_{path.strip('/').replace('/', '_')}"
                                                  .replace("{", "").replace("}", ""), **op}
            count += 1
        n += 1
    swagger = {"swagger": "2.0", "info": {"title": "Generated Things", "description": "Bench connector",
                                          "version": "1.0"},
               "host": "things.example.com", "basePath": "/api", "schemes": ["https"],
               "consumes": ["application/json"], "produces": ["application/json"], "paths": paths,
               "definitions": {"Item": item, "NewItem": new, "Error": error},
               "securityDefinitions": {"basic": {"type": "basic"}}, "security": [{"basic": []}]}
    connector = folder / "generated"
    connector.mkdir()
    (connector / "apiDefinition.swagger.json").write_text(json.dumps(swagger, indent=2))
    (connector / "apiProperties.json").write_text(json.dumps({"properties": {"iconBrandColor": "#1f6f8b"}}))
    project = folder / "generated-project"
    subprocess.run([sys.executable, "-m", "generator", "import", str(connector), "--out", str(project)], cwd=ROOT,
                   check=True, capture_output=True)
    (project / "policies").mkdir(exist_ok=True)
    (project / "policies" / "throttling.yaml").write_text("name: API calls per connection\ncalls: 100\n"
                                                          "renewalPeriod: 60\n")
    return project


def run(name: str, project: Path, seed: int | None) -> tuple[float, float]:
    command = [sys.executable, "-m", "generator", "test", str(project)]
    if seed is not None:
        command += ["--seed", str(seed)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    out = " ".join(done.stdout.split())
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-300:]
    requests = re.search(r"(\d+) requests over (\d+) connection", out)
    timing = re.search(r"- time: (links .*?total [\d.]+ s)", out)
    sent = f"{requests.group(1)} requests over {requests.group(2)} connections; " if requests else ""
    print(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU; {sent}exit {done.returncode}: {summary}")
    if timing:
        print(f"    time: {timing.group(1)}")
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=None, help="Fixed seed for every run (default: a new one each)")
    parser.add_argument("--operations", type=int, default=50, help="Operations of the generated connector")
    args = parser.parse_args()
    walls: dict[str, list[float]] = {"truedialog": [], "generated": []}
    with tempfile.TemporaryDirectory(prefix="contract-bench-") as work:
        projects = {"truedialog": ROOT, "generated": generated_connector(Path(work), args.operations)}
        for number in range(args.runs):
            for name, project in projects.items():
                walls[name].append(run(f"run {number + 1}, {name}", project, args.seed)[0])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    for name, values in walls.items():
        verdict = "met" if max(values) < TARGETS[name] else "MISSED"
        label = f"{args.operations}-operation generated connector" if name == "generated" else "TrueDialog"
        print(f"{label} ({len(values)} runs, {cores} cores): median {statistics.median(values):.1f} s wall; "
              f"target under {TARGETS[name]:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
