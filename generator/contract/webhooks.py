"""The webhook contract: each trigger delivers what its x-ms-notification-content promises.

For every webhook trigger, as Power Platform does it: subscribe through the trigger operation with the
URL of a local receiver (a real HTTP server on a free port), read the Location of the 201, make the
event happen on the mock (/_mock/ routes, or a push campaign for delivery notices), wait for the POST,
validate its JSON body against the trigger's payload schema, and unsubscribe with DELETE on Location.
Only a `connector mock` can make events happen; against another server the suite is skipped, saying why.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator

import jsonschema

from generator.build import SWAGGER, Build
from generator.contract.results import WEBHOOKS, ContractFailure, Outcome
from generator.contract.target import Connection, Target
from generator.contract.values import PHONES
from generator.findings import pointer
from generator.mock import events
from generator.model import Operation

DELIVERY_TIMEOUT = 10.0
KEYWORD = "CONTRACT"


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
    """What an event simulator needs: where to call, as whom, in which account and channel."""

    target: Target
    connection: Connection
    account: str
    channel: str
    sender: str
    build: Build

    def text(self, message: str) -> str | None:
        """An end user texts the account's channel; None, or why the mock refused."""
        response = self.target.simulate("POST", "/inbound", json={"from": self.sender, "to": self.channel,
                                                                  "text": message})
        return None if response.status_code == 202 else f"POST /_mock/inbound answered {response.status_code}: " \
                                                          f"{response.text[:300]}"

    def push(self, targets: list[str], ignore_invalid: bool = False) -> str | None:
        """Send an SMS through the connector's own push campaign operation."""
        operation = self.build.connector.operation("Campaign_Push")
        if operation is None:
            return "the connector has no Campaign_Push operation to send a message with"
        body = {"Channels": ["22"], "Targets": targets, "Message": "Sent by the webhook contract", "Execute": True,
                "CampaignId": 0, "IgnoreInvalidTargets": ignore_invalid}
        path = operation.path.replace("{accountId}", self.account)
        response = self.target.call("POST", path, self.connection, json=body)
        return None if response.ok else f"POST {path} answered {response.status_code}: {response.text[:300]}"


Simulator = Callable[[Event], str | None]
SIMULATORS: dict[int, tuple[str, Simulator]] = {}


def simulates(callback_type: int, how: str) -> Callable[[Simulator], Simulator]:
    """Register how to make an event of a TrueDialog callback type happen on the mock."""
    def register(simulator: Simulator) -> Simulator:
        SIMULATORS[callback_type] = (how, simulator)
        return simulator

    return register


@simulates(events.INCOMING_MESSAGE, "an end user texts the account's channel")
def incoming_message(event: Event) -> str | None:
    return event.text("Hello from the webhook contract")


@simulates(events.KEYWORD, "an end user texts a keyword registered on the account")
def keyword(event: Event) -> str | None:
    response = event.target.simulate("POST", "/keywords", json={"accountId": int(event.account), "keyword": KEYWORD})
    if response.status_code != 201:
        return f"POST /_mock/keywords answered {response.status_code}: {response.text[:300]}"
    return event.text(f"{KEYWORD} please")


@simulates(events.STOP, "an end user texts STOP")
def stop(event: Event) -> str | None:
    return event.text("STOP")


@simulates(events.DELIVERY_NOTICE, "a message is sent, and its delivery notice comes back")
def delivery_notice(event: Event) -> str | None:
    return event.push([event.sender])


@simulates(events.INVALID_TARGETS, "a message is sent with one invalid target, ignoring invalid targets")
def invalid_targets(event: Event) -> str | None:
    return event.push([event.sender, "not-a-number"], ignore_invalid=True)


def run_webhooks(build: Build, target: Target, fixed: dict[str, str],
                 timeout: float = DELIVERY_TIMEOUT) -> list[Outcome]:
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
            outcome.failures = list(_trigger_contract(build, target, fixed, receiver, operation,
                                                      PHONES[-1 - number], timeout))
            outcome.elapsed = time.monotonic() - started
            outcomes.append(outcome)
    return outcomes


