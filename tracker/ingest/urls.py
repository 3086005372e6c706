"""Which URLs tracker fetches: the shape of a source's URL, and where a redirect may lead.

A source's URL is checked once, when it is added (and again before each fetch, for rows
stored before the check existed): http or https, a host, a port in 1..65535, and no
whitespace or control characters, which no real URL holds and which a pasted line or a
typo brings in.

A redirect is the server's choice, not the person's. One that leads from a public host to
an address of the machine's own networks (the cloud metadata service at 169.254.169.254, a
router at 192.168.0.1, a database on 10.0.0.5, the machine itself) is refused before any
request is sent to it, unless the source's own URL already points into that kind of
network: a person's intranet feed may move within the intranet, and the tests' servers on
127.0.0.1 may redirect to 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

_NETWORKS: dict[str, tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]] = {
    "loopback": (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")),
    "link-local": (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fe80::/10")),
    "private": (
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("172.16.0.0/12"),
        ipaddress.ip_network("192.168.0.0/16"),
        ipaddress.ip_network("fc00::/7"),
    ),
    "unspecified": (ipaddress.ip_network("0.0.0.0/32"), ipaddress.ip_network("::/128")),
}


def url_problem(url: str) -> str | None:
    """What makes ``url`` unfit to fetch, in a few words, or None when it is fine."""
    if any(char.isspace() or not char.isprintable() for char in url):
        return "a URL cannot hold spaces, line breaks or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError when it is not a number or out of 0..65535
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "only http:// and https:// URLs can be fetched"
    if not parts.hostname:
        return "the URL has no host"
    if port == 0:
        return "port 0 is not a port to fetch from (use 1-65535)"
    return None


def address_kind(address: str) -> str | None:
    """The kind of network an IP address belongs to (loopback, link-local, private,
    unspecified), or None for a public one. IPv4-mapped IPv6 addresses count as IPv4."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, networks in _NETWORKS.items():
        if any(ip in network for network in networks):
            return kind
    return None


def host_kinds(url: str) -> set[str]:
    """The kinds of network the URL's host resolves to (empty: public, or not resolvable here).

    An IP literal is read without any lookup. A name is resolved by the system resolver, as
    the connection itself would; a name that does not resolve is left to fail at connect
    time (or to the proxy that will resolve it).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").strip("[]")
    try:
        return _kinds([host])
    except ValueError:
        pass  # a name, not an address
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return set()
    return _kinds([str(info[4][0]) for info in infos])


def redirect_problem(origin: str, target: str) -> str | None:
    """Why a redirect from the source's URL ``origin`` to ``target`` must not be followed, or None."""
    refused = host_kinds(target)
    if not refused:
        return None
    refused -= host_kinds(origin)
    if not refused:
        return None
    host = urlsplit(target).hostname
    return (
        f"redirect to {target} refused: {host} is a {' and '.join(sorted(refused))} address, "
        "and the source's own URL is not"
    )


def _kinds(addresses: list[str]) -> set[str]:
    return {kind for kind in map(address_kind, addresses) if kind is not None}
