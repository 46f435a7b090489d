"""Ports, folders and the public addresses of the production-like run.

Ports stay clear of the dev stack (8080, 9000, 5000, 1025, 1080, 5100, 5101)
so that both can run side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

from devstack.paths import ROOT, RUN
from devstack.process import Place

STATE = RUN / "prod-like"
PLACE = Place(STATE / "logs", STATE / "pids")
SECRETS_FILE = STATE / "prod.env"
URLS_FILE = STATE / "urls.env"
TLS_DIR = STATE / "tls"
POSTGRES_DIR = STATE / "postgres"
KEYCLOAK_HOME = STATE / "keycloak"
PROXY_RUNTIME_DIR = STATE / "haproxy"
PROXY_CONFIG_DIR = ROOT / "deploy" / "haproxy"
ENV_EXAMPLE = ROOT / "deploy" / "prod.env.example"

HOST = "127.0.0.1"
# The proxy connects to Keycloak and the bridges from this loopback address and
# from no other: it is the one address whose forwarded headers they believe.
PROXY_SOURCE_ADDRESS = "127.0.0.2"
PUBLIC_HOST = "localhost"

KEYCLOAK_HTTPS_PORT = 8443
BRIDGE_HTTPS_PORT = 5443
KEYCLOAK_INTERNAL_PORT = 18080
BRIDGE_INTERNAL_PORT = 15080
PROXY_STATS_PORT = 18404
POSTGRES_PORT = 15432
REDIS_PORT = 16379
SMTP_PORT = 11025
MAILDEV_WEB_PORT = 11080

KEYCLOAK_PUBLIC_URL = f"https://{PUBLIC_HOST}:{KEYCLOAK_HTTPS_PORT}"
BRIDGE_PUBLIC_URL = f"https://{PUBLIC_HOST}:{BRIDGE_HTTPS_PORT}"
KEYCLOAK_INTERNAL_URL = f"http://{HOST}:{KEYCLOAK_INTERNAL_PORT}"
BRIDGE_INTERNAL_URL = f"http://{HOST}:{BRIDGE_INTERNAL_PORT}"
MAILDEV_URL = f"http://{HOST}:{MAILDEV_WEB_PORT}"
PROXY_STATS_URL = f"http://{HOST}:{PROXY_STATS_PORT}"


@dataclass(frozen=True)
class KeycloakNode:
    index: int
    http_port: int
    management_port: int
    cluster_port: int

    @property
    def name(self) -> str:
        return f"keycloak-{self.index}"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.http_port}"

    @property
    def health_url(self) -> str:
        return f"http://{HOST}:{self.management_port}/health/ready"


@dataclass(frozen=True)
class Bridge:
    index: int
    port: int

    @property
    def name(self) -> str:
        return f"bridge-{self.index}"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


KEYCLOAK_NODES = (KeycloakNode(1, 18081, 19001, 17801), KeycloakNode(2, 18082, 19002, 17802))
BRIDGES = (Bridge(1, 15001), Bridge(2, 15002))
WORKERS = ("worker-1", "worker-2")
