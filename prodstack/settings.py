"""The production settings file: created once with random secrets, read at every start.

It holds the same variables as `deploy/prod.env.example` and as the
interpolations of docker-compose.yml; nothing in it is ever committed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from devstack.paths import keycloak_version
from prodstack import layout

SECRET_NAMES = (
    "POSTGRES_PASSWORD", "KEYCLOAK_DB_PASSWORD", "BRIDGE_DB_PASSWORD", "REDIS_PASSWORD",
    "KC_BOOTSTRAP_ADMIN_USERNAME", "KC_BOOTSTRAP_ADMIN_PASSWORD", "BRIDGE_API_SECRET", "BRIDGE_SESSION_SECRET",
    "BRIDGE_CLIENT_SECRET", "BRIDGE_UI_CLIENT_SECRET", "ECOLE_DES_SPORTS_CLIENT_SECRET",
)

# This machine's values of the site settings (MailDev plays the city's SMTP relay).
SITE_SETTINGS = {
    "KEYCLOAK_VERSION": keycloak_version(),
    "KEYCLOAK_PUBLIC_URL": layout.KEYCLOAK_PUBLIC_URL,
    "BRIDGE_PUBLIC_URL": layout.BRIDGE_PUBLIC_URL,
    "PORTAIL_BASE_URL": layout.BRIDGE_PUBLIC_URL,
    "ECOLE_DES_SPORTS_BASE_URL": "https://localhost:5100",
    "SMTP_HOST": layout.HOST,
    "SMTP_PORT": str(layout.SMTP_PORT),
    "SMTP_FROM": "portail-famille@ville-chartres.example",
    "SMTP_FROM_NAME": "Portail Famille - Ville de Chartres",
    "KEYCLOAK_HTTPS_PORT": str(layout.KEYCLOAK_HTTPS_PORT),
    "BRIDGE_HTTPS_PORT": str(layout.BRIDGE_HTTPS_PORT),
    "TLS_CERT_FILE": str(layout.TLS_DIR / "proxy.pem"),
    "PROXY_SOURCE_ADDRESS": layout.PROXY_SOURCE_ADDRESS,
    # FranceConnect stays off here (no partner credentials on this machine; the dev stack has a stand-in).
    "FRANCECONNECT_ENABLED": "false",
    "FRANCECONNECT_ISSUER": "https://oidc.franceconnect.gouv.fr/api/v2",
    "FRANCECONNECT_CLIENT_ID": "",
    "FRANCECONNECT_CLIENT_SECRET": "",
}


def _random_value(name: str) -> str:
    if name == "KC_BOOTSTRAP_ADMIN_USERNAME":
        return f"admin-{secrets.token_hex(4)}"
    return secrets.token_urlsafe(36)


def read(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def ensure(path: Path = layout.SECRETS_FILE) -> dict[str, str]:
    """The settings of this run: the file's secrets, created with random values the first time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = read(path) if path.exists() else {}
    missing = [name for name in SECRET_NAMES if not existing.get(name)]
    if missing or any(existing.get(name) != value for name, value in SITE_SETTINGS.items()):
        values = {name: existing.get(name) or _random_value(name) for name in SECRET_NAMES}
        values.update(SITE_SETTINGS)
        _write(path, values)
        existing = values
    return existing


def _write(path: Path, values: dict[str, str]) -> None:
    lines = ["# Production-like settings, made by `make prod-like` with random secrets. Never commit this file.",
             *(f"{name}={value}" for name, value in values.items())]
    # Created readable by its owner only, before anything is written to it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
