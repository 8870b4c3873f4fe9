"""Answers drawn from the definition: the declared status, headers and body of an operation's response.

The body is the declared example when there is one (`examples` on the response, `example` on its
schema, or an inline `x-ms-examples` entry), otherwise a value generated from the schema
(generator.mock.fake: deterministic, so the same definition always gives the same answer). Errors are
written as a problem document, or in the declared error schema when the operation documents one
that a problem document does not fit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

import jsonschema
from starlette.responses import JSONResponse, Response

from generator.mock.errors import ApiError, problem_document, problem_response
from generator.mock.fake import Faker
from generator.model import Connector, Operation

JSON = "application/json"
MISSING = object()
# Error properties a message fits in, by name; the first one the declared error schema has gets it.
MESSAGE_PROPERTIES = ("message", "Message", "error_description", "detail", "error", "errorMessage", "title",
                      "description", "msg")


@dataclass
class Answer:
    """One declared response of an operation, resolved: status, schema, headers, and its body once made."""

    status: int
    schema: Mapping[str, Any] | None
    headers: Mapping[str, Any]
    media_type: str
    example: Any = MISSING
    _body: Any = field(default=MISSING, repr=False)

    def body(self, faker: Faker) -> Any:
        """The example, or the value generated from the schema (made once, then reused)."""
        if self._body is MISSING:
            if self.example is not MISSING:
                self._body = self.example
            elif self.schema is None:
                self._body = None
            else:
                self._body = faker.value(self.schema, "value")
        return self._body

    def header_values(self, faker: Faker) -> dict[str, str]:
        values = {}
        for name, declared in self.headers.items():
            if isinstance(declared, Mapping):
                value = faker.value({k: v for k, v in declared.items() if k != "description"}, name)
                values[name] = _header_text(value)
        return values


def _header_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


class Responses:
    """The declared answers of every operation of a connector, resolved once."""

    def __init__(self, connector: Connector) -> None:
        self.connector = connector
        self.definitions = {d.name: d.schema for d in connector.definitions}
        self.faker = Faker(self.definitions)
        self._success: dict[int, Answer | None] = {}
        self._error_validators: dict[tuple[int, str], Any] = {}

    def declared(self, operation: Operation, status: str) -> Mapping[str, Any] | None:
        response = (operation.responses or {}).get(status)
        if isinstance(response, Mapping) and isinstance(response.get("$ref"), str):
            response = (self.connector.shared_responses or {}).get(response["$ref"].rsplit("/", 1)[-1])
        return response if isinstance(response, Mapping) else None

    def success(self, operation: Operation) -> Answer:
        """The answer of a call that succeeds: the lowest declared 2xx, else `default` as 200, else a bare 200."""
        key = id(operation)
        if key not in self._success:
            codes = sorted(int(c) for c in (operation.responses or {}) if str(c).isdigit() and 200 <= int(c) < 300)
            status = str(codes[0]) if codes else "default"
            self._success[key] = self._answer(operation, status, 200 if status == "default" else int(status))
        return self._success[key]

    def _answer(self, operation: Operation, status: str, code: int) -> Answer:
        response = self.declared(operation, status) or {}
        schema = response.get("schema") if isinstance(response.get("schema"), Mapping) else None
        produces = operation.extra.get("produces") or self.connector.produces or (JSON,)
        media = next((m for m in produces if isinstance(m, str) and "json" in m), None)
        media = media or next((m for m in produces if isinstance(m, str)), JSON)
        answer = Answer(code, schema, response.get("headers") if isinstance(response.get("headers"), Mapping) else {},
                        media)
        examples = response.get("examples")
        if isinstance(examples, Mapping) and examples:
            answer.example = examples.get(media, examples.get(JSON, next(iter(examples.values()))))
        elif schema is not None and "example" in schema:
            answer.example = schema["example"]
        else:
            answer.example = _x_ms_example(operation, status)
        if code == 204:
            answer.schema, answer.example = None, MISSING
        return answer

    def render(self, answer: Answer, body: Any = MISSING, headers: Mapping[str, str] | None = None) -> Response:
        """The HTTP response of an answer, with `body` instead of the generated one when given."""
        all_headers = {**answer.header_values(self.faker), **(headers or {})}
        if body is MISSING:
            body = answer.body(self.faker)
        if answer.status == 204 or (answer.schema is None and body is None):
            # No body, but the media type the operation produces: clients and checks expect it on every answer.
            return Response(status_code=answer.status, headers=all_headers, media_type=answer.media_type)
        if "json" not in answer.media_type:
            content = body if isinstance(body, (str, bytes)) else json.dumps(body)
            return Response(content, answer.status, headers=all_headers, media_type=answer.media_type)
        return JSONResponse(body, answer.status, headers=all_headers)

    def error(self, error: ApiError, operation: Operation | None) -> Response:
        """A problem document, unless the operation declares an error schema it does not fit: then a body made
        from that schema, with the problem's message in its message property."""
        declared = None
        if operation is not None:
            declared = self.declared(operation, str(error.status)) or self.declared(operation, "default")
        schema = declared.get("schema") if isinstance(declared, Mapping) else None
        media = self.success(operation).media_type if operation is not None else JSON
        if "json" not in media:
            # An operation that only produces text or bytes answers its errors as text too.
            return Response(problem_document(error)["detail"], error.status, headers=error.headers, media_type=media)
        if not isinstance(schema, Mapping):
            return problem_response(error, media)
        document = problem_document(error)
        validator = self._error_validator(operation, str(error.status), schema)
        if validator is None or validator.is_valid(document):
            return problem_response(error, media)
        body = self.faker.value(schema, "error")
        message = document["detail"]
        if isinstance(body, dict):
            target, _ = self.faker.resolve(schema)
            properties = target.get("properties") or {}
            for name in MESSAGE_PROPERTIES:
                if name in properties:
                    candidate = {**body, name: message}
                    if validator.is_valid(candidate):
                        body = candidate
                        break
        elif isinstance(body, str) and validator.is_valid(message):
            body = message
        return JSONResponse(body, error.status, headers=error.headers, media_type=media)

    def _error_validator(self, operation: Operation, status: str, schema: Mapping[str, Any]):
        key = (id(operation), status)
        if key not in self._error_validators:
            try:
                validator = jsonschema.Draft4Validator({**schema, "definitions": self.definitions})
                validator.is_valid(None)
            except Exception:  # noqa: BLE001 - a schema jsonschema cannot read: the problem document it is
                validator = None
            self._error_validators[key] = validator
        return self._error_validators[key]


def _x_ms_example(operation: Operation, status: str) -> Any:
    """The response body of the first inline x-ms-examples entry for this status (file references are skipped)."""
    examples = operation.extra.get("x-ms-examples")
    if not isinstance(examples, Mapping):
        return MISSING
    for example in examples.values():
        responses = example.get("responses") if isinstance(example, Mapping) else None
        response = responses.get(status) if isinstance(responses, Mapping) else None
        if isinstance(response, Mapping) and "body" in response:
            return response["body"]
    return MISSING
