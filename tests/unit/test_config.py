"""Settings: development defaults never reach production."""

import pytest

from dossier_bridge.config import ConfigError, Settings

PRODUCTION = {
    "BRIDGE_ENV": "production",
    "BRIDGE_DATABASE_URL": "postgresql://bridge@db/bridge",
    "BRIDGE_API_SECRET": "a-long-random-secret",
    "BRIDGE_SESSION_SECRET": "another-long-random-secret",
    "BRIDGE_CLIENT_SECRET": "client-secret-from-vault",
    "BRIDGE_UI_CLIENT_SECRET": "ui-secret-from-vault",
}


def test_production_with_real_secrets_starts():
    assert Settings.from_env(PRODUCTION).is_production


@pytest.mark.parametrize("name", ["BRIDGE_API_SECRET", "BRIDGE_SESSION_SECRET", "BRIDGE_CLIENT_SECRET"])
def test_production_refuses_a_missing_secret(name):
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    with pytest.raises(ConfigError, match=name):
        Settings.from_env(env)


def test_production_refuses_the_dev_api_secret():
    with pytest.raises(ConfigError, match="development default value in BRIDGE_API_SECRET"):
        Settings.from_env({**PRODUCTION, "BRIDGE_API_SECRET": "dev-bridge-secret"})


def test_production_refuses_sqlite():
    with pytest.raises(ConfigError, match="PostgreSQL"):
        Settings.from_env({**PRODUCTION, "BRIDGE_DATABASE_URL": "sqlite:///x.db"})


def test_a_bad_number_names_the_variable():
    with pytest.raises(ConfigError, match="SMTP_PORT"):
        Settings.from_env({"SMTP_PORT": "twenty-five"})


def test_a_mistyped_environment_name_refuses_to_start():
    # "prod" used to mean "not production": every production check silently off.
    with pytest.raises(ConfigError, match="BRIDGE_ENV must be one of development, production, got 'prod'"):
        Settings.from_env({**PRODUCTION, "BRIDGE_ENV": "prod"})


def test_behind_a_proxy_the_proxy_must_be_named():
    with pytest.raises(ConfigError, match="BRIDGE_TRUSTED_PROXIES"):
        Settings.from_env({**PRODUCTION, "BRIDGE_BEHIND_PROXY": "1"})
    with pytest.raises(ConfigError, match="'proxy.example' is not an IP address"):
        Settings.from_env({**PRODUCTION, "BRIDGE_BEHIND_PROXY": "1", "BRIDGE_TRUSTED_PROXIES": "proxy.example"})
    settings = Settings.from_env({**PRODUCTION, "BRIDGE_BEHIND_PROXY": "1", "BRIDGE_TRUSTED_PROXIES": "10.0.0.5, fd00::/64"})
    assert settings.trusted_proxies == ("10.0.0.5", "fd00::/64")
