"""X-Forwarded-* headers are believed only when the reverse proxy itself sent them.

Anyone else who can reach the bridge (another process on the host, a
neighbour on the network) gets its request handled as sent: its own scheme,
host and address, whatever headers it adds.
"""

from __future__ import annotations

import ipaddress
from typing import Iterable

from werkzeug.middleware.proxy_fix import ProxyFix


class TrustedProxyFix:
    def __init__(self, app, trusted: Iterable[str]):
        self._direct = app
        self._via_proxy = ProxyFix(app, x_for=1, x_proto=1, x_host=1, x_port=1)
        self._networks = [ipaddress.ip_network(a, strict=False) for a in trusted]

    def _from_proxy(self, environ) -> bool:
        try:
            peer = ipaddress.ip_address(environ.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(peer in network for network in self._networks)

    def __call__(self, environ, start_response):
        app = self._via_proxy if self._from_proxy(environ) else self._direct
        return app(environ, start_response)
