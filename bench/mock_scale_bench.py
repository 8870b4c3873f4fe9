"""The mock at scale: contact calls with 100,000 contacts next to the same calls on the built-in seed.

    .venv/bin/python bench/mock_scale_bench.py [--contacts 100000] [--calls 1000] [--rounds 5]

Every figure is printed next to its yardstick, measured in the same run:
  seed load     a JSON seed with --contacts contacts, read and turned into the mock's state in a fresh
                process: seconds and peak resident memory, next to the built-in seed loaded the same way
                and to the goals (5 s, 300 MB); memory per contact is the resident memory the big world
                keeps, less the built-in world's, divided by the number of contacts
  calls         create, search, update and push (one target), each through the whole app in process
                (ASGI, no sockets: routing, throttle, authentication, validation, handler), against the
                big world and the built-in one alternately; medians and their ratio (goals: under 2 ms,
                within 3x)
  creation rate contacts created through the API per second, the first thousand next to the tenth
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROOT_ACCOUNT = 1001
KEY, SECRET = "mock-api-key", "mock-api-secret"
GOAL_MEDIAN_MS, GOAL_RATIO, GOAL_LOAD_S, GOAL_LOAD_MB = 2.0, 3.0, 5.0, 300.0


def big_seed(path: Path, contacts: int) -> None:
    """The built-in world plus `contacts` contacts on the root account, written as JSON."""
    from generator.mock.packs.truedialog.state import default_seed

    seed = default_seed().data
    seed["contacts"] = seed["contacts"] + [
        {"id": 200000 + n, "accountId": ROOT_ACCOUNT, "phoneNumber": phone(n), "email": f"person{n}@example.com",
         "firstName": f"First{n}", "lastName": "Example"} for n in range(contacts)]
    path.write_text(json.dumps(seed))


def phone(n: int) -> str:
    return f"+1512{3000000 + n:07d}"


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_in_child(seed: str) -> None:
    """Run in a fresh process: build the model, then time the mock's start from the seed file."""
    from generator.build import render_project
    from generator.mock.app import create_app
    from generator.mock.settings import MockSettings

    build = render_project(ROOT)
    settings = MockSettings(seed=Path(seed) if seed != "built-in" else None)
    create_app(build, MockSettings())  # imports and first-use caches, so only the seed is timed
    gc.collect()
    before = resident_mb()
    started = time.perf_counter()
    app = create_app(build, settings)
    seconds = time.perf_counter() - started
    gc.collect()
    print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "before_mb": before, "kept_mb": resident_mb(), "contacts": len(app.state.mock.state.contacts)}))


def load(seed: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--load-child", seed], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


class Client:
    """Calls an ASGI app directly, as one HTTP/1.1 request each, and checks the status."""

    def __init__(self, app) -> None:
        self.app = app
        self.auth = b"Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode())

    async def __call__(self, method: str, path: str, body: dict | None, expected: int) -> float:
        raw = json.dumps(body).encode() if body is not None else b""
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": [(b"host", b"mock.test"), (b"authorization", self.auth),
                             (b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())],
                 "client": ("127.0.0.1", 50000), "server": ("mock.test", 80)}
        messages = [{"type": "http.request", "body": raw, "more_body": False}]
        status = []

        async def receive():
            return messages.pop() if messages else {"type": "http.disconnect"}

        async def send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])

        started = time.perf_counter()
        await self.app(scope, receive, send)
        elapsed = time.perf_counter() - started
        if status != [expected]:
            raise RuntimeError(f"{method} {path} answered {status}, not {expected}")
        return elapsed


class World:
    """One mock and the calls made on it: `known` contacts to search, update and push to."""

    def __init__(self, name: str, build, seed: Path | None, known: list[tuple[int, str]]) -> None:
        from generator.mock.app import create_app
        from generator.mock.settings import MockSettings

        self.name = name
        self.app = create_app(build, MockSettings(seed=seed, calls=10**9))
        self.client = Client(self.app)
        self.base = f"{(build.connector.base_path or '').rstrip('/')}/account/{ROOT_ACCOUNT}"
        self.known = known
        self.created = 0
        self.times: dict[str, list[float]] = {"create": [], "search": [], "update": [], "push": []}

    async def create(self) -> float:
        self.created += 1
        return await self.client("POST", f"{self.base}/contact", {
            "PhoneNumber": f"+1737{self.created:07d}", "Email": f"new{self.created}@example.org",
            "FirstName": "New"}, 201)

    async def batch(self, calls: int, offset: int) -> None:
        for n in range(calls):
            contact_id, number = self.known[(offset + n) % len(self.known)]
            self.times["create"].append(await self.create())
            self.times["search"].append(await self.client("GET", f"{self.base}/contact-search/{number}", None, 200))
            self.times["update"].append(await self.client("PUT", f"{self.base}/contact/{contact_id}",
                                                          {"FirstName": f"Renamed{n}"}, 200))
            self.times["push"].append(await self.client("POST", f"{self.base}/action-pushcampaign", {
                "Channels": ["22"], "Targets": [number], "Message": "Hello", "Execute": True, "CampaignId": 0}, 201))

    def median_ms(self, operation: str) -> float:
        return statistics.median(self.times[operation]) * 1000

    def p95_ms(self, operation: str) -> float:
        ordered = sorted(self.times[operation])
        return ordered[int(0.95 * (len(ordered) - 1))] * 1000


