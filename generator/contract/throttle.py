"""The throttle contract: the call after a connection's budget answers 429 as documented, and waiting works.

With a connection whose budget is untouched: the first `calls` calls in the window get through, the
next answers 429 with Retry-After (whole seconds) and the body the definition documents for 429, and a
client that waits as long as Retry-After says gets through again. In-process the wait moves the mock's
clock instead of sleeping. The throttle is Power Platform's (an API Management policy on the
connector), not the service's, so against a server other than `connector mock` the test is skipped.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlencode
from typing import Any, Iterator

import jsonschema
import requests

from generator.build import SWAGGER, Build
from generator.contract.results import THROTTLE, ContractFailure, Outcome
from generator.contract.target import Target
from generator.findings import pointer
from generator.model import Operation

STATUS = "429"
CHECK = "throttle"


def run_throttle(build: Build, target: Target) -> list[Outcome]:
    throttling = build.connector.throttling
    name = f"{throttling.calls} calls per {throttling.renewal_period} s per connection"
    if not throttling.declared:
        return [Outcome(THROTTLE, "throttle", skipped="the project declares no throttle (policies/throttling.yaml)")]
    if not target.simulator:
        return [Outcome(THROTTLE, name, skipped=f"the throttle is Power Platform's policy, not {target.label}'s: "
                                                "it is checked against `connector mock` only")]
    operation = probe_operation(build)
    if operation is None:
        return [Outcome(THROTTLE, name, skipped="no GET action without required parameters to call repeatedly")]
    started = time.monotonic()
    failures = list(throttle_failures(build, target, operation))
    return [Outcome(THROTTLE, name, failures=failures, elapsed=time.monotonic() - started)]


def probe_operation(build: Build) -> Operation | None:
    """An action any connection may call over and over: a GET that needs no input (TrueDialog: /userinfo)."""
    return next((op for op in build.connector.actions if op.method == "get" and "{" not in op.path
                 and not any(p.get("required") for p in op.parameters or ())), None)


def throttle_failures(build: Build, target: Target, operation: Operation) -> Iterator[ContractFailure]:
    calls, period = build.connector.throttling.calls, build.connector.throttling.renewal_period
    label = f"{operation.method.upper()} {operation.path}"
    connection = target.throttle_connection
    shown = target.shown_connection
    if shown is None:
        credentials = "-H 'Authorization: [Filtered]' "
    else:
        credentials = "".join(f"-H '{k}: {v}' " for k, v in shown.headers().items())
    query = "?" + urlencode(shown.query()) if shown is not None and shown.query() else ""

    def failure(title: str, message: str, response: requests.Response | None = None, *tokens) -> ContractFailure:
        where = build.locate(SWAGGER, pointer("paths", operation.path, operation.method, "responses", *tokens))
        return ContractFailure(THROTTLE, operation.operation_id or label, CHECK, title, message, where,
                               request=f"curl -X {operation.method.upper()} {credentials}"
                                       f"{target.shown_url}{operation.path}{query}",
                               response=_response_text(response))

    for number in range(1, calls + 1):
        response = target.call(operation.method.upper(), operation.path, connection, honor_retry_after=False)
        if response.status_code == 429:
            yield failure("Throttled too early", f"call {number} of the {calls} a connection may make in {period} s "
                          f"answered 429 (a fresh connection is needed: was it used in the last {period} s?)",
                          response, STATUS)
            return
        if not response.ok:
            yield failure("Call refused", f"call {number} of {calls} answered {response.status_code}; the throttle "
                          "test needs calls that succeed", response)
            return
    response = target.call(operation.method.upper(), operation.path, connection, honor_retry_after=False)
    if response.status_code != 429:
        yield failure("No 429", f"call {calls + 1} within {period} s answered {response.status_code}, not 429: the "
                      f"connection was not throttled", response, STATUS)
        return
    documented = _documented_429(build.swagger, operation)
    if documented is None:
        yield failure("429 not documented", f"{label} answers 429 but the definition does not document it", response)
    else:
        yield from _body_failures(build.swagger, documented, response, failure)
    wait = response.headers.get("Retry-After", "")
    if not wait.isdigit() or not 1 <= int(wait) <= period:
        yield failure("Bad Retry-After", f"Retry-After is {wait or 'missing'!r}; it must be whole seconds between 1 "
                      f"and the renewal period ({period})", response, STATUS, "headers")
        return
    body = _json(response)
    message = body.get("message") if isinstance(body, dict) else None
    if isinstance(message, str) and re.search(rf"\b{int(wait)} seconds?\b", message) is None:
        yield failure("Message and Retry-After disagree", f"the message says {message!r} but Retry-After is {wait}",
                      response, STATUS)
    target.sleep(int(wait))
    after = target.call(operation.method.upper(), operation.path, connection, honor_retry_after=False)
    if not after.ok:
        yield failure("Still refused after waiting", f"after waiting Retry-After ({wait} s) the call answered "
                      f"{after.status_code}", after, STATUS)


def _documented_429(swagger: dict[str, Any], operation: Operation) -> dict[str, Any] | None:
    response = (operation.responses or {}).get(STATUS)
    ref = response.get("$ref") if isinstance(response, dict) else None
    if isinstance(ref, str) and ref.startswith("#/responses/"):
        response = (swagger.get("responses") or {}).get(ref.rsplit("/", 1)[1])
    return response if isinstance(response, dict) else None


def _body_failures(swagger: dict[str, Any], documented: dict[str, Any], response: requests.Response,
                   failure) -> Iterator[ContractFailure]:
    body = _json(response)
    if body is None:
        yield failure("429 body is not JSON", f"the 429 body is not JSON: {response.text[:200]!r}", response, STATUS)
        return
    schema = {**(documented.get("schema") or {}), "definitions": swagger.get("definitions") or {}}
    for error in jsonschema.Draft4Validator(schema).iter_errors(body):
        field = "/".join(str(t) for t in error.absolute_path) or "the body"
        yield failure("429 body breaks the schema", f"{field}: {error.message}", response, STATUS)
    if isinstance(body, dict) and "statusCode" in body and body["statusCode"] != 429:
        yield failure("429 body names another status", f"statusCode is {body['statusCode']!r}, not 429", response,
                      STATUS)


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _response_text(response: requests.Response | None) -> str | None:
    if response is None:
        return None
    lines = [f"HTTP {response.status_code} {response.reason or ''}".rstrip()]
    lines += [f"{k}: {v}" for k, v in response.headers.items() if k.lower() in ("retry-after", "content-type")]
    if response.text:
        lines.append(response.text[:600])
    return "\n".join(lines)
