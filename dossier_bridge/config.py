"""Configuration of the bridge, read once from the environment, here and nowhere else.

Every setting has one environment variable (the city's branding and the
duplicate engine's settings included). Secrets have no default here: the
development defaults live in the dev start path (``devstack``) only, and a
production start refuses them.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Mapping

from dossier_bridge.branding import Branding
from dossier_bridge.data_protection import DataController, RetentionPeriods
from dossier_bridge.matching.weights import MatchingConfig

# Values the dev start path injects; a production start must never see them.
DEV_DEFAULT_SECRETS = frozenset(
    {"dev-bridge-secret", "dev-session-key", "dev-bridge-client-secret", "dev-bridge-ui-secret", "admin"}
)

DEFAULT_SQLITE_PATH = Path("var") / "dossier-bridge.sqlite3"
# The RGAA audit the accessibility statement is computed from (the repository's, in a checkout).
DEFAULT_ACCESSIBILITY_AUDIT = Path(__file__).resolve().parents[1] / "docs" / "accessibility"

ENVIRONMENTS = ("development", "test", "production")
# A production secret is generated, not chosen: 32 characters is what
# `openssl rand -base64 24` or Keycloak's own client secrets give.
MIN_SECRET_LENGTH = 32


class ConfigError(ValueError):
    """Raised with an operator-facing English message when settings are unusable."""


@dataclass(frozen=True)
class WebServer:
    """gunicorn's settings (dossier_bridge/gunicorn_conf.py)."""

    bind: str
    workers: int
    threads: int


