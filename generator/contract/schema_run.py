"""The schema contract: schemathesis runs every check, positive and negative, on the rendered definition.

The definition is the rendered apiDefinition.swagger.json (a deep copy: schemathesis writes the links
it infers into the document it is given). Every phase runs: examples, coverage, fuzzing and the stateful
phase, which follows the definition's x-links and Location headers. Calls are spread over the target's
connections.
"""

from __future__ import annotations

import copy
import json
import secrets
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from generator.build import SWAGGER, Build
from generator.contract.endpoints import Endpoint, endpoints
from generator.contract.hooks import NO_HOOKS, ContractHooks
from generator.contract.exclusions import Exclusion, check_overrides, exclusions
from generator.contract.results import SCHEMA, ContractFailure, Outcome
from generator.contract.target import Target
from generator.contract.values import realistic_values
from generator.findings import Location, pointer

# Response headers worth showing next to a failure: the ones checks and clients act on.
SHOWN_HEADERS = ("content-type", "location", "allow", "retry-after", "www-authenticate")
BODY_EXCERPT = 600
PHASES = ("examples", "coverage", "fuzzing", "stateful")


@dataclass
class SchemaRun:
    """What the schema run did, besides its outcomes: for the summary and for tests to check."""

    outcomes: list[Outcome]
    seed: int
    requests: int = 0
    # Answers 429 the run saw: 0 when traffic was spread as it should be.
    throttled: int = 0
    connections: int = 0
    # Declared links the stateful phase followed, as "Source -> Target (LinkName)".
    links: list[str] = field(default_factory=list)
    inferred_links: int = 0
    exclusions: list[str] = field(default_factory=list)
    # Statuses answered, per operation name: a success never seen means its response schema went unchecked.
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    # Wall seconds of each schemathesis phase that ran (probing, examples, coverage, fuzzing, stateful...).
    phase_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def never_succeeded(self) -> list[str]:
        return sorted(name for name, seen in self.statuses.items() if not any(200 <= s < 300 for s in seen))

    def notes(self) -> list[str]:
        unchecked = self.never_succeeded
        return [f"seed {self.seed} (repeat this run with --seed {self.seed})",
                f"{self.requests} requests over {self.connections} connection(s); {self.throttled} answered 429",
                "every operation answered with success at least once, so every success schema was checked"
                if not unchecked else f"never answered with success, so their success schemas went unchecked: "
                                      f"{', '.join(unchecked)}",
                f"stateful phase followed {len(self.links)} declared link(s): {', '.join(self.links) or 'none'}; "
                f"and {self.inferred_links} link(s) inferred from responses",
                *self.exclusions]


