"""Throughput and latency of `connector mock` on loopback, next to Stoplight Prism, in one run.

    .venv/bin/python bench/mock_bench.py [--duration 5] [--concurrency 32] [--no-prism]

Scenarios, each served by its own process and driven by the same keep-alive HTTP/1.1 load generator:
  mock, throttle on    the model's 100 calls / 60 s per connection; the load is spread over many
                       connections (one credential pair each) so that none of them runs out
  mock, throttle off   the same with a limit no run reaches (--calls 1000000000)
  prism                `npx @stoplight/prism-cli mock` on the same rendered swagger, when Node and npx
                       are present (npx fetches the package from the npm registry on first use)
Every request is GET {basePath}/account/{root account} with Basic credentials. Prism ignores basePath,
so it is asked for /account/{root account}. Only loopback addresses are used; every run is bounded.

With --public FOLDER (a public connector folder, such as one of ../shared/corpus-sample), two more
scenarios in the same rounds: the folder is imported with `connector import`, served by the generic
mock (no pack, the project's throttle) and by Prism on the same rendered swagger, and both are asked for
the connector's first GET that needs no input, with the credential its security definition declares.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import render_project  # noqa: E402
from generator.jsonio import dump_json  # noqa: E402

HOST = "127.0.0.1"
ROOT_ACCOUNT = 1001
START_TIMEOUT = 120.0


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed: float = 0.0
    # CPU seconds the server's processes used during the measured load, when /proc tells.
    server_cpu: float | None = None
    note: str = ""

    @property
    def cpu_per_request(self) -> float | None:
        """Server CPU microseconds per answered request: unlike req/s, not skewed by other work on the machine."""
        if self.server_cpu is None or not self.latencies:
            return None
        return self.server_cpu / len(self.latencies) * 1e6

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


# The load generator: N keep-alive connections, each sending its next request as soon as the last answer is in.

async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    headers = {k.strip().lower(): v.strip() for k, _, v in
               (line.partition(b":") for line in head.split(b"\r\n")[1:] if line)}
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(int(headers.get(b"content-length", b"0")))
    return status, headers.get(b"connection", b"").lower() == b"close"


async def _connection(port: int, requests, deadline: float, result: Result) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            writer.write(next(requests))
            status, close = await _read_response(reader)
            result.latencies.append(time.perf_counter() - started)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
    finally:
        writer.close()


async def _load(port: int, requests, concurrency: int, duration: float, result: Result, group: int) -> None:
    warmup = Result("warmup")
    await asyncio.gather(*(_connection(port, requests, time.perf_counter() + min(1.0, duration / 5), warmup)
                           for _ in range(concurrency)))
    cpu_before = group_cpu_seconds(group)
    started = time.perf_counter()
    await asyncio.gather(*(_connection(port, requests, started + duration, result) for _ in range(concurrency)))
    result.elapsed = time.perf_counter() - started
    cpu_after = group_cpu_seconds(group)
    if cpu_before is not None and cpu_after is not None:
        result.server_cpu = cpu_after - cpu_before


def group_cpu_seconds(group: int) -> float | None:
    """User and system CPU seconds of every process in a process group (Linux /proc), else None."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    ticks = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state, ppid, pgrp, ... utime and stime are the 12th and 13th.
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def request_bytes(path: str, key: str, secret: str) -> bytes:
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    return (f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Basic {token}\r\n"
            f"Accept: application/json\r\n\r\n").encode()


