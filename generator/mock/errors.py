"""Error answers in TrueDialog's shape: a JSON array of {ErrorCodeId, ErrorMessage, ObjectType, PropertyName}.

The ErrorCodeId values are the mock's own (TrueDialog does not publish its table); they are stable so
that tests and flows may branch on them, and docs/mock.md lists them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from starlette.responses import JSONResponse


class ErrorCode(enum.IntEnum):
    REQUIRED = 1001
    WRONG_TYPE = 1002
    INVALID_VALUE = 1003
    DUPLICATE = 1004
    INVALID_TARGET = 1005
    MALFORMED_BODY = 1006
    UNAUTHORIZED = 2001
    FORBIDDEN = 2002
    NOT_FOUND = 3001
    METHOD_NOT_ALLOWED = 3002
    BODY_TOO_LARGE = 3003
    NOT_IMPLEMENTED = 3004
    INTERNAL = 5000
    UNAVAILABLE = 5001


@dataclass(frozen=True)
class Problem:
    code: ErrorCode
    message: str
    object_type: str = ""
    property_name: str = ""

    def to_json(self) -> dict:
        return {"ErrorCodeId": int(self.code), "ErrorMessage": self.message, "ObjectType": self.object_type,
                "PropertyName": self.property_name}


class ApiError(Exception):
    """Raised by a handler to answer with an error array; never escapes the app as a 500."""

    def __init__(self, status: int, *problems: Problem, headers: dict[str, str] | None = None) -> None:
        super().__init__(problems[0].message if problems else str(status))
        self.status = status
        self.problems = problems
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        return JSONResponse([p.to_json() for p in self.problems], self.status, headers=self.headers)


def invalid(message: str, property_name: str = "", object_type: str = "", code=ErrorCode.INVALID_VALUE) -> ApiError:
    return ApiError(400, Problem(code, message, object_type, property_name))


def not_found(message: str, object_type: str = "") -> ApiError:
    return ApiError(404, Problem(ErrorCode.NOT_FOUND, message, object_type))


def forbidden(message: str, object_type: str = "") -> ApiError:
    return ApiError(403, Problem(ErrorCode.FORBIDDEN, message, object_type))


def unauthorized() -> ApiError:
    return ApiError(401, Problem(ErrorCode.UNAUTHORIZED, "Authorization has been denied for this request: "
                                 "send the API key and secret with HTTP Basic authentication"),
                    headers={"WWW-Authenticate": 'Basic realm="TrueDialog"'})
