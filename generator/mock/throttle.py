"""The per-connection throttle: `calls` per `renewal_period` seconds, a moving window, as Power Platform does.

Built on the `limits` package: its moving-window strategy, its rate-limit items and its Redis storage
(atomic Lua scripts, so several mock processes share one budget). Only the in-process storage is ours,
because limits' MemoryStorage reads `time.time()` directly and tests must cross a window without sleeping.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from generator.redact import redact, redact_url

Clock = Callable[[], float]
log = logging.getLogger(__name__)
# Seconds a Redis command may take before the storage counts as down: a call waits at most this long.
STORAGE_TIMEOUT = 2.0

# Idle connections are forgotten every so many calls, so a fuzzer sending random credentials cannot grow
# the in-process storage without bound.
SWEEP_EVERY = 4096


class ClockedMemoryStorage(MemoryStorage):
    """limits' in-process storage whose moving windows read an injected clock.

    Each key holds the timestamps of its calls still inside the window, oldest first, at most `limit`
    of them: a call is allowed when fewer than `limit` calls remain in the last `expiry` seconds.
    The methods never await between reading and writing a window, so concurrent calls in one event
    loop are counted exactly. Only the moving-window methods are clocked; the counter methods are
    inherited unchanged and are not used by the mock.
    """

    def __init__(self, clock: Clock = time.time) -> None:
        super().__init__()
        self.clock = clock
        self.windows: dict[str, tuple[deque[float], int]] = {}
        self._calls_since_sweep = 0

    def _window(self, key: str, limit: int, expiry: int) -> deque[float]:
        window, _ = self.windows.get(key) or self.windows.setdefault(key, (deque(maxlen=limit), expiry))
        cutoff = self.clock() - expiry
        while window and window[0] <= cutoff:
            window.popleft()
        return window

    async def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        self._calls_since_sweep += 1
        if self._calls_since_sweep >= SWEEP_EVERY:
            self._sweep()
        if amount > limit:
            return False
        window = self._window(key, limit, expiry)
        if len(window) + amount > limit:
            return False
        window.extend([self.clock()] * amount)
        return True

    async def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        window = self._window(key, limit, expiry)
        if window:
            return window[0], len(window)
        return self.clock(), 0

    async def clear(self, key: str) -> None:
        self.windows.pop(key, None)
        await super().clear(key)

    async def reset(self) -> int | None:
        forgotten = len(self.windows)
        self.windows.clear()
        await super().reset()
        return forgotten

    def _sweep(self) -> None:
        self._calls_since_sweep = 0
        now = self.clock()
        for key, (window, expiry) in list(self.windows.items()):
            if not window or window[-1] <= now - expiry:
                del self.windows[key]


class StorageUnavailable(Exception):
    """The throttle cannot count calls: its storage does not answer."""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0

    @property
    def message(self) -> str:
        return f"Rate limit is exceeded. Try again in {self.retry_after} seconds."


def connection_key(*values: str) -> str:
    """The counter key of one connection: a digest of its credential values, so no secret is ever stored."""
    return hashlib.sha256(":".join(values).encode("utf-8")).hexdigest()[:32]


def check_storage_uri(uri: str) -> str:
    """`uri` if the mock can count calls there (memory:// or redis://HOST:PORT/DB), else ValueError."""
    parts = urlsplit(uri)
    shown = redact_url(uri)
    if parts.scheme == "memory":
        return uri
    if parts.scheme in ("redis", "rediss"):
        try:
            _ = parts.port  # urlsplit checks the port only when asked for it
        except ValueError:
            raise ValueError(f"{shown!r} has an invalid port") from None
        if not parts.hostname:
            raise ValueError(f"{shown!r} names no host (use redis://HOST:PORT/DB)")
        database = parts.path.strip("/")
        if database and not database.isdigit():
            raise ValueError(f"{shown!r}: the database must be a number (redis://HOST:PORT/DB)")
        return uri
    raise ValueError(f"unsupported storage {shown!r}: use memory:// or redis://HOST:PORT/DB")


class Throttle:
    """Counts the calls of each connection and says whether one more is allowed."""

    def __init__(self, calls: int, renewal_period: int, storage_uri: str = "memory://",
                 clock: Clock | None = None) -> None:
        if calls < 1 or renewal_period < 1:
            raise ValueError("the throttle needs at least 1 call per period of at least 1 second")
        check_storage_uri(storage_uri)
        self.calls = calls
        self.renewal_period = renewal_period
        self.storage_uri = storage_uri
        if storage_uri.startswith("memory"):
            self.clock = clock or time.time
            self.storage = ClockedMemoryStorage(self.clock)
        else:
            if clock is not None:
                # limits' Redis storage stamps calls with the wall clock; a second clock would disagree.
                raise ValueError("an injected clock works with memory:// storage only")
            from limits.aio.storage import RedisStorage

            self.clock = time.time
            self.storage = RedisStorage(f"async+{storage_uri}", implementation="redispy", key_prefix="CONNECTOR_MOCK",
                                        wrap_exceptions=True, socket_timeout=STORAGE_TIMEOUT,
                                        socket_connect_timeout=STORAGE_TIMEOUT)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.item = RateLimitItemPerSecond(calls, renewal_period, namespace="connection")
        self.outage = False

    def describe(self) -> str:
        return f"{self.calls} calls per {self.renewal_period} s per connection ({redact_url(self.storage_uri)})"

    async def hit(self, key: str) -> Verdict:
        """Count one call of the connection `key`, unless its budget is spent.

        StorageUnavailable while the storage does not answer; the outage is logged once, when it begins,
        and once more when the storage answers again (Redis reconnects by itself).
        """
        try:
            verdict = await self._hit(key)
        except StorageError as exc:
            if not self.outage:
                self.outage = True
                cause = exc.storage_error
                # A client library's message can quote the storage URL, password included.
                reason = redact(f"{type(cause).__name__}: {cause}", [urlsplit(self.storage_uri).password])
                log.warning("the throttle storage does not answer (%s); API calls answer 503 until it is back", reason)
            raise StorageUnavailable() from None
        if self.outage:
            self.outage = False
            log.warning("the throttle storage answers again")
        return verdict

    async def _hit(self, key: str) -> Verdict:
        if await self.limiter.hit(self.item, key):
            return Verdict(True)
        window_start, _ = await self.storage.get_moving_window(self.item.key_for(key), self.calls,
                                                                self.renewal_period)
        # Whole seconds until the oldest call in the window leaves it; never 0, or a client would retry at once.
        wait = window_start + self.renewal_period - self.clock()
        return Verdict(False, max(1, math.ceil(wait)))
