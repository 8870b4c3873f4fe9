"""Where the mock may send webhooks: the policy for callback URLs.

A trigger's callback URL is checked when it is subscribed, and its host's addresses again when each
delivery connects (a name may resolve elsewhere by then; the delivery then connects to the very
address that was checked).

- Never: a URL with credentials in it (user:password@), a link-local address (169.254.0.0/16,
  fe80::/10, where cloud instances find their metadata service), the other cloud metadata addresses
  and names (fd00:ec2::254, metadata.google.internal...), and unspecified or multicast addresses.
- Always: loopback (127.0.0.0/8, ::1, localhost), where a developer's own receiver runs.
- Any other host only when it matches a pattern the user allowed (`--allow-callback-host`): a glob
  on the host name (`*.example.com`, `*`), or an address or network (`10.0.0.0/8`).
"""

from __future__ import annotations

import asyncio
import fnmatch
import ipaddress
import socket
from typing import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Metadata services that are not link-local: AWS's IPv6 endpoint, Alibaba Cloud, Azure's wire server,
# Oracle Cloud Classic.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in
                               ("fd00:ec2::254", "100.100.100.200", "168.63.129.16", "192.0.0.192"))
METADATA_NAMES = frozenset({"metadata", "metadata.google.internal", "metadata.goog", "instance-data",
                            "instance-data.ec2.internal"})
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def parse_address(host: str) -> IPAddress | None:
    """The address `host` spells, in any form a resolver accepts (2852039166 and 0xa9.0xfe.0xa9.0xfe too)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, which reaches the same host."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def forbidden_address(address: IPAddress) -> str | None:
    """Why no webhook may ever go to `address`, or None."""
    address = _embedded_ipv4(address)
    if address in METADATA_ADDRESSES:
        return f"{address} is a cloud metadata service"
    if address.is_link_local:
        return f"{address} is a link-local address (where cloud metadata services live)"
    if address.is_unspecified or address.is_multicast:
        return f"{address} is not a host"
    return None


class CallbackPolicy:
    """The callback hosts a mock accepts: loopback, plus the patterns the user allowed."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.patterns: list[str] = []
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for pattern in allowed:
            try:
                self.networks.append(ipaddress.ip_network(pattern, strict=False))
            except ValueError:
                self.patterns.append(pattern.lower().rstrip("."))

    def refusal(self, url: str) -> str | None:
        """Why a trigger may not subscribe `url` (to follow the property's name), or None when it may."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "must be an absolute http or https URL"
        if parts.username is not None or parts.password is not None:
            return "must not carry credentials (user:password@): the mock stores and lists callback URLs"
        try:
            parts.port
        except ValueError:
            return "has an invalid port"
        why = self.host_refusal(parts.hostname)
        return f"is refused: {why}" if why is not None else None

    def host_refusal(self, host: str) -> str | None:
        host = host.lower().rstrip(".")
        address = parse_address(host)
        if address is not None:
            return self.address_refusal(address)
        if host in METADATA_NAMES or host.endswith(".metadata.google.internal"):
            return f"{host} is a cloud metadata service"
        if host in LOOPBACK_NAMES or host.endswith(".localhost"):
            return None
        if any(fnmatch.fnmatchcase(host, pattern) for pattern in self.patterns):
            return None
        return f"{host} is not a loopback host; allow it with --allow-callback-host {host}"

    def address_refusal(self, address: IPAddress) -> str | None:
        why = forbidden_address(address)
        if why is not None:
            return why
        if _embedded_ipv4(address).is_loopback:
            return None
        text = str(address)
        if any(address in network for network in self.networks if network.version == address.version):
            return None
        if any(fnmatch.fnmatchcase(text, pattern) for pattern in self.patterns):
            return None
        return f"{text} is not a loopback address; allow it with --allow-callback-host {text}"


Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]


async def _resolve(host: str, port: int) -> list[IPAddress]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # A scoped IPv6 address (fe80::1%eth0) is checked without its zone.
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


class GuardedTransport(httpx.AsyncBaseTransport):
    """Sends each request to an address of its host that the policy accepts, checked as it connects.

    The name is resolved here, every address is checked, and the request goes to those addresses (the
    next one when one refuses the connection), with the original Host header and TLS server name: a name
    that resolves to a metadata service, or to a different address than a moment ago, cannot slip past
    the check.
    """

    def __init__(self, policy: CallbackPolicy, inner: httpx.AsyncBaseTransport | None = None,
                 resolve: Resolver | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx.AsyncHTTPTransport()
        self.resolve = resolve or _resolve

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        address = parse_address(host)
        if address is None:
            why = self.policy.host_refusal(host)
            if why is not None:
                raise httpx.ConnectError(f"refused: {why}", request=request)
            port = request.url.port or (443 if request.url.scheme == "https" else 80)
            try:
                addresses = await self.resolve(host, port)
            except OSError as exc:
                raise httpx.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}", request=request) from None
            if not addresses:
                raise httpx.ConnectError(f"cannot resolve {host}", request=request)
            for resolved in addresses:
                why = forbidden_address(resolved)
                if why is not None:
                    raise httpx.ConnectError(f"refused: {host} resolves to {why}", request=request)
            request.extensions = {**request.extensions, "sni_hostname": host}
        else:
            why = self.policy.address_refusal(address)
            if why is not None:
                raise httpx.ConnectError(f"refused: {why}", request=request)
            addresses = [address]
        # Each checked address in turn, as a resolver's caller would: localhost may name ::1 first while
        # the receiver listens on 127.0.0.1 only.
        *others, last = dict.fromkeys(addresses)
        for address in others:
            request.url = request.url.copy_with(host=str(address))
            try:
                return await self.inner.handle_async_request(request)
            except httpx.ConnectError:
                continue
        request.url = request.url.copy_with(host=str(last))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
