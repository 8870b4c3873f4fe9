"""The webhook contract: each trigger delivers what its x-ms-notification-content promises.

For every webhook trigger, as Power Platform does it: subscribe through the trigger operation with the
URL of a local receiver (a real HTTP server on a free port), read the Location of the 201, make the
event happen on the mock, wait for the POST, validate its JSON body against the trigger's payload
schema, and unsubscribe with DELETE on Location. The event happens through the pack's simulation when
the pack has one for the trigger (TrueDialog: an end user texts STOP...), otherwise through the
mock's POST /_mock/triggers/{operationId}. Only a `connector mock` can make events happen; against
another server the suite is skipped, saying why.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator
from urllib.parse import parse_qsl, quote

import jsonschema

from generator.build import SWAGGER, Build
from generator.contract.results import WEBHOOKS, ContractFailure, Outcome
from generator.contract.target import Connection, Target
from generator.contract.hooks import NO_HOOKS, ContractHooks
from generator.findings import pointer
from generator.model import Operation

DELIVERY_TIMEOUT = 10.0


class Receiver:
    """A webhook endpoint on 127.0.0.1: records the JSON body POSTed to each path."""

    def __init__(self) -> None:
        self.received: dict[str, list[Any]] = {}
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                with receiver.arrived:
                    receiver.received.setdefault(self.path, []).append(body)
                    receiver.arrived.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="webhook-receiver", daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait(self, path: str, timeout: float = DELIVERY_TIMEOUT) -> Any | None:
        """The first body POSTed to `path`, waiting up to `timeout` seconds; None if none came."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while not self.received.get(path):
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.arrived.wait(left)
            return self.received[path][0]


@dataclass
class Event:
    """What an event simulator gets: where to call, as whom, the trigger, the path values, its rank."""

    target: Target
    connection: Connection
    operation: Operation
    fixed: dict[str, str]
    number: int
    build: Build


def fire(event: Event) -> str | None:
    """The generic event: the mock delivers a payload generated from the trigger's x-ms-notification-content."""
    operation_id = event.operation.operation_id or ""
    response = event.target.simulate("POST", f"/triggers/{quote(operation_id, safe='')}")
    return None if response.status_code == 202 else \
        f"POST /_mock/triggers/{operation_id} answered {response.status_code}: {response.text[:300]}"


def run_webhooks(build: Build, target: Target, fixed: dict[str, str],
                 timeout: float = DELIVERY_TIMEOUT, hooks: ContractHooks = NO_HOOKS) -> list[Outcome]:
    """One outcome per webhook trigger of the model."""
    triggers = [op for op in build.connector.triggers if op.is_webhook]
    if not target.simulator:
        reason = f"{target.label} has no /_mock/ routes, so no event can be made to happen (run it against " \
                 "`connector mock`)"
        return [Outcome(WEBHOOKS, _name(op), skipped=reason) for op in triggers]
    outcomes = []
    with Receiver() as receiver:
        for number, operation in enumerate(triggers):
            started = time.monotonic()
            outcome = Outcome(WEBHOOKS, _name(operation))
            outcome.failures = list(_trigger_contract(build, target, fixed, receiver, operation, number, timeout,
                                                      hooks))
            outcome.elapsed = time.monotonic() - started
            outcomes.append(outcome)
    return outcomes


def _trigger_contract(build: Build, target: Target, fixed: dict[str, str], receiver: Receiver,
                      operation: Operation, number: int, timeout: float,
                      hooks: ContractHooks) -> Iterator[ContractFailure]:
    name = _name(operation)

    def failure(check: str, title: str, message: str, *tokens) -> ContractFailure:
        where = build.locate(SWAGGER, pointer("paths", operation.path, *(tokens or (operation.method,))))
        return ContractFailure(WEBHOOKS, name, check, title, message, where)

    how = hooks.event(operation) or ("the mock fires the trigger (POST /_mock/triggers/{operationId})", fire)
    path, missing = _fill_path(build, operation, fixed)
    if missing:
        yield failure("webhook-subscribe", "Cannot subscribe",
                      f"no value for the path parameter(s) {', '.join(missing)}: the definition's links give none")
        return
    hook = f"/hooks/{name}"
    connection = target.pool.next()
    body, params, headers = _subscription(build, operation, receiver.url + hook)
    response = target.call(operation.method.upper(), path.split("?")[0], connection, json=body,
                           params={**dict(parse_qsl(path.partition("?")[2])), **params}, headers=headers)
    location = response.headers.get("Location")
    if not response.ok or not location:
        yield failure("webhook-subscribe", "Subscription refused" if not response.ok else "No Location header",
                      f"{operation.method.upper()} {path} answered {response.status_code}"
                      f"{'' if location else ' without a Location header, so the platform could never unsubscribe'}"
                      f": {response.text[:300]}", operation.method, "responses")
        return
    error = how[1](Event(target, connection, operation, fixed, number, build))
    if error is not None:
        yield failure("webhook-event", f"The event ({how[0]}) could not be made to happen", error)
    else:
        payload = receiver.wait(hook, timeout)
        if payload is None:
            yield failure("webhook-delivery", "Nothing was delivered",
                          f"after {how[0]}, no POST reached {receiver.url + hook} within {timeout:g} s"
                          f"{_delivery_note(target, receiver.url + hook)}", "x-ms-notification-content")
        else:
            yield from payload_failures(build, operation, payload)
    deleted = target.call("DELETE", location, connection)
    if not deleted.ok:
        yield failure("webhook-unsubscribe", "DELETE on Location failed",
                      f"DELETE {location} answered {deleted.status_code}: {deleted.text[:300]}",
                      operation.method, "responses")


