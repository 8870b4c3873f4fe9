"""How a mock runs: address, credentials, throttle, storage, seed, limits. Built once from the merged config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

# Bodies above this many bytes are refused with 413; TrueDialog requests are a few kilobytes at most.
MAX_BODY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class MockSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    # Credentials the mock accepts, as the definition's security says: Basic (username, password), an API
    # key, an OAuth 2 bearer token. A pack may read them its own way (TrueDialog: the root user's key and
    # secret; api_secret is TrueDialog's name for the password).
    username: str | None = None
    password: str | None = None
    api_key: str | None = None
    api_secret: str | None = None
    token: str | None = None
    # The behaviour pack: "auto" (found by the connector's host), a pack's name, or "none".
    pack: str = "auto"
    storage: str = "memory://"
    seed: Path | None = None
    # When given, they replace the model's throttling (policies/throttling.yaml) for this run.
    calls: int | None = None
    renewal_period: int | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    webhook_attempts: int = 4
    webhook_backoff: float = 0.5
    # Callback hosts besides loopback that triggers may subscribe: globs on the name, or networks.
    allow_callback_hosts: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, section: Mapping[str, Any], project: Path | None = None) -> MockSettings:
        """Settings from the `mock` section of the merged configuration (see generator.config)."""
        seed = section.get("seed")
        allowed = section.get("allow-callback-hosts", [])
        if not isinstance(allowed, list) or not all(isinstance(p, str) and p.strip() for p in allowed):
            raise ValueError("allow-callback-hosts must be a list of host patterns, such as [\"*.example.com\"]")
        if seed is not None and project is not None:
            seed = project / seed
        return cls(host=section["host"], port=int(section["port"]), username=section.get("username"),
                   password=section.get("password"), api_key=section.get("api-key"),
                   api_secret=section.get("api-secret"), token=section.get("token"),
                   pack=section.get("pack") or "auto", storage=section["storage"],
                   seed=Path(seed) if seed is not None else None, calls=section.get("calls"),
                   renewal_period=section.get("renewal-period"),
                   max_body_bytes=int(section.get("max-body-bytes", MAX_BODY_BYTES)),
                   webhook_attempts=int(section.get("webhook-attempts", 4)),
                   webhook_backoff=float(section.get("webhook-backoff", 0.5)),
                   allow_callback_hosts=tuple(p.strip() for p in allowed))