def run_schema(build: Build, target: Target, fixed: dict[str, str], max_examples: int | None = None,
               seed: int | None = None, operation_ids: Iterable[str] = (), phases: Iterable[str] = PHASES,
               hooks: ContractHooks = NO_HOOKS) -> SchemaRun:
    """One outcome per operation, and one for the stateful phase.

    `fixed` holds path values every request uses (see links.link_parameters).
    """
    import schemathesis
    from schemathesis.engine import events, from_schema

    swagger = copy.deepcopy(build.swagger)
    seed = seed if seed is not None else secrets.randbelow(2**31)
    found = exclusions(swagger, hooks)
    config = schemathesis.Config.from_dict(_config(target, swagger, found, fixed, max_examples, seed, set(phases),
                                                   hooks))
    schema = schemathesis.openapi.from_dict(swagger, config=config)
    schema.app = target.app
    selected = list(operation_ids)
    others = [e.operation_id for e in endpoints(swagger) if e.operation_id and e.operation_id not in selected]
    if selected and others:
        # An exclusion, not an inclusion: schemathesis adds the operations named in per-operation settings
        # (every one here) to the included ones.
        schema = schema.exclude(operation_id=others)
    schema.auth(refresh_interval=None)(_pooled_auth(target))

    by_label = {e.label: e for e in endpoints(swagger)}
    outcomes = {e.label: Outcome(SCHEMA, e.name) for e in by_label.values()
                if not selected or e.operation_id in selected}
    stateful = Outcome(SCHEMA, "stateful phase (x-links and Location headers)")
    run = SchemaRun([*outcomes.values(), stateful], seed, exclusions=[_describe(e, by_label) for e in found])
    ran: set[str] = set()
    seen: set[tuple] = set()
    followed: set[tuple[str, bool]] = set()
    started: dict[str, float] = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseStarted):
            started[event.phase.name.value] = time.monotonic()
        elif isinstance(event, events.PhaseFinished) and event.phase.name.value in started:
            name = event.phase.name.value
            run.phase_seconds[name] = time.monotonic() - started[name]
        elif isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            run.requests += len(recorder.interactions)
            for case_id, interaction in recorder.interactions.items():
                if interaction.response is not None and case_id in recorder.cases:
                    label = recorder.cases[case_id].value.operation.label
                    run.statuses[by_label[label].name if label in by_label else label][
                        interaction.response.status_code] += 1
            run.throttled = sum(counts[429] for counts in run.statuses.values())
            followed |= {(node.transition.id, node.transition.is_inferred) for node in recorder.cases.values()
                         if node.transition is not None and node.is_transition_applied}
            outcome = outcomes.get(recorder.label, stateful)
            outcome.elapsed += event.elapsed_time
            if event.skip_reason is None:
                ran.add(recorder.label)
            for failure in _failures(build, target, by_label, recorder):
                key = (failure.operation, failure.check, failure.title, failure.message)
                if key not in seen:
                    seen.add(key)
                    owner = next((o for o in outcomes.values() if o.name == failure.operation), stateful)
                    owner.failures.append(failure)
        elif isinstance(event, events.NonFatalError):
            stateful.failures.append(ContractFailure(SCHEMA, event.label, "error", "The run hit an error",
                                                     event.info.format(), Location(SWAGGER, "")))
        elif isinstance(event, events.FatalError):
            stateful.failures.append(ContractFailure(SCHEMA, "run", "error", "The run could not go on",
                                                     f"{type(event.exception).__name__}: {event.exception}",
                                                     Location(SWAGGER, "")))
    for label, outcome in outcomes.items():
        if label not in ran and not outcome.failures:
            outcome.skipped = "schemathesis generated no test for this operation"
    run.connections = target.pool.used
    run.links = _declared_links(followed, by_label)
    run.inferred_links = sum(1 for _, inferred in followed if inferred)
    return run


def _config(target: Target, swagger: dict[str, Any], found: list[Exclusion], fixed: dict[str, str],
            max_examples: int | None, seed: int, phases: set[str], hooks: ContractHooks) -> dict[str, Any]:
    values = realistic_values(swagger, hooks)
    config: dict[str, Any] = {
        "seed": seed,
        "base-url": target.base_url,
        # A contract run leaves nothing behind in the project: no example database, no cache.
        "generation": {"database": "none", **({"max-examples": max_examples} if max_examples else {})},
        "cache": {"enabled": False},
        "parameters": fixed,
        "dictionaries": values.dictionaries,
        "output": {"sanitization": {"enabled": not target.shows_credentials()}},
    }
    config["phases"] = {phase: {"enabled": phase in phases} for phase in PHASES}
    if not target.in_process:
        # A live service throttles for real: wait as long as its Retry-After says, then go on.
        config["rate-limit"] = "auto"
    per_operation: dict[str, dict[str, Any]] = {label: {"parameters": bound}
                                                for label, bound in values.bindings.items()}
    for label, phase, check, settings in check_overrides(found):
        if check == "max_response_time":
            # Off unless given a limit: nothing to switch off.
            continue
        scope = per_operation.setdefault(label, {}) if label else config
        if phase:
            scope = scope.setdefault("phases", {}).setdefault(phase, {})
        scope.setdefault("checks", {})[check] = settings
    if per_operation:
        config["operations"] = [{"include-name": label, **settings} for label, settings in per_operation.items()]
    return config


def _declared_links(followed: set[tuple[str, bool]], by_label: dict[str, Endpoint]) -> list[str]:
    """The declared links among the transitions followed, as `Source -> Target (LinkName)`."""
    declared = []
    for transition, inferred in sorted(followed):
        parts = transition.split(" -> ")
        if inferred or len(parts) != 3:
            continue
        source, target = (by_label[p].name if p in by_label else p for p in (parts[0], parts[2]))
        declared.append(f"{source} -> {target} ({parts[1].split('] ')[-1]})")
    return declared


