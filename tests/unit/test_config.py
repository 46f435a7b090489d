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


SECRETS = ["BRIDGE_API_SECRET", "BRIDGE_SESSION_SECRET", "BRIDGE_CLIENT_SECRET", "BRIDGE_UI_CLIENT_SECRET"]


@pytest.mark.parametrize("name", SECRETS)
def test_production_refuses_a_missing_secret(name):
    env = {k: v for k, v in PRODUCTION.items() if k != name}
    with pytest.raises(ConfigError, match=name):
        Settings.from_env(env)


def test_production_refuses_the_dev_api_secret():
    with pytest.raises(ConfigError, match="development default value in BRIDGE_API_SECRET"):
        Settings.from_env({**PRODUCTION, "BRIDGE_API_SECRET": "dev-bridge-secret"})


@pytest.mark.parametrize("name", SECRETS)
def test_production_refuses_each_secrets_dev_default(name):
    """The dev start path's value of every secret (devstack/services.py) is refused in production."""
    from devstack.services import DEV_DEFAULTS

    with pytest.raises(ConfigError, match=f"development default value in {name}"):
        Settings.from_env({**PRODUCTION, name: DEV_DEFAULTS[name]})


def test_production_refuses_sqlite():
    with pytest.raises(ConfigError, match="PostgreSQL"):
        Settings.from_env({**PRODUCTION, "BRIDGE_DATABASE_URL": "sqlite:///x.db"})


def test_a_bad_number_names_the_variable():
    with pytest.raises(ConfigError, match="SMTP_PORT"):
        Settings.from_env({"SMTP_PORT": "twenty-five"})
