"""Rules on how the connector authenticates its calls (swagger securityDefinitions)."""

from __future__ import annotations

from typing import Iterator

from generator.diff.context import MISSING, Change, Side, show
from generator.diff.registry import CONNECTOR, rule
from generator.findings import Severity, pointer


def _schemes(side: Side) -> dict[str, dict]:
    schemes = side.swagger.get("securityDefinitions")
    return {name: s for name, s in schemes.items() if isinstance(s, dict)} if isinstance(schemes, dict) else {}


def scheme_pairs(old: Side, new: Side) -> Iterator[tuple[str, str, dict, dict]]:
    """Security schemes of the same type in both versions, by name; a lone scheme renamed is still itself."""
    before, after = _schemes(old), _schemes(new)
    if len(before) == 1 and len(after) == 1:
        (old_name, old_scheme), (new_name, new_scheme) = next(iter(before.items())), next(iter(after.items()))
        if old_scheme.get("type") == new_scheme.get("type"):
            yield old_name, new_name, old_scheme, new_scheme
        return
    for name, scheme in before.items():
        if name in after and after[name].get("type") == scheme.get("type"):
            yield name, name, scheme, after[name]


def _changes(old: Side, new: Side, kind: str, keywords: dict[str, str], why: str) -> Iterator[Change]:
    for old_name, new_name, before, after in scheme_pairs(old, new):
        if before.get("type") != kind:
            continue
        for keyword, label in keywords.items():
            was, now = before.get(keyword, MISSING), after.get(keyword, MISSING)
            if was != now:
                old_at, new_at = pointer("securityDefinitions", old_name), pointer("securityDefinitions", new_name)
                yield Change(f"{label} of security scheme {new_name!r} changed from {show(was)} to {show(now)}; {why}",
                             ("securityDefinitions", new_name, keyword),
                             old_at + (pointer(keyword) if was is not MISSING else ""),
                             new_at + (pointer(keyword) if now is not MISSING else ""), was, now)


@rule("api-key-changed", Severity.ERROR, CONNECTOR)
def api_key_changed(old: Side, new: Side) -> Iterator[Change]:
    """The API key is sent under another name or in another place (securityDefinitions `name` or `in`).

    Existing connections hold the key, but the platform now sends it where the API does not look.

    Reported: `{type: apiKey, in: query, name: key}` becomes `{type: apiKey, in: header, name: key}`.
    Not reported: the scheme is renamed from `API Key` to `api_key` and sends the same header.
    """
    yield from _changes(old, new, "apiKey", {"in": "location (in)", "name": "parameter name"},
                        "existing connections send their key where the API no longer reads it")


@rule("oauth-flow-changed", Severity.ERROR, CONNECTOR)
def oauth_flow_changed(old: Side, new: Side) -> Iterator[Change]:
    """The OAuth 2.0 flow, authorization URL or token URL of the security scheme changed.

    Tokens of existing connections were issued by the old flow or endpoints; renewing them fails.

    Reported: `tokenUrl: https://login.example.com/token` becomes `https://auth.example.com/token`.
    Not reported: the scheme's scope descriptions change.
    """
    yield from _changes(old, new, "oauth2", {"flow": "flow", "authorizationUrl": "authorization URL",
                                              "tokenUrl": "token URL"},
                        "existing connections must sign in again")
