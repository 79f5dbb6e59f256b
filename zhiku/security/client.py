"""Who is asking: the client address behind zero or more trusted reverse proxies.

``ZHIKU_TRUSTED_PROXIES`` is the number of proxies in front of zhiku that append to
X-Forwarded-For (nginx, a load balancer). With 0 the socket's address is the client; with N the
client is the N-th address from the right, the one the outermost proxy saw: entries further
left were written by the client itself and are not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

#: IPv6 clients are keyed by their /64: one subscriber line or host usually owns a whole /64,
#: so keying by full address would let a client rotate addresses past any limit.
IPV6_CLIENT_PREFIX = 64


def client_ip(request) -> str:
    """The client's IP address as text ("" when none can be told)."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "ZHIKU_TRUSTED_PROXIES", 0)
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            remote = forwarded[-hops]
    try:
        address = ipaddress.ip_address(remote.strip("[]"))
    except ValueError:
        return ""
    # An IPv4 client seen through a dual-stack socket (::ffff:192.0.2.5) is that IPv4 client.
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)


def client_key(request) -> str:
    """A key for per-client limits: the IPv4 address, or the IPv6 /64 network."""
    ip = client_ip(request)
    if not ip:
        return "unknown"
    if ipaddress.ip_address(ip).version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
    return ip
