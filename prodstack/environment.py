"""The environment of each production process, from the settings file and the layout.

The variable names are the production ones, the same as docker-compose.yml's.
"""

from __future__ import annotations

import os
from typing import Mapping
from urllib.parse import quote

from devstack import keycloak_jvm
from prodstack import layout
from prodstack.layout import Bridge, KeycloakNode

# Read by the realm file's placeholders (and the theme's branding): both nodes need them.
_REALM_VARIABLES = (
    "BRIDGE_CLIENT_SECRET", "BRIDGE_UI_CLIENT_SECRET", "BRIDGE_PUBLIC_URL", "PORTAIL_BASE_URL",
    "ECOLE_DES_SPORTS_CLIENT_SECRET", "ECOLE_DES_SPORTS_BASE_URL", "RESTAURATION_SCOLAIRE_CLIENT_SECRET",
    "RESTAURATION_SCOLAIRE_BASE_URL", "SMTP_HOST", "SMTP_PORT", "SMTP_FROM",
    "SMTP_FROM_NAME", "FRANCECONNECT_ENABLED", "FRANCECONNECT_ISSUER", "FRANCECONNECT_CLIENT_ID",
    "FRANCECONNECT_CLIENT_SECRET",
)


def base_environment() -> dict[str, str]:
    """Only what a process needs from the caller's environment: no stray dev settings."""
    keep = ("PATH", "HOME", "LANG", "JAVA_HOME", "TZ")
    base = {name: os.environ[name] for name in keep if name in os.environ}
    base.update({name: value for name, value in os.environ.items() if name.startswith("PORTAIL_")})
    return base


def keycloak(settings: Mapping[str, str], node: KeycloakNode) -> dict[str, str]:
    return {
        **base_environment(),
        **{name: settings[name] for name in _REALM_VARIABLES},
        "KC_DB_URL": f"jdbc:postgresql://{layout.HOST}:{layout.POSTGRES_PORT}/keycloak",
        "KC_DB_USERNAME": "keycloak",
        "KC_DB_PASSWORD": settings["KEYCLOAK_DB_PASSWORD"],
        "KC_HOSTNAME": settings["KEYCLOAK_PUBLIC_URL"],
        "KC_HOSTNAME_BACKCHANNEL_DYNAMIC": "true",
        "KC_HTTP_ENABLED": "true",
        "KC_HTTP_HOST": layout.HOST,
        "KC_HTTP_PORT": str(node.http_port),
        "KC_HTTP_MANAGEMENT_PORT": str(node.management_port),
        "KC_PROXY_HEADERS": "xforwarded",
        "KC_PROXY_TRUSTED_ADDRESSES": settings["PROXY_SOURCE_ADDRESS"],
        # Brute-force protection on, and two correct sign-ins of one account at once both succeed.
        "KC_SPI_BRUTE_FORCE_PROTECTOR__DEFAULT_BRUTE_FORCE_DETECTOR__ALLOW_CONCURRENT_REQUESTS": "true",
        "KC_CACHE_STACK": "jdbc-ping",
        "KC_CACHE_EMBEDDED_NETWORK_BIND_ADDRESS": layout.HOST,
        "KC_CACHE_EMBEDDED_NETWORK_BIND_PORT": str(node.cluster_port),
        "KC_BOOTSTRAP_ADMIN_USERNAME": settings["KC_BOOTSTRAP_ADMIN_USERNAME"],
        "KC_BOOTSTRAP_ADMIN_PASSWORD": settings["KC_BOOTSTRAP_ADMIN_PASSWORD"],
        "BRIDGE_INTERNAL_URL": layout.BRIDGE_INTERNAL_URL,
        "BRIDGE_API_SECRET": settings["BRIDGE_API_SECRET"],
        "JAVA_OPTS_APPEND": keycloak_jvm.JAVA_OPTS_APPEND,
    }