async def creation_rate(world: World, count: int) -> tuple[float, float]:
    """Contacts created per second: the first thousand, then the thousand after `count - 1000` more."""
    first = sum([await world.create() for _ in range(1000)])
    for _ in range(count - 2000):
        await world.create()
    last = sum([await world.create() for _ in range(1000)])
    return 1000 / first, 1000 / last


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000, help="contacts of the big world (default 100000)")
    parser.add_argument("--calls", type=int, default=1000, help="calls of each kind per world (default 1000)")
    parser.add_argument("--rounds", type=int, default=5, help="alternations between the worlds (default 5)")
    parser.add_argument("--load-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_child:
        load_in_child(args.load_child)
        return 0

    from generator.build import render_project

    build = render_project(ROOT)
    if not build.ok:
        print("the project does not build; run `connector build` to see why", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="mock-scale-") as tmp:
        seed = Path(tmp) / "seed.json"
        big_seed(seed, args.contacts)
        size_mb = seed.stat().st_size / 2**20
        small_load, big_load = load("built-in"), load(str(seed))

        worlds = [World("built-in seed", build, None, [(7001, "+15125453809"), (7002, "+15125453810")]),
                  World(f"{args.contacts:,} contacts", build, seed,
                        [(200000 + n, phone(n)) for n in range(0, args.contacts, max(1, args.contacts // 997))])]

        async def run() -> None:
            per_round = max(1, args.calls // args.rounds)
            for number in range(args.rounds):
                for world in worlds if number % 2 == 0 else worlds[::-1]:
                    await world.batch(per_round, number * per_round)

        asyncio.run(run())
        rates = asyncio.run(creation_rate(World("rate", build, seed, []), 10_000))

    small, big = worlds
    print(f"mock at scale: {args.contacts:,} contacts on one account vs the built-in seed "
          f"({len(small.app.state.mock.state.contacts) - small.created} contacts), in process, "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print()
    print(f"seed load (fresh process, JSON seed of {size_mb:.1f} MB)")
    print(f"  {args.contacts:,} contacts   {big_load['seconds']:6.2f} s   peak {big_load['peak_mb']:5.0f} MB   "
          f"goal < {GOAL_LOAD_S:g} s, < {GOAL_LOAD_MB:g} MB: "
          f"{verdict(big_load['seconds'] < GOAL_LOAD_S and big_load['peak_mb'] < GOAL_LOAD_MB)}")
    print(f"  built-in seed      {small_load['seconds']:6.2f} s   peak {small_load['peak_mb']:5.0f} MB   (yardstick)")
    per_contact = (big_load["kept_mb"] - small_load["kept_mb"]) * 2**20 / args.contacts
    print(f"  memory per contact {per_contact:6.0f} bytes resident (kept after loading, less the built-in world's: "
          f"{big_load['kept_mb']:.0f} vs {small_load['kept_mb']:.0f} MB)")
    print()
    print(f"calls ({args.calls} of each per world, {args.rounds} alternating rounds; ms)")
    print(f"  {'call':<8} {'median':>8} {'p95':>8} {'built-in median':>16} {'ratio':>7}  goal < {GOAL_MEDIAN_MS:g} ms "
          f"and < {GOAL_RATIO:g}x")
    for operation in big.times:
        ratio = big.median_ms(operation) / small.median_ms(operation)
        ok = big.median_ms(operation) < GOAL_MEDIAN_MS and ratio < GOAL_RATIO
        print(f"  {operation:<8} {big.median_ms(operation):8.3f} {big.p95_ms(operation):8.3f} "
              f"{small.median_ms(operation):16.3f} {ratio:6.2f}x  {verdict(ok)}")
    print()
    print(f"creation through the API on the {args.contacts:,}-contact world: {rates[1]:.0f}/s for the tenth "
          f"thousand vs {rates[0]:.0f}/s for the first (yardstick)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
