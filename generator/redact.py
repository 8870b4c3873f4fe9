"""The one way secrets are kept out of everything the toolkit prints, logs or writes in a report.

A URL's userinfo (`redis://:PASSWORD@host`, `https://user:token@host`) is replaced by `***`, and so is any
value known to be a secret (an API secret, a password) wherever it appears in a text.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

HIDDEN = "***"

# scheme://userinfo@ — the userinfo ends at the last @ before the host, and holds no / ? # or space.
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^/?#\s@'\"<>]*@)+")

_SHORT = 4

_QUERY_PARAMETER = re.compile(r"(?<=[?&])(?P<name>[^=&#]+)=(?P<value>[^&#]*)")
# Query parameters that carry credentials: API keys (api_key, subscription-key, but not keyword), tokens,
# signatures, OAuth codes. Matched on the name without separators, in lower case.
_SECRET_PARAMETER = re.compile(r"secret|passw|token|credential|signature|key$|^(code|sig|auth|authorization)$")

# Keys whose values are secrets wherever they appear (a seed's apiSecret, a config's password...).
_SECRET_KEY = re.compile(r"secret|password|passwd|token|credential", re.IGNORECASE)


def redact_url(url: str) -> str:
    """`url` with its userinfo replaced: redis://:pw@host:6379/0 -> redis://***@host:6379/0."""
    return _USERINFO.sub(lambda m: f"{m['scheme']}{HIDDEN}@", url)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with every URL's userinfo and every occurrence of one of `secrets` replaced by ***."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if len(secret) >= _SHORT:
            text = text.replace(secret, HIDDEN)
        else:
            # A secret of a few characters is replaced only where it stands alone, not inside every word.
            text = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", HIDDEN, text)
    return redact_url(text)


def redact_query(target: str) -> str:
    """A request target with the values of secret-looking query parameters hidden: /a?api_key=abc -> /a?api_key=***."""
    def hide(match: re.Match) -> str:
        name = re.sub(r"[-_.]", "", match["name"]).lower()
        return f"{match['name']}={HIDDEN}" if _SECRET_PARAMETER.search(name) else match[0]

    return _QUERY_PARAMETER.sub(hide, target)


def is_secret_key(key: object) -> bool:
    """Whether a mapping key names a secret (apiSecret, password, callbackToken...)."""
    return isinstance(key, str) and _SECRET_KEY.search(key) is not None


def secret_values(data: object) -> Iterator[str]:
    """Every text or number held under a secret-looking key anywhere in `data` (parsed JSON or YAML)."""
    stack = [(data, False)]
    while stack:
        node, secret = stack.pop()
        if isinstance(node, dict):
            stack.extend((value, secret or is_secret_key(key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((item, secret) for item in node)
        elif secret and isinstance(node, (str, int, float)) and not isinstance(node, bool):
            yield str(node)
