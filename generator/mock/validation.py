"""Reading a request the way the operation declares it: path, query and header parameters, and the body.

The checks come from the model (each parameter's type, enum, required flag, and the body schema with
the connector's definitions); what the values mean is the handlers' business. Every problem found is
reported at once, as TrueDialog does, with the property it is about.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping

import jsonschema

from generator.jsonio import json_type
from generator.mock.errors import ApiError, ErrorCode, Problem
from generator.model import Connector, Operation

_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
# Integers declared int32 or int64 must fit, as they must in a .NET or Java model, and dates must be dates; no
# other format is checked.
_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("int32")
def _fits_int32(value: Any) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -2**31 <= value < 2**31


@_FORMATS.checks("date")
def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@_FORMATS.checks("date-time")
def _is_date_time(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return "T" in value.upper() or " " in value


@_FORMATS.checks("int64")
def _fits_int64(value: Any) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -2**63 <= value < 2**63


@dataclass(frozen=True)
class Inputs:
    path: Mapping[str, str]
    query: Mapping[str, Any]
    headers: Mapping[str, Any]
    body: Any


class RequestReader:
    """The parameters of one operation, ready to check requests against."""

    def __init__(self, operation: Operation, connector: Connector) -> None:
        self.object_type = _object_type(operation)
        definitions = {d.name: d.schema for d in connector.definitions}
        params = [_resolve(p, connector) for p in operation.parameters or () if isinstance(p, Mapping)]
        self.simple = [p for p in params if p.get("in") in ("path", "query", "header") and isinstance(p.get("name"), str)]
        self.checks = {id(p): _parameter_validator(p) for p in self.simple}
        self.form = [p for p in params if p.get("in") == "formData" and isinstance(p.get("name"), str)]
        consumes = operation.extra.get("consumes") or connector.consumes or ("application/json",)
        self.consumes = tuple(c.split(";")[0].strip().lower() for c in consumes if isinstance(c, str))
        body = next((p for p in params if p.get("in") == "body"), None)
        self.has_body = body is not None
        self.body_required = bool(body and body.get("required"))
        self.body_validator = None
        if body is not None:
            schema = dict(body.get("schema") or {}) if isinstance(body.get("schema"), Mapping) else {}
            schema["definitions"] = definitions
            self.body_validator = jsonschema.Draft4Validator(_nullable(schema), format_checker=_FORMATS)

    def read(self, path: Mapping[str, str], query: Mapping[str, str], headers: Mapping[str, str],
             raw_body: bytes) -> Inputs:
        problems: list[Problem] = []
        values: dict[str, dict[str, Any]] = {"path": dict(path), "query": {}, "header": {}}
        for param in self.simple:
            where, name = param["in"], param["name"]
            source = {"path": path, "query": query, "header": headers}[where]
            raw = source.get(name.lower() if where == "header" else name)
            if where == "query" and param.get("type") == "array" and param.get("collectionFormat") == "multi":
                raw = query.getlist(name) if hasattr(query, "getlist") and name in query else None
            if raw is None:
                if param.get("required"):
                    problems.append(Problem(ErrorCode.REQUIRED, f"{name} is required", self.object_type, name))
                continue
            value, problem = _convert(param, raw, self.object_type)
            if problem is None:
                problem = _constraint_problem(self.checks[id(param)], param, value, self.object_type)
            if problem:
                problems.append(problem)
            else:
                values[where][name] = value
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        if self.form:
            body = self._form(raw_body, headers, problems)
        elif raw_body.strip() and "json" not in kind and kind in self.consumes:
            # A body in another media type the operation declares (multipart, text, bytes) is taken as it is:
            # its parts cannot be held against the JSON schema. Anything else is read as JSON.
            body = None
        else:
            body = self._body(raw_body, problems)
        if problems:
            raise ApiError(400, *problems)
        return Inputs(values["path"], values["query"], values["header"], body)

    def _form(self, raw: bytes, headers: Mapping[str, str], problems: list[Problem]) -> None:
        """Form fields (multipart or urlencoded): each required one must be sent; their values are not read."""
        kind = headers.get("content-type", "")
        if raw.strip() and "multipart/form-data" not in kind and "application/x-www-form-urlencoded" not in kind:
            problems.append(Problem(ErrorCode.MALFORMED_BODY, "the body must be a form (multipart/form-data or "
                                    "application/x-www-form-urlencoded)", self.object_type))
            return None
        text = raw.decode("utf-8", "replace")
        for param in self.form:
            name = param["name"]
            sent = f'name="{name}"' in text if "multipart" in kind else \
                any(pair.split("=", 1)[0] == name for pair in text.split("&"))
            if param.get("required") and not sent:
                problems.append(Problem(ErrorCode.REQUIRED, f"{name} is required", self.object_type, name))
        return None

    def _body(self, raw: bytes, problems: list[Problem]) -> Any:
        if not raw.strip():
            if self.body_required:
                problems.append(Problem(ErrorCode.REQUIRED, "the request body is required", self.object_type))
            return None
        if not self.has_body:
            return None
        try:
            body = parse_json(raw)
        except ValueError as exc:
            problems.append(Problem(ErrorCode.MALFORMED_BODY, f"the body is not valid JSON: {exc}",
                                    self.object_type))
            return None
        try:
            errors = sorted(self.body_validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
        except RecursionError:
            problems.append(Problem(ErrorCode.MALFORMED_BODY, "the body is nested too deeply", self.object_type))
            return None
        problems.extend(_problem(e, self.object_type) for e in errors)
        return body


def _nullable(schema: Any) -> Any:
    """The schema with `x-nullable: true` as JSON Schema says it (null is one more accepted type)."""
    if isinstance(schema, list):
        return [_nullable(item) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    copied = {k: _nullable(v) for k, v in schema.items()}
    if schema.get("x-nullable") is True and isinstance(schema.get("type"), str):
        copied["type"] = [schema["type"], "null"]
        if isinstance(copied.get("enum"), list):
            copied["enum"] = [*copied["enum"], None]
    return copied


def _resolve(param: Mapping[str, Any], connector: Connector) -> Mapping[str, Any]:
    ref = param.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/parameters/"):
        return (connector.shared_parameters or {}).get(ref.rsplit("/", 1)[1], {})
    return param


def _object_type(operation: Operation) -> str:
    """The kind of object an operation works on, from its path (contact, callback, account...)."""
    literal = [s for s in operation.path.strip("/").split("/") if s and not s.startswith("{") and s[0] != "-"]
    name = literal[-1] if literal else "request"
    return name.split("-")[0].capitalize()


# Keywords a path, query or header parameter may constrain its value with (Swagger 2.0 keeps them on the parameter).
_PARAMETER_KEYWORDS = ("type", "format", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                       "multipleOf", "minLength", "maxLength", "pattern", "items", "minItems", "maxItems", "uniqueItems")
_SEPARATORS = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|"}


def _parameter_validator(param: Mapping[str, Any]) -> jsonschema.Draft4Validator | None:
    schema = {k: param[k] for k in _PARAMETER_KEYWORDS if k in param and k not in ("type", "enum")}
    if param.get("type") == "file" or not schema:
        return None
    try:
        validator = jsonschema.Draft4Validator(schema, format_checker=_FORMATS)
        validator.is_valid("")
    except Exception:  # noqa: BLE001 - a constraint jsonschema cannot read is not enforced
        return None
    return validator


def _constraint_problem(validator, param: Mapping[str, Any], value: Any, object_type: str) -> Problem | None:
    if validator is None:
        return None
    try:
        error = next(iter(validator.iter_errors(value)), None)
    except Exception:  # noqa: BLE001 - a pattern Python cannot compile is not enforced
        return None
    if error is None:
        return None
    name = param["name"]
    return Problem(ErrorCode.INVALID_VALUE, f"{name}: {error.message}", object_type, name)


def _scalar(kind: str, raw: str) -> Any:
    if kind == "integer":
        return int(raw)
    if kind == "number":
        return float(raw)
    if kind == "boolean":
        if raw.lower() not in ("true", "false"):
            raise ValueError
        return raw.lower() == "true"
    return raw


def _convert(param: Mapping[str, Any], raw: Any, object_type: str) -> tuple[Any, Problem | None]:
    name, kind = param["name"], param.get("type", "string")
    value: Any = raw
    try:
        if kind == "array":
            items = param.get("items") if isinstance(param.get("items"), Mapping) else {}
            parts = raw if isinstance(raw, list) else \
                (raw.split(_SEPARATORS.get(param.get("collectionFormat", "csv"), ",")) if raw else [])
            value = [_scalar(items.get("type", "string"), part) for part in parts]
        else:
            value = _scalar(kind, raw)
    except ValueError:
        return None, Problem(ErrorCode.WRONG_TYPE, f"{name} must be of type {kind}, not {raw!r}", object_type, name)
    if kind == "array":
        allowed = (param.get("items") or {}).get("enum") if isinstance(param.get("items"), Mapping) else None
        if isinstance(allowed, list) and any(v not in allowed for v in value):
            return None, Problem(ErrorCode.INVALID_VALUE, f"{name} items must be among {', '.join(map(str, allowed))}",
                                 object_type, name)
        return value, None
    if "enum" in param and value not in param["enum"]:
        allowed = ", ".join(map(str, param["enum"]))
        return None, Problem(ErrorCode.INVALID_VALUE, f"{name} must be one of {allowed}", object_type, name)
    return value, None


def _problem(error: jsonschema.ValidationError, object_type: str) -> Problem:
    where = _property(error.absolute_path)
    if error.validator == "required":
        missing = ast.literal_eval(error.message.removesuffix(" is a required property"))
        name = f"{where}.{missing}" if where and missing else missing or where
        return Problem(ErrorCode.REQUIRED, f"{name} is required", object_type, name)
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        actual = json_type(error.instance)
        return Problem(ErrorCode.WRONG_TYPE, f"{where or 'the body'} must be of type {expected}, not {actual}",
                       object_type, where)
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return Problem(ErrorCode.INVALID_VALUE, f"{where or 'the body'} must be one of {allowed}", object_type, where)
    return Problem(ErrorCode.INVALID_VALUE, f"{where or 'the body'}: {error.message}", object_type, where)


def _property(path) -> str:
    text = ""
    for token in path:
        text += f"[{token}]" if isinstance(token, int) else (f".{token}" if text else str(token))
    return text


def parse_json(raw: bytes) -> Any:
    """The JSON value of a request body, or ValueError saying why it is none.

    Beyond the grammar: the text must be UTF-8 (json.loads would take UTF-16 and let the bytes of a
    surrogate through), NaN and Infinity are refused, and so are escaped lone surrogates (a "\\ud800"
    alone): text that no UTF-8 answer or webhook could carry later must not reach the state.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"it is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise ValueError("it is nested too deeply") from None
    except ValueError as exc:
        raise ValueError(str(exc) or "it cannot be decoded") from None
    if _ESCAPED_SURROGATE.search(raw):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("it contains a lone UTF-16 surrogate (an escape such as \\ud800)") from None
        except RecursionError:
            raise ValueError("it is nested too deeply") from None
    return value


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")