def _describe(item: Exclusion, by_label: dict[str, Endpoint]) -> str:
    names = [by_label[label].name if label in by_label else label for label in item.operations]
    scope = ", ".join(names) if names else "every operation"
    if item.phase:
        scope += f" in the {item.phase} phase"
    effect = f"also accepts {', '.join(item.also_expected)}" if item.also_expected else "off"
    return f"exclusion {item.id}: {item.check} {effect} for {scope}: {item.reason}"


def _pooled_auth(target: Target):
    """A schemathesis auth provider that spreads cases over the target's connections."""
    pool = target.pool

    class PooledConnections:
        def get(self, case, context):
            return pool.next()

        def set(self, case, connection, context):
            case.headers = {**(case.headers or {}), **connection.headers()}
            if connection.query():
                case.query = {**(case.query or {}), **connection.query()}

    return PooledConnections


def _failures(build: Build, target: Target, by_label: dict[str, Endpoint], recorder) -> list[ContractFailure]:
    found = []
    for case_id, nodes in recorder.checks.items():
        for node in nodes:
            if node.failure_info is None:
                continue
            failure = node.failure_info.failure
            failing_id = failure.case_id or case_id
            case = recorder.cases[failing_id].value
            interaction = recorder.interactions.get(failing_id)
            response = interaction.response if interaction is not None else None
            endpoint = by_label.get(failure.operation or recorder.label)
            headers = {k: v[0] for k, v in interaction.request.headers.items()} if interaction else {}
            found.append(ContractFailure(
                SCHEMA, endpoint.name if endpoint else (failure.operation or recorder.label), node.name,
                failure.title, failure.message.strip(), _location(build, endpoint, response),
                request=_curl(target, case, headers), broke=_broke(node.name, failure, response),
                response=_response_text(response)))
    return found


def _location(build: Build, endpoint: Endpoint | None, response) -> Location:
    if endpoint is None:
        return Location(SWAGGER, "")
    tokens: list[Any] = ["paths", endpoint.path, endpoint.method]
    responses = endpoint.definition.get("responses") or {}
    if response is not None and str(response.status_code) in responses:
        tokens += ["responses", str(response.status_code)]
    elif response is not None:
        tokens.append("responses")
    return build.locate(SWAGGER, pointer(*tokens))


def _curl(target: Target, case, headers: dict[str, str]) -> str:
    """The request as a curl command against the URL a user can reach (`connector mock` for in-process runs)."""
    shown = {k: v for k, v in headers.items() if k.lower() not in ("user-agent", "accept-encoding", "connection",
                                                                     "content-length", "accept")}
    if target.shown_connection is not None and target.pool.owns(shown, case.query or {}):
        # The run's own connections exist only in-process; the mock's own credentials do the same in `connector mock`.
        for connection in target.pool.connections[:1]:
            for name in connection.headers():
                shown = {k: v for k, v in shown.items() if k.lower() != name.lower()}
        shown.update(target.shown_connection.headers())
        if target.shown_connection.query():
            # The query belongs to the case; swapped for the command and put back.
            query = case.query
            case.query = {**(query or {}), **target.shown_connection.query()}
            try:
                return case.as_curl_command(headers=shown, base_url=target.shown_url)
            finally:
                case.query = query
    return case.as_curl_command(headers=shown, base_url=target.shown_url)


def _broke(check: str, failure, response) -> str | None:
    """The part of the response a failure is about, when schemathesis says which."""
    if hasattr(failure, "instance_path") and hasattr(failure, "instance"):
        part = "response headers" if check == "response_headers_conformance" else "response body"
        where = pointer(*failure.instance_path) or "/"
        return f"{part} at {where}: {json.dumps(failure.instance, ensure_ascii=False, default=str)[:300]}"
    if getattr(failure, "missing_headers", None):
        return f"missing response headers: {', '.join(failure.missing_headers)}"
    if response is not None and getattr(failure, "status_code", None) is not None:
        return f"status {response.status_code}"
    return None


def _response_text(response) -> str | None:
    if response is None:
        return None
    lines = [f"HTTP {response.status_code} {response.message}".rstrip()]
    for name, values in response.headers.items():
        if name.lower() in SHOWN_HEADERS:
            lines.append(f"{name}: {values[0] if isinstance(values, list) else values}")
    text = response.text_lossy().strip()
    if text:
        lines.append(text if len(text) <= BODY_EXCERPT else text[:BODY_EXCERPT] + " …")
    return "\n".join(lines)