@dataclass(frozen=True)
class Settings:
    environment: str
    database_url: str
    api_secret: str
    session_secret: str
    keycloak_url: str
    keycloak_public_url: str
    realm: str
    service_client_id: str
    service_client_secret: str
    ui_client_id: str
    family_client_id: str
    ui_client_secret: str
    public_url: str
    ecole_des_sports_url: str
    restauration_scolaire_url: str
    smtp_host: str
    smtp_port: int
    smtp_from: str
    smtp_from_name: str
    mail_retry_base_seconds: int
    rate_limit_storage: str
    verify_limit_per_number: str
    verify_limit_per_address: str
    verify_limit_overall: str
    challenge_cost: int
    pending_link_ttl_hours: int
    worker_interval_seconds: float
    link_sweep_seconds: float
    behind_proxy: bool
    session_idle_seconds: int
    session_max_seconds: int
    session_revalidate_seconds: int
    # Addresses (or networks) of the reverse proxy: only their X-Forwarded-* headers count.
    trusted_proxies: tuple[str, ...]
    web_server: WebServer
    accessibility_audit_dir: Path
    branding: Branding
    matching: MatchingConfig
    lost_number_limit_per_email: str
    lost_number_limit_per_address: str
    lost_number_limit_overall: str
    retention: RetentionPeriods
    retention_interval_seconds: int
    data_controller: DataController

    def link_report_url(self, token: str) -> str:
        """Where the notice of a new link sends an adult who did not make it."""
        return f"{self.public_url}/signalement/{token}"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        settings = cls(
            environment=_environment(env),
            database_url=env.get("BRIDGE_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH.resolve()}",
            api_secret=env.get("BRIDGE_API_SECRET", ""),
            session_secret=env.get("BRIDGE_SESSION_SECRET", ""),
            keycloak_url=env.get("KEYCLOAK_URL", "http://127.0.0.1:8080").rstrip("/"),
            keycloak_public_url=(env.get("KEYCLOAK_PUBLIC_URL") or env.get("KEYCLOAK_URL", "http://127.0.0.1:8080")).rstrip("/"),
            realm=env.get("KEYCLOAK_REALM", "portail-famille"),
            service_client_id=env.get("BRIDGE_CLIENT_ID", "dossier-bridge"),
            service_client_secret=env.get("BRIDGE_CLIENT_SECRET", ""),
            ui_client_id=env.get("BRIDGE_UI_CLIENT_ID", "dossier-bridge-ui"),
            ui_client_secret=env.get("BRIDGE_UI_CLIENT_SECRET", ""),
            family_client_id=env.get("PORTAIL_CLIENT_ID", "portail"),
            public_url=env.get("BRIDGE_PUBLIC_URL", "http://localhost:5000").rstrip("/"),
            ecole_des_sports_url=env.get("ECOLE_DES_SPORTS_BASE_URL", "http://localhost:5100"),
            restauration_scolaire_url=env.get("RESTAURATION_SCOLAIRE_BASE_URL", "http://localhost:5101"),
            smtp_host=env.get("SMTP_HOST", "127.0.0.1"),
            smtp_port=_int(env, "SMTP_PORT", 25),
            smtp_from=env.get("SMTP_FROM", "portail-famille@localhost"),
            smtp_from_name=env.get("SMTP_FROM_NAME", "Portail Famille"),
            mail_retry_base_seconds=_int(env, "BRIDGE_MAIL_RETRY_BASE_SECONDS", 30),
            rate_limit_storage=env.get("BRIDGE_RATE_LIMIT_STORAGE", "memory://"),
            verify_limit_per_number=env.get("BRIDGE_VERIFY_LIMIT_PER_NUMBER", "5 per 15 minutes"),
            verify_limit_per_address=env.get("BRIDGE_VERIFY_LIMIT_PER_ADDRESS", "20 per 15 minutes"),
            # Every check of every number together: a spray across many numbers from
            # many addresses spends it; families then get a challenge, not a refusal.
            verify_limit_overall=env.get("BRIDGE_VERIFY_LIMIT_OVERALL", "2000 per hour"),
            # The work asked of a browser past a spent budget (PBKDF2 iterations per try).
            challenge_cost=_int(env, "BRIDGE_CHALLENGE_COST", 5000),
            pending_link_ttl_hours=_int(env, "BRIDGE_PENDING_LINK_TTL_HOURS", 72),
            worker_interval_seconds=_int(env, "BRIDGE_WORKER_INTERVAL_SECONDS", 5),
            link_sweep_seconds=_int(env, "BRIDGE_LINK_SWEEP_SECONDS", 300),
            behind_proxy=env.get("BRIDGE_BEHIND_PROXY", "") in ("1", "true", "yes"),
            # Sign-ins to /famille and /review: idle time, absolute lifetime, and how
            # often Keycloak is asked whether the sign-in (and a staff role) still holds.
            session_idle_seconds=_positive(env, "BRIDGE_SESSION_IDLE_SECONDS", 1800),
            session_max_seconds=_positive(env, "BRIDGE_SESSION_MAX_SECONDS", 8 * 3600),
            session_revalidate_seconds=_positive(env, "BRIDGE_SESSION_REVALIDATE_SECONDS", 300),
            trusted_proxies=tuple(a.strip() for a in env.get("BRIDGE_TRUSTED_PROXIES", "").split(",") if a.strip()),
            web_server=WebServer(env.get("BRIDGE_BIND", "127.0.0.1:5000"), _int(env, "BRIDGE_WEB_WORKERS", 2),
                                 _int(env, "BRIDGE_WEB_THREADS", 4)),
            accessibility_audit_dir=Path(env.get("BRIDGE_ACCESSIBILITY_AUDIT_DIR") or DEFAULT_ACCESSIBILITY_AUDIT),
            branding=_branding(env),
            matching=_matching(env),
            # "J'ai perdu mon numéro de dossier": a family asks once or twice; the
            # budgets stop a script from mailing a registry address all day.
            lost_number_limit_per_email=env.get("BRIDGE_LOST_NUMBER_LIMIT_PER_EMAIL", "3 per day"),
            lost_number_limit_per_address=env.get("BRIDGE_LOST_NUMBER_LIMIT_PER_ADDRESS", "10 per hour"),
            lost_number_limit_overall=env.get("BRIDGE_LOST_NUMBER_LIMIT_OVERALL", "500 per hour"),
            retention=_retention(env),
            retention_interval_seconds=_int(env, "BRIDGE_RETENTION_INTERVAL_SECONDS", 3600),
            data_controller=_data_controller(env),
        )
        settings.check()
        return settings

    def check(self) -> None:
        if self.behind_proxy and not self.trusted_proxies:
            raise ConfigError("BRIDGE_BEHIND_PROXY is set: name the proxy's address in BRIDGE_TRUSTED_PROXIES "
                              "(forwarded headers from anyone else are ignored)")
        _check_networks(self.trusted_proxies)
        if not self.is_production:
            return
        secrets = {
            "BRIDGE_API_SECRET": self.api_secret,
            "BRIDGE_SESSION_SECRET": self.session_secret,
            "BRIDGE_CLIENT_SECRET": self.service_client_secret,
            "BRIDGE_UI_CLIENT_SECRET": self.ui_client_secret,
        }
        missing = [name for name, value in secrets.items() if not value]
        if missing:
            raise ConfigError(f"production start refused: missing {', '.join(missing)}")
        dev = [name for name, value in secrets.items() if value in DEV_DEFAULT_SECRETS]
        if dev:
            raise ConfigError(f"production start refused: development default value in {', '.join(dev)}")
        short = [name for name, value in secrets.items() if len(value) < MIN_SECRET_LENGTH]
        if short:
            raise ConfigError(
                f"production start refused: {', '.join(short)} shorter than {MIN_SECRET_LENGTH} characters "
                "(generate one with `openssl rand -base64 32`)"
            )
        if self.database_url.startswith("sqlite"):
            raise ConfigError("production start refused: BRIDGE_DATABASE_URL must point to PostgreSQL")


@dataclass(frozen=True)
class OperatorCredentials:
    """An operator's Keycloak account for `register-app` (never the bridge's service account).

    In production: a personal account holding realm-management's
    ``manage-clients`` and ``view-clients`` in the portal's realm (or a
    master-realm administrator). Keycloak's admin events record who did what.
    """

    username: str
    password: str
    realm: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "OperatorCredentials":
        env = os.environ if env is None else env
        return cls(
            username=env.get("KEYCLOAK_OPERATOR_USERNAME", ""),
            password=env.get("KEYCLOAK_OPERATOR_PASSWORD", ""),
            realm=env.get("KEYCLOAK_OPERATOR_REALM", "master"),
        )


def _check_networks(addresses: tuple[str, ...]) -> None:
    for address in addresses:
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError as exc:
            raise ConfigError(f"BRIDGE_TRUSTED_PROXIES: {address!r} is not an IP address or network") from exc


def _environment(env: Mapping[str, str]) -> str:
    # A typo ("prod", "Production ") must not silently turn the production checks off.
    value = env.get("BRIDGE_ENV", "development")
    if value not in ENVIRONMENTS:
        raise ConfigError(f"BRIDGE_ENV must be one of {', '.join(ENVIRONMENTS)}; got {value!r}")
    return value


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    value = _int(env, name, default)
    if value < 1:
        raise ConfigError(f"{name} must be at least 1, got {value}")
    return value


# Branding field -> environment variable (the Keycloak theme reads the same ones).
_BRANDING_VARIABLES = {
    "portal_name": "PORTAIL_NAME",
    "city_name": "PORTAIL_CITY_NAME",
    "logo_url": "PORTAIL_LOGO_URL",
    "color_primary": "PORTAIL_COLOR_PRIMARY",
    "color_accent": "PORTAIL_COLOR_ACCENT",
    "contact_name": "PORTAIL_CONTACT_NAME",
    "contact_address": "PORTAIL_CONTACT_ADDRESS",
    "contact_phone": "PORTAIL_CONTACT_PHONE",
    "contact_email": "PORTAIL_CONTACT_EMAIL",
    "accessibility_plan_url": "PORTAIL_A11Y_PLAN_URL",
    "accessibility_action_plan_url": "PORTAIL_A11Y_ACTION_PLAN_URL",
}
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def _branding(env: Mapping[str, str]) -> Branding:
    default = Branding()
    values = {}
    for name in (f.name for f in fields(Branding)):
        value = (env.get(_BRANDING_VARIABLES[name]) or "").strip() or getattr(default, name)
        # Only a hex colour reaches the page's style sheet, only a web address a link.
        if name.startswith("color_") and not _COLOUR.match(value):
            value = getattr(default, name)
        if name.startswith("accessibility_") and value and not re.match(r"^https?://\S+$", value):
            value = getattr(default, name)
        values[name] = value
    return Branding(**values)


def _matching(env: Mapping[str, str]) -> MatchingConfig:
    """The built-in duplicate engine settings, or those of the JSON file named by MATCHING_CONFIG."""
    path = env.get("MATCHING_CONFIG")
    if not path:
        return MatchingConfig()
    try:
        return MatchingConfig.from_mapping(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise ConfigError(f"MATCHING_CONFIG: cannot read {path}: {exc.strerror or exc}") from exc
    except (ValueError, TypeError, AttributeError) as exc:
        raise ConfigError(f"MATCHING_CONFIG: {path} is not a usable matching configuration: {exc}") from exc


# Retention period -> environment variable (days); docs/personal-data.md argues for each default.
_RETENTION_VARIABLES = {
    "verification_attempts_days": "BRIDGE_RETENTION_VERIFICATION_ATTEMPTS_DAYS",
    "mail_body_days": "BRIDGE_RETENTION_MAIL_BODY_DAYS",
    "mail_record_days": "BRIDGE_RETENTION_MAIL_RECORD_DAYS",
    "released_links_days": "BRIDGE_RETENTION_RELEASED_LINKS_DAYS",
    "decided_requests_days": "BRIDGE_RETENTION_DECIDED_REQUESTS_DAYS",
    "administrative_record_days": "BRIDGE_RETENTION_ADMINISTRATIVE_RECORD_DAYS",
    "unactivated_accounts_days": "BRIDGE_RETENTION_UNACTIVATED_ACCOUNTS_DAYS",
    "inactive_accounts_days": "BRIDGE_RETENTION_INACTIVE_ACCOUNTS_DAYS",
    "inactive_notice_days": "BRIDGE_RETENTION_INACTIVE_NOTICE_DAYS",
    "registry_days": "BRIDGE_RETENTION_REGISTRY_DAYS",
}


def _retention(env: Mapping[str, str]) -> RetentionPeriods:
    default = RetentionPeriods()
    values = {name: _int(env, variable, getattr(default, name)) for name, variable in _RETENTION_VARIABLES.items()}
    short = [_RETENTION_VARIABLES[name] for name, days in values.items() if days < 1]
    if short:
        raise ConfigError(f"{', '.join(short)} must be at least 1 day")
    if values["inactive_notice_days"] >= values["inactive_accounts_days"]:
        raise ConfigError("BRIDGE_RETENTION_INACTIVE_NOTICE_DAYS must be shorter than "
                          "BRIDGE_RETENTION_INACTIVE_ACCOUNTS_DAYS")
    return RetentionPeriods(**values)


# The privacy notice's facts (/confidentialite), like the branding: one variable each.
_CONTROLLER_VARIABLES = {
    "name": "PORTAIL_DATA_CONTROLLER",
    "address": "PORTAIL_DATA_CONTROLLER_ADDRESS",
    "dpo_contact": "PORTAIL_DPO_CONTACT",
    "dpo_address": "PORTAIL_DPO_ADDRESS",
    "host": "PORTAIL_HOST",
}


def _data_controller(env: Mapping[str, str]) -> DataController:
    default = DataController()
    return DataController(**{
        name: (env.get(variable) or "").strip() or getattr(default, name)
        for name, variable in _CONTROLLER_VARIABLES.items()
    })
