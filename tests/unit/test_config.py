"""Settings: development defaults never reach production."""

import re

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


@pytest.mark.parametrize("value", ["prod", "Production", "production ", "PRODUCTION", ""])
def test_an_unknown_environment_name_refuses_to_start(value):
    with pytest.raises(ConfigError, match="BRIDGE_ENV must be one of"):
        Settings.from_env({**PRODUCTION, "BRIDGE_ENV": value})


def test_production_refuses_a_short_secret():
    with pytest.raises(ConfigError, match="BRIDGE_API_SECRET shorter than 32"):
        Settings.from_env({**PRODUCTION, "BRIDGE_API_SECRET": "short-but-not-dev"})


def test_behind_a_proxy_the_proxy_must_be_named():
    with pytest.raises(ConfigError, match="BRIDGE_TRUSTED_PROXIES"):
        Settings.from_env({**PRODUCTION, "BRIDGE_BEHIND_PROXY": "1"})
    with pytest.raises(ConfigError, match="'proxy.example' is not an IP address"):
        Settings.from_env({**PRODUCTION, "BRIDGE_BEHIND_PROXY": "1", "BRIDGE_TRUSTED_PROXIES": "proxy.example"})
    settings = Settings.from_env({**PRODUCTION, "BRIDGE_BEHIND_PROXY": "1", "BRIDGE_TRUSTED_PROXIES": "10.0.0.5, fd00::/64"})
    assert settings.trusted_proxies == ("10.0.0.5", "fd00::/64")


def test_branding_comes_from_the_settings_mapping():
    settings = Settings.from_env({"PORTAIL_CITY_NAME": "Ville de Dreux", "PORTAIL_COLOR_ACCENT": "#00ff00",
                                  "PORTAIL_COLOR_PRIMARY": "blue;}"})
    assert settings.branding.city_name == "Ville de Dreux"
    assert settings.branding.color_accent == "#00ff00"
    assert settings.branding.color_primary == "#14325c"  # not a colour: the default stays
    assert Settings.from_env({}).branding.city_name == "Ville de Chartres"


def test_matching_settings_come_from_the_file_named_by_matching_config(tmp_path):
    path = tmp_path / "matching.json"
    path.write_text('{"threshold": 0.6, "levels": {"phone": {"same": [0.7, 0.001]}}}', encoding="utf-8")
    settings = Settings.from_env({"MATCHING_CONFIG": str(path)})
    assert settings.matching.threshold == 0.6
    assert settings.matching.levels["phone"]["same"] == (0.7, 0.001)
    assert Settings.from_env({}).matching.threshold == 0.5


@pytest.mark.parametrize("content", ['{"treshold": 0.6}', "not json", '{"levels": {"phone": {"same": [2, 0.1]}}}'])
def test_a_bad_matching_file_is_refused_at_start_naming_the_variable(tmp_path, content):
    path = tmp_path / "matching.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match="MATCHING_CONFIG"):
        Settings.from_env({"MATCHING_CONFIG": str(path)})
    with pytest.raises(ConfigError, match="MATCHING_CONFIG: cannot read"):
        Settings.from_env({"MATCHING_CONFIG": str(tmp_path / "missing.json")})


def test_the_readme_lists_every_variable_the_bridge_reads():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = (root / "dossier_bridge" / "config.py").read_text(encoding="utf-8")
    variables = set(re.findall(r'"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"', source))
    assert {"BRIDGE_DATABASE_URL", "PORTAIL_CITY_NAME", "MATCHING_CONFIG"} <= variables
    readme = (root / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in variables if f"`{name}`" not in readme)
    assert not missing, f"README's configuration tables do not list {missing}"