def _trigger_contract(build: Build, target: Target, fixed: dict[str, str], receiver: Receiver,
                      operation: Operation, sender: str, timeout: float) -> Iterator[ContractFailure]:
    name = _name(operation)

    def failure(check: str, title: str, message: str, *tokens) -> ContractFailure:
        where = build.locate(SWAGGER, pointer("paths", operation.path, *(tokens or (operation.method,))))
        return ContractFailure(WEBHOOKS, name, check, title, message, where)

    callback_type = events.callback_type_of(operation)
    how = SIMULATORS.get(callback_type)
    if how is None:
        yield failure("webhook-event", "No way to make this event happen",
                      f"the trigger subscribes to callback type {callback_type}, which the contract cannot simulate")
        return
    path, missing = _fill_path(operation.path, fixed)
    if missing:
        yield failure("webhook-subscribe", "Cannot subscribe",
                      f"no value for the path parameter(s) {', '.join(missing)}: the definition's links give none")
        return
    hook = f"/hooks/{name}"
    connection = target.pool.next()
    response = target.call(operation.method.upper(), path, connection,
                           json=_subscription(operation, receiver.url + hook))
    location = response.headers.get("Location")
    if not response.ok or not location:
        yield failure("webhook-subscribe", "Subscription refused" if not response.ok else "No Location header",
                      f"{operation.method.upper()} {path} answered {response.status_code}"
                      f"{'' if location else ' without a Location header, so the platform could never unsubscribe'}"
                      f": {response.text[:300]}", operation.method, "responses")
        return
    account = fixed.get(_account_parameter(operation) or "", "")
    error = how[1](Event(target, connection, account, _channel(target, account), sender, build))
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


def _subscription(operation: Operation, url: str) -> dict[str, Any]:
    """The body the platform sends: its callback URL in the notification property, defaults elsewhere."""
    notification = operation.notification_url_property
    body = {}
    for parameter in operation.parameters or ():
        if parameter.get("in") == "body":
            for name, prop in ((parameter.get("schema") or {}).get("properties") or {}).items():
                if name == notification:
                    body[name] = url
                elif isinstance(prop, dict) and "default" in prop:
                    body[name] = prop["default"]
    return body


def _fill_path(path: str, fixed: dict[str, str]) -> tuple[str, list[str]]:
    missing = []
    for segment in path.split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            if segment[1:-1] in fixed:
                path = path.replace(segment, fixed[segment[1:-1]])
            else:
                missing.append(segment[1:-1])
    return path, missing


def _account_parameter(operation: Operation) -> str | None:
    return next((p["name"] for p in operation.parameters or () if p.get("in") == "path"
                 and str(p.get("name", "")).lower() == "accountid"), None)


def _channel(target: Target, account: str) -> str:
    """The code of the account's default channel, as the mock's state lists it."""
    state = target.simulate("GET", "/state").json()
    for item in state.get("accounts", ()):
        if str(item.get("id")) == account:
            channels = item.get("channels") or []
            chosen = next((c for c in channels if c.get("default")), channels[0] if channels else None)
            return chosen["code"] if chosen else ""
    return ""


def _delivery_note(target: Target, url: str) -> str:
    """What the mock says about its deliveries to `url`, to explain why nothing arrived."""
    listing = target.simulate("GET", "/deliveries").json().get("deliveries", [])
    tried = [d for d in listing if d.get("url") == url]
    if not tried:
        return "; the mock made no delivery to it (did the event reach this trigger's callback type?)"
    last = tried[-1]
    attempts = "; ".join(f"{a.get('status') or a.get('error')}" for a in last.get("attempts", []))
    return f"; the mock's delivery is {last.get('outcome')} after attempts: {attempts}"