def payload_failures(build: Build, operation: Operation, payload: Any) -> Iterator[ContractFailure]:
    """Every way `payload` breaks the trigger's x-ms-notification-content schema, naming the field."""
    name = _name(operation)
    schema = {**(operation.notification.schema or {}), "definitions": build.swagger.get("definitions") or {}}
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(payload), key=lambda e: [str(t) for t in e.absolute_path])
    for error in errors:
        field = "/".join(str(t) for t in error.absolute_path) or "the payload"
        schema_tokens = [t for t in error.absolute_schema_path if t not in ("type", "required", "enum", "format")]
        where = build.locate(SWAGGER, pointer("paths", operation.path, "x-ms-notification-content", "schema",
                                              *schema_tokens))
        yield ContractFailure(WEBHOOKS, name, "webhook-payload", f"Payload field {field} breaks the schema",
                              f"{field}: {error.message}", where,
                              broke=f"payload at /{'/'.join(str(t) for t in error.absolute_path)}: "
                                    f"{json.dumps(error.instance, default=str)[:300]}",
                              response=f"POST body: {json.dumps(payload, default=str)[:600]}")


def _name(operation: Operation) -> str:
    """How the report names a trigger: its operationId, or its display name when it has none."""
    return operation.operation_id or operation.display_name


def _subscription(build: Build, operation: Operation, url: str) -> tuple[Any, dict[str, str], dict[str, str]]:
    """What the platform sends to subscribe: its callback URL where x-ms-notification-url marks it, every default,
    and values made from the schema for whatever else is required (body, query, headers)."""
    from generator.mock.fake import Faker
    from generator.mock.generic import notification_url, resolved_parameters

    faker = Faker(build.swagger.get("definitions") or {}, prefer=("default", "example", "x-example"))
    body, params, headers = None, {}, {}
    for param in resolved_parameters(operation, build.connector):
        where, name = param.get("in"), param.get("name")
        if where == "body":
            body = faker.value(param.get("schema") or {}, "body")
        elif where in ("query", "header") and isinstance(name, str) and (param.get("required") or "default" in param):
            if where == "header" and name.lower() in ("content-type", "accept"):
                continue
            value = faker.value({k: v for k, v in param.items() if k not in ("name", "in", "required")}, name)
            (params if where == "query" else headers)[name] = "true" if value is True else str(value)
    found = notification_url(operation, build.connector)
    if found is not None:
        kind, place = found
        if kind == "body" and isinstance(body, dict):
            holder = body
            for name in place[:-1]:
                holder = holder.setdefault(name, {}) if isinstance(holder.get(name, {}), dict) else {}
            holder[place[-1]] = url
        elif kind in ("query", "header"):
            (params if kind == "query" else headers)[place[0]] = url
    return body, params, headers


def _fill_path(build: Build, operation: Operation, fixed: dict[str, str]) -> tuple[str, list[str]]:
    """The operation's path with each parameter from the links, or else its default, enum or example."""
    from generator.mock.generic import resolved_parameters

    declared_by_name = {p.get("name"): p for p in resolved_parameters(operation, build.connector)}
    path, missing = operation.path, []
    for segment in re.findall(r"\{[^{}/]+\}", operation.path):
        name = segment[1:-1]
        declared = declared_by_name.get(name) or {}
        value = fixed.get(name)
        if value is None:
            value = next((v for v in (declared.get("default"), (declared.get("enum") or [None])[0],
                                      declared.get("x-example"), declared.get("example"))
                          if isinstance(v, (str, int)) and not isinstance(v, bool)), None)
        if value is None and declared.get("type") in ("integer", "number"):
            value = 1
        if value is None and declared.get("type", "string") == "string" and "pattern" not in declared:
            value = "contract"
        if value is None:
            missing.append(name)
        else:
            path = path.replace(segment, quote(str(value), safe=""))
    return path, missing


def _delivery_note(target: Target, url: str) -> str:
    """What the mock says about its deliveries to `url`, to explain why nothing arrived."""
    listing = target.simulate("GET", "/deliveries").json().get("deliveries", [])
    tried = [d for d in listing if d.get("url") == url]
    if not tried:
        return "; the mock made no delivery to it (did the event reach this trigger's callback type?)"
    last = tried[-1]
    attempts = "; ".join(f"{a.get('status') or a.get('error')}" for a in last.get("attempts", []))
    return f"; the mock's delivery is {last.get('outcome')} after attempts: {attempts}"
