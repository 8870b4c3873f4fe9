"""How long `connector diff` takes on large connectors, and how much memory it needs.

    python bench/diff_bench.py [--operations 9750] [--runs 3]

Builds two synthetic pairs of connector folders in a temporary folder (nothing is committed): a large one
(by default 9,750 operations, about 14 MB per swagger) and one of about 3 MB. Each version changes a few
definitions, parameters, operations and connection settings, so the diff has breaks to find. Every
figure is the wall time and peak memory of a fresh `connector diff OLD NEW --format json` process,
printed next to its yardstick measured in the same run: a fresh Python process that only json-loads
the same two swaggers.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESOURCE_OPERATIONS = 5  # list, get, create, update, delete


def _schema(resource: str, fields: int) -> dict:
    properties = {}
    for index in range(fields):
        kind = ("string", "integer", "boolean", "number")[index % 4]
        prop = {"type": kind, "description": f"Field {index} of a {resource}, as the API returns it.",
                "x-ms-summary": f"{resource} field {index}"}
        if kind == "integer":
            prop["format"] = "int32"
        if kind == "string" and index % 8 == 2:
            prop["format"] = "date-time"
        properties[f"field{index}"] = prop
    properties["status"] = {"type": "string", "enum": ["active", "archived", "deleted"]}
    properties["tags"] = {"type": "array", "items": {"type": "string"}}
    properties["owner"] = {"$ref": "#/definitions/Owner"}
    return {"type": "object", "required": ["field0"], "properties": properties}


def _operations(resource: str, index: int) -> dict:
    base = f"/workspaces/{{workspaceId}}/{resource}s"
    item = f"{base}/{{{resource}Id}}"
    ref = {"$ref": f"#/definitions/{resource}"}
    workspace = {"name": "workspaceId", "in": "path", "required": True, "type": "string",
                 "x-ms-summary": "Workspace",
                 "x-ms-dynamic-values": {"operationId": "Item0_List", "value-path": "id",
                                         "value-title": "name"}}
    key = {"name": f"{resource}Id", "in": "path", "required": True, "type": "string",
           "x-ms-summary": f"{resource} ID"}
    page = [{"name": "top", "in": "query", "type": "integer", "format": "int32", "x-ms-summary": "Top"},
            {"name": "filter", "in": "query", "type": "string", "x-ms-summary": "Filter"}]
    body = {"name": "body", "in": "body", "required": True, "schema": ref}
    errors = {"404": {"description": "Not found"}}

    def operation(verb: str, summary: str, parameters: list, response: dict | None) -> dict:
        op = {"operationId": f"{resource}_{verb}", "summary": f"{summary} {resource}",
              "description": f"{summary} a {resource}.",
              "parameters": parameters, "responses": {"200": {"description": "OK"}, **errors}}
        if response is not None:
            op["responses"]["200"]["schema"] = response
        return op

    listing = operation("List", "List", [workspace, *page],
                        {"type": "object", "properties": {"value": {"type": "array", "items": ref},
                                                          "nextLink": {"type": "string"}}})
    listing["x-ms-pageable"] = {"nextLinkName": "nextLink"}
    return {
        base: {"get": listing, "post": operation("Create", "Create", [workspace, body], ref)},
        item: {"get": operation("Get", "Get", [workspace, key], ref),
               "put": operation("Update", "Update", [workspace, key, body], ref),
               "delete": operation("Delete", "Delete", [workspace, key], None)},
    }


def synthetic_swagger(operations: int, fields: int) -> dict:
    """A connector of `operations` operations (5 per resource), each resource with a `fields`-field definition."""
    resources = max(1, operations // RESOURCE_OPERATIONS)
    paths: dict = {}
    definitions: dict = {"Owner": {"type": "object", "properties": {"id": {"type": "string"},
                                                                    "email": {"type": "string"}}}}
    for index in range(resources):
        resource = f"Item{index}"
        paths.update(_operations(resource, index))
        definitions[resource] = _schema(resource, fields)
    return {"swagger": "2.0", "info": {"title": "Synthetic", "description": "A large synthetic connector.",
                                       "version": "1.0"},
            "host": "api.example.com", "basePath": "/v1", "schemes": ["https"],
            "consumes": ["application/json"], "produces": ["application/json"],
            "paths": paths, "definitions": definitions,
            "securityDefinitions": {"oauth": {"type": "oauth2", "flow": "accessCode",
                                              "authorizationUrl": "https://login.example.com/authorize",
                                              "tokenUrl": "https://login.example.com/token",
                                              "scopes": {"read": "read", "write": "write"}}},
            "security": [{"oauth": ["read", "write"]}]}


def properties() -> dict:
    return {"properties": {
        "connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {
            "identityProvider": "oauth2", "clientId": "client", "scopes": ["read", "write"],
            "redirectMode": "Global", "redirectUrl": "https://global.consent.azure-apim.net/redirect",
            "properties": {"IsFirstParty": "False"},
            "customParameters": {"authorizationUrl": {"value": "https://login.example.com/authorize"},
                                 "tokenUrl": {"value": "https://login.example.com/token"}}}}},
        "policyTemplateInstances": [{"templateId": "setheader", "title": "Client", "parameters": {
            "x-ms-apimTemplateParameter.name": "X-Client", "x-ms-apimTemplateParameter.value": "flows",
            "x-ms-apimTemplateParameter.existsAction": "override",
            "x-ms-apimTemplate-policySection": "Request"}}],
        "iconBrandColor": "#123456", "publisher": "Bench", "stackOwner": "Bench"}}


def changed(swagger: dict, props: dict) -> tuple[dict, dict]:
    """The next version: a few breaks and many harmless changes, spread over the document."""
    new, new_props = copy.deepcopy(swagger), copy.deepcopy(props)
    names = [name for name in new["definitions"] if name.startswith("Item")]
    for number, name in enumerate(names):
        schema = new["definitions"][name]["properties"]
        if number % 50 == 0:
            schema["field1"]["type"] = "string"  # one definition retyped: reaches five operations
        if number % 10 == 0:
            schema["added"] = {"type": "string", "description": "New in this version."}
        if number % 25 == 0:
            schema["status"]["enum"] = ["active", "archived"]
    paths = list(new["paths"])
    for number, path in enumerate(paths):
        for op in new["paths"][path].values():
            if number % 40 == 0:
                op["description"] = op.get("description", "") + " Now documented better."
            if number % 97 == 0 and op.get("parameters"):
                for param in op["parameters"]:
                    if param.get("name") == "filter":
                        param["in"] = "header"
    for path in paths[1::400]:
        del new["paths"][path]
    new_props["properties"]["connectionParameters"]["token"]["oAuthSettings"]["scopes"].append("admin")
    return new, new_props


def write_pair(root: Path, operations: int, fields: int) -> None:
    old = synthetic_swagger(operations, fields)
    new, new_props = changed(old, properties())
    for name, swagger, props in (("old", old, properties()), ("new", new, new_props)):
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "apiDefinition.swagger.json").write_text(json.dumps(swagger, indent=2), "utf-8")
        (folder / "apiProperties.json").write_text(json.dumps(props, indent=2), "utf-8")


def made_pair(root: Path, operations: int, fields: int) -> tuple[Path, Path, int]:
    """The pair written by a child process: a parent that held the documents would pass its peak memory
    on to every process it starts, and the figures would measure the bench instead of the diff."""
    subprocess.run([sys.executable, __file__, "--write", str(root), "--operations", str(operations),
                    "--fields", str(fields)], check=True)
    size = max((root / side / "apiDefinition.swagger.json").stat().st_size for side in ("old", "new"))
    return root / "old", root / "new", size


def run(command: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds and peak resident MB of one fresh process (os.wait4 reports them for exactly that
    process), and what it printed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - start, usage.ru_maxrss / 1024, out


def bench(label: str, old: Path, new: Path, size: int, runs: int) -> None:
    diff = [sys.executable, "-m", "generator", "diff", str(old), str(new), "--format", "json"]
    load = [sys.executable, "-c", "import json, sys; [json.load(open(p, encoding='utf-8')) for p in sys.argv[1:]]",
            str(old / "apiDefinition.swagger.json"), str(new / "apiDefinition.swagger.json")]
    diffs = [run(diff) for _ in range(runs)]
    loads = [run(load) for _ in range(runs)]
    findings = json.loads(diffs[0][2])
    errors = sum(1 for f in findings if f["severity"] == "error")
    wall, memory = statistics.median(d[0] for d in diffs), max(d[1] for d in diffs)
    yard_wall, yard_memory = statistics.median(d[0] for d in loads), max(d[1] for d in loads)
    print(f"{label}: swagger {size / 1e6:.1f} MB, {len(findings)} findings ({errors} errors)")
    print(f"  connector diff (fresh process, median of {runs}): {wall:.2f} s, peak {memory:.0f} MB")
    print(f"  yardstick, json.load of both swaggers (fresh process): {yard_wall:.2f} s, peak {yard_memory:.0f} MB")
    print(f"  ratio: {wall / yard_wall:.1f}x the time, {memory / yard_memory:.1f}x the memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=9750)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fields", type=int, default=7, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write is not None:
        write_pair(args.write, args.operations, args.fields)
        return
    with tempfile.TemporaryDirectory(prefix="diff-bench-") as tmp:
        old, new, size = made_pair(Path(tmp) / "large", args.operations, 7)
        bench(f"large pair ({args.operations} operations)", old, new, size, args.runs)
        old, new, size = made_pair(Path(tmp) / "connector", 2000, 8)
        bench("3 MB connector (2000 operations)", old, new, size, args.runs)


if __name__ == "__main__":
    main()