def bridge(settings: Mapping[str, str], instance: Bridge | None = None) -> dict[str, str]:
    """A bridge's (or a worker's, or the CLI's) environment; `instance` sets where gunicorn listens."""
    env = {
        **base_environment(),
        "BRIDGE_ENV": "production",
        "BRIDGE_DATABASE_URL": (f"postgresql://bridge:{quote(settings['BRIDGE_DB_PASSWORD'], safe='')}"
                                f"@{layout.HOST}:{layout.POSTGRES_PORT}/bridge"),
        "BRIDGE_API_SECRET": settings["BRIDGE_API_SECRET"],
        "BRIDGE_SESSION_SECRET": settings["BRIDGE_SESSION_SECRET"],
        "BRIDGE_CLIENT_SECRET": settings["BRIDGE_CLIENT_SECRET"],
        "BRIDGE_UI_CLIENT_SECRET": settings["BRIDGE_UI_CLIENT_SECRET"],
        "BRIDGE_PUBLIC_URL": settings["BRIDGE_PUBLIC_URL"],
        "PORTAIL_BASE_URL": settings["PORTAIL_BASE_URL"],
        "ECOLE_DES_SPORTS_BASE_URL": settings["ECOLE_DES_SPORTS_BASE_URL"],
        "RESTAURATION_SCOLAIRE_BASE_URL": settings["RESTAURATION_SCOLAIRE_BASE_URL"],
        "BRIDGE_RATE_LIMIT_STORAGE": redis_url(settings),
        "BRIDGE_BEHIND_PROXY": "1",
        "BRIDGE_TRUSTED_PROXIES": settings["PROXY_SOURCE_ADDRESS"],
        "KEYCLOAK_URL": layout.KEYCLOAK_INTERNAL_URL,
        "KEYCLOAK_PUBLIC_URL": settings["KEYCLOAK_PUBLIC_URL"],
        "SMTP_HOST": settings["SMTP_HOST"],
        "SMTP_PORT": settings["SMTP_PORT"],
        "SMTP_FROM": settings["SMTP_FROM"],
        "SMTP_FROM_NAME": settings["SMTP_FROM_NAME"],
    }
    if instance is not None:
        env["BRIDGE_BIND"] = f"{layout.HOST}:{instance.port}"
    return env


def proxy(settings: Mapping[str, str]) -> dict[str, str]:
    nodes, bridges = layout.KEYCLOAK_NODES, layout.BRIDGES
    return {
        **base_environment(),
        "PROXY_BIND": layout.HOST,
        "KEYCLOAK_HTTPS_PORT": settings["KEYCLOAK_HTTPS_PORT"],
        "BRIDGE_HTTPS_PORT": settings["BRIDGE_HTTPS_PORT"],
        "PROXY_INTERNAL_BIND": layout.HOST,
        "KEYCLOAK_INTERNAL_PORT": str(layout.KEYCLOAK_INTERNAL_PORT),
        "BRIDGE_INTERNAL_PORT": str(layout.BRIDGE_INTERNAL_PORT),
        "PROXY_STATS_PORT": str(layout.PROXY_STATS_PORT),
        "PROXY_SOURCE_ADDRESS": settings["PROXY_SOURCE_ADDRESS"],
        "ADMIN_ALLOWED_SOURCES": settings["ADMIN_ALLOWED_SOURCES"],
        "KEYCLOAK_1_ADDRESS": f"{layout.HOST}:{nodes[0].http_port}",
        "KEYCLOAK_1_MANAGEMENT_PORT": str(nodes[0].management_port),
        "KEYCLOAK_2_ADDRESS": f"{layout.HOST}:{nodes[1].http_port}",
        "KEYCLOAK_2_MANAGEMENT_PORT": str(nodes[1].management_port),
        "BRIDGE_1_ADDRESS": f"{layout.HOST}:{bridges[0].port}",
        "BRIDGE_2_ADDRESS": f"{layout.HOST}:{bridges[1].port}",
        "TLS_CERT_FILE": settings["TLS_CERT_FILE"],
        "PROXY_CONFIG_DIR": str(layout.PROXY_CONFIG_DIR),
        "PROXY_RUNTIME_DIR": str(layout.PROXY_RUNTIME_DIR),
    }


def redis_url(settings: Mapping[str, str]) -> str:
    return f"redis://:{quote(settings['REDIS_PASSWORD'], safe='')}@{layout.HOST}:{layout.REDIS_PORT}/0"
