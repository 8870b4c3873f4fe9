"""Path values the definition's own links provide, looked up once before the contract runs.

TrueDialog: GET /userinfo links its accountId to every operation on the account, so the run works in
the account of the connection instead of guessing ids that only ever answer 404.
"""

from __future__ import annotations

from typing import Any

from generator.contract.endpoints import endpoints
from generator.contract.target import Target
from generator.findings import resolve_pointer

BODY_EXPRESSION = "$response.body#"


def link_parameters(swagger: dict[str, Any], target: Target) -> dict[str, str]:
    """{parameter name: value} from the links of GET operations without required inputs (the first value wins)."""
    values: dict[str, str] = {}
    for endpoint in endpoints(swagger):
        if endpoint.method != "get" or any(p.get("required") for p in endpoint.definition.get("parameters") or ()):
            continue
        links = [link for status, response in (endpoint.definition.get("responses") or {}).items()
                 if str(status).startswith("2") and isinstance(response, dict)
                 for link in (response.get("x-links") or {}).values() if isinstance(link, dict)]
        if not links:
            continue
        response = target.call("GET", endpoint.path, target.pool.next())
        if not response.ok:
            continue
        try:
            body = response.json()
        except ValueError:
            continue
        for link in links:
            for name, expression in (link.get("parameters") or {}).items():
                value = _response_value(body, expression)
                if isinstance(value, (str, int)) and not isinstance(value, bool):
                    values.setdefault(name, str(value))
    return values


def _response_value(body: Any, expression: Any) -> Any:
    """The value a `$response.body#/pointer` link expression names, or None."""
    if not isinstance(expression, str) or not expression.startswith(BODY_EXPRESSION):
        return None
    return resolve_pointer(body, expression[len(BODY_EXPRESSION):])