# The servers

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listened on port {port} within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        # Prism runs under npx: end the whole process group it was started in.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def start_mock(seed: Path | None, extra: list[str], project: Path = ROOT) -> tuple[subprocess.Popen, int]:
    port = free_port()
    seeded = ["--seed", str(seed)] if seed is not None else []
    process = subprocess.Popen([sys.executable, "-m", "generator", "mock", str(project), "--host", HOST, "--port",
                                str(port), *seeded, *extra], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    wait_for_port(port, process)
    return process, port


def start_prism(swagger: Path) -> tuple[subprocess.Popen, int] | None:
    npx = shutil.which("npx")
    if npx is None:
        return None
    port = free_port()
    process = subprocess.Popen([npx, "--yes", "@stoplight/prism-cli", "mock", str(swagger), "--host", HOST,
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        wait_for_port(port, process)
    except RuntimeError as exc:
        stop(process)
        print(f"prism skipped: {exc}", file=sys.stderr)
        return None
    return process, port


def many_users_seed(folder: Path, count: int) -> tuple[Path, list[tuple[str, str]]]:
    """The built-in accounts with `count` users on the root account: one connection each."""
    from generator.mock.packs.truedialog.state import default_seed

    seed = default_seed().data
    users = [(f"bench-key-{n}", f"bench-secret-{n}") for n in range(count)]
    seed["users"] = seed["users"] + [{"userName": f"bench{n}", "apiKey": key, "apiSecret": secret,
                                      "accountId": ROOT_ACCOUNT} for n, (key, secret) in enumerate(users)]
    path = folder / "seed.json"
    path.write_text(json.dumps(seed))
    return path, users


def public_connector(folder: Path, work: Path) -> tuple[Path, Path, str, str, bytes]:
    """`connector import` of a public connector folder: (project, rendered swagger, mock path, Prism path, the
    credential header lines), for its first GET that needs no input."""
    from generator.mock.auth import DEFAULT_API_KEY, DEFAULT_PASSWORD, DEFAULT_TOKEN, DEFAULT_USERNAME, schemes

    project = work / "public"
    subprocess.run([sys.executable, "-m", "generator", "import", str(folder), "--out", str(project)], cwd=ROOT,
                   check=True, capture_output=True)
    build = render_project(project)
    swagger = work / "public.swagger.json"
    swagger.write_text(dump_json(build.swagger))
    operation = next((op for op in build.connector.operations if op.method == "get" and "{" not in op.path
                      and "?" not in op.path and not any(isinstance(p, dict) and p.get("required")
                                                         for p in op.parameters or ())), None)
    if operation is None:
        raise SystemExit(f"{folder} has no GET that needs no input to load")
    base = (build.connector.base_path or "").rstrip("/")
    headers, query = b"", ""
    for scheme in schemes(build.connector.security_definitions)[:1]:
        if scheme.kind == "basic":
            token = base64.b64encode(f"{DEFAULT_USERNAME}:{DEFAULT_PASSWORD}".encode()).decode()
            headers = f"Authorization: Basic {token}\r\n".encode()
        elif scheme.kind == "oauth2":
            headers = f"Authorization: Bearer {DEFAULT_TOKEN}\r\n".encode()
        elif scheme.where == "header":
            headers = f"{scheme.name}: {DEFAULT_API_KEY}\r\n".encode()
        else:
            query = f"?{scheme.name}={DEFAULT_API_KEY}"
    return project, swagger, base + operation.path + query, operation.path + query, headers


def plain_request(path: str, headers: bytes) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: application/json\r\n".encode() + headers + b"\r\n"


def run_scenario(name: str, server: tuple[subprocess.Popen, int], path: str, credentials: list[tuple[str, str]],
                 concurrency: int, duration: float, raw: bytes | None = None) -> Result:
    process, port = server
    result = Result(name)
    requests = itertools.cycle([raw] if raw is not None else
                               [request_bytes(path, key, secret) for key, secret in credentials])
    try:
        asyncio.run(_load(port, requests, concurrency, duration, result, process.pid))
    finally:
        stop(process)
    return result


def throttle_cost(connections: int, calls: int, hits: int = 50000) -> float:
    """Microseconds of one Throttle.hit in this process, cycling over `connections` keys."""
    from generator.mock.throttle import Throttle

    throttle = Throttle(calls, 60)
    keys = [f"connection-{n}" for n in range(connections)]

    async def run() -> float:
        for key in keys:
            await throttle.hit(key)
        started = time.perf_counter()
        for n in range(hits):
            await throttle.hit(keys[n % connections])
        return (time.perf_counter() - started) / hits * 1e6

    return asyncio.run(run())


def median_cpu(runs: list[Result]) -> float | None:
    values = sorted(r.cpu_per_request for r in runs if r.cpu_per_request is not None)
    return values[len(values) // 2] if values else None


def server_stack() -> str:
    """What uvicorn will run on: httptools and uvloop when installed, else h11 and asyncio."""
    import importlib.util

    parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"uvicorn with {parser} and {loop}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per scenario (default 5)")
    parser.add_argument("--concurrency", type=int, default=32, help="keep-alive connections (default 32)")
    parser.add_argument("--connections", type=int, default=2000,
                        help="credential pairs the throttled run spreads its calls over (default 2000)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each scenario; the median is shown (default 3)")
    parser.add_argument("--no-prism", action="store_true", help="leave Prism out")
    parser.add_argument("--public", type=Path, default=None,
                        help="a public connector folder to serve with the generic mock and Prism as well")
    args = parser.parse_args(argv)

    build = render_project(ROOT)
    if not build.ok:
        print("the project does not build; run `connector build` to see why", file=sys.stderr)
        return 1
    base = (build.connector.base_path or "").rstrip("/")
    throttling = build.connector.throttling
    results: list[Result] = []
    rounds: dict[str, list[Result]] = {"mock, throttle on": [], "mock, throttle off": [], "prism": [],
                                       "public, generic mock": [], "public, prism": []}
    with tempfile.TemporaryDirectory(prefix="mock-bench-") as tmp:
        folder = Path(tmp)
        swagger = folder / "apiDefinition.swagger.json"
        swagger.write_text(dump_json(build.swagger))
        seed, users = many_users_seed(folder, args.connections)
        path = f"{base}/account/{ROOT_ACCOUNT}"

        prism_available = not args.no_prism and shutil.which("npx") is not None
        public = public_connector(args.public, folder) if args.public else None
        # Rounds alternate the servers so that a burst of other work on the machine hits them alike.
        mocks = [("mock, throttle on", []), ("mock, throttle off", ["--calls", "1000000000"])]
        for number in range(args.rounds):
            # ...and take turns going first, so that neither gains from its place in the round.
            for name, flags in mocks if number % 2 == 0 else mocks[::-1]:
                rounds[name].append(run_scenario(name, start_mock(seed, flags), path, users, args.concurrency,
                                                 args.duration))
            prism = start_prism(swagger) if prism_available else None
            if prism is not None:
                rounds["prism"].append(run_scenario("prism", prism, f"/account/{ROOT_ACCOUNT}", users[:1],
                                                    args.concurrency, args.duration))
            if public is not None:
                project, public_swagger, mock_path, prism_path, headers = public
                rounds["public, generic mock"].append(run_scenario(
                    "public, generic mock", start_mock(None, [], project), mock_path, [], args.concurrency,
                    args.duration, plain_request(mock_path, headers)))
                public_prism = start_prism(public_swagger) if prism_available else None
                if public_prism is not None:
                    rounds["public, prism"].append(run_scenario(
                        "public, prism", public_prism, prism_path, [], args.concurrency, args.duration,
                        plain_request(prism_path, headers)))
        notes = {"mock, throttle on": f"{throttling.calls}/{throttling.renewal_period} s per connection, "
                                      f"{len(users)} connections",
                 "mock, throttle off": "limit 1000000000 calls", "prism": "stateless, no throttle",
                 "public, generic mock": f"{args.public.name if args.public else ''}: GET {public[2] if public else ''}",
                 "public, prism": f"same definition: GET {public[3] if public else ''}"}
        for name, runs in rounds.items():
            if runs:
                median = sorted(runs, key=lambda r: r.rps)[len(runs) // 2]
                median.note = f"{notes[name]}; rounds: {', '.join(f'{r.rps:.0f}' for r in runs)} req/s"
                results.append(median)
        if not args.no_prism and not prism_available:
            print("prism skipped: npx is not installed", file=sys.stderr)

    print(f"GET /account/{ROOT_ACCOUNT}, {args.concurrency} keep-alive connections, {args.duration:g} s per run, "
          f"median of {args.rounds} runs, loopback, {os.cpu_count()} CPUs, {server_stack()}")
    print(f"{'scenario':<20} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU us/req':>11}  statuses  notes")
    for r in results:
        statuses = ",".join(f"{s}x{n}" for s, n in sorted(r.statuses.items()))
        cpu = f"{r.cpu_per_request:.0f}" if r.cpu_per_request is not None else "n/a"
        print(f"{r.name:<20} {r.rps:>9.0f} {r.percentile(0.5):>8.2f} {r.percentile(0.99):>8.2f} {cpu:>11}  "
              f"{statuses}  {r.note}")
    on, off = results[0], results[1]
    if on.rps and off.rps:
        print(f"throttle overhead: {(off.rps - on.rps) / off.rps * 100:.1f}% of the requests per second (noisy on a "
              f"shared machine)")
    cpu_on, cpu_off = median_cpu(rounds["mock, throttle on"]), median_cpu(rounds["mock, throttle off"])
    if cpu_on and cpu_off:
        print(f"throttle overhead: {(cpu_on - cpu_off) / cpu_off * 100:.1f}% of the server CPU per request "
              f"({cpu_on:.0f} vs {cpu_off:.0f} us, medians)")
    cost = throttle_cost(args.connections, throttling.calls)
    share = f" = {cost / cpu_on * 100:.1f}% of the server CPU per request" if cpu_on else ""
    print(f"throttle check alone: {cost:.1f} us per call ({args.connections} connections, in process){share}")
    prism_result = next((r for r in results if r.name == "prism"), None)
    if prism_result and prism_result.rps:
        print(f"mock (throttle on) / prism: {on.rps / prism_result.rps:.2f}x the requests per second")
    generic = next((r for r in results if r.name == "public, generic mock"), None)
    public_prism = next((r for r in results if r.name == "public, prism"), None)
    if generic and public_prism and public_prism.rps:
        ratio = generic.rps / public_prism.rps
        print(f"public connector, generic mock / prism: {ratio:.2f}x the requests per second (target 5x: "
              f"{'met' if ratio >= 5 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
