"""Settings: development defaults never reach production."""

import pytest

from dossier_bridge.config import ConfigError, Settings

PRODUCTION = {
    "BRIDGE_ENV": "production",
    "BRIDGE_DATABASE_URL": "postgresql://bridge@db/bridge",
    "BRIDGE_API_SECRET": "a-long-random-secret-0123456789abcdef",
    "BRIDGE_SESSION_SECRET": "another-long-random-secret-0123456789",
    "BRIDGE_CLIENT_SECRET": "client-secret-from-vault-0123456789ab",
    "BRIDGE_UI_CLIENT_SECRET": "ui-secret-from-vault-0123456789abcdef",
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


@pytest.mark.parametrize("value", ["prod", "Production", "production ", "PRODUCTION", ""])
def test_an_unknown_environment_name_refuses_to_start(value):
    with pytest.raises(ConfigError, match="BRIDGE_ENV must be one of"):
        Settings.from_env({**PRODUCTION, "BRIDGE_ENV": value})


def test_production_refuses_a_short_secret():
    with pytest.raises(ConfigError, match="BRIDGE_API_SECRET shorter than 32"):
        Settings.from_env({**PRODUCTION, "BRIDGE_API_SECRET": "short-but-not-dev"})
