"""Errors of the mock: each problem with a stable code, the message and the property it is about.

The codes are the mock's own; they are stable so that tests and flows may branch on them, and
docs/mock.md lists them. How an error is written on the wire is the behaviour's business: the generic
mock answers a problem document (RFC 9457), a pack may answer in its API's own shape.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from http import HTTPStatus

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



def problem_document(error: ApiError) -> dict:
    """The error as an RFC 9457 problem: the first message as detail, every problem under `errors`."""
    try:
        title = HTTPStatus(error.status).phrase
    except ValueError:
        title = "Error"
    document = {"type": "about:blank", "title": title, "status": error.status,
                "detail": error.problems[0].message if error.problems else title}
    if error.problems:
        document["errors"] = [{"code": int(p.code), "message": p.message,
                               **({"parameter": p.property_name} if p.property_name else {})}
                              for p in error.problems]
    return document


def problem_response(error: ApiError, media_type: str = "application/json") -> JSONResponse:
    """The problem document as `media_type`: the operation's own JSON type, since a client (and schemathesis)
    expects only the media types the definition produces."""
    return JSONResponse(problem_document(error), error.status, headers=error.headers, media_type=media_type)


def invalid(message: str, property_name: str = "", object_type: str = "", code=ErrorCode.INVALID_VALUE) -> ApiError:
    return ApiError(400, Problem(code, message, object_type, property_name))


def not_found(message: str, object_type: str = "") -> ApiError:
    return ApiError(404, Problem(ErrorCode.NOT_FOUND, message, object_type))


def forbidden(message: str, object_type: str = "") -> ApiError:
    return ApiError(403, Problem(ErrorCode.FORBIDDEN, message, object_type))

