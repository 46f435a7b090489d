"""The production-like settings file: random secrets made once, readable by its owner only, kept across starts."""

import stat

from prodstack import settings


def test_first_start_makes_distinct_random_secrets_for_the_owner_only(tmp_path):
    path = tmp_path / "prod.env"
    values = settings.ensure(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secrets = [values[name] for name in settings.SECRET_NAMES]
    assert all(len(value) >= 12 for value in secrets) and len(set(secrets)) == len(secrets)
    assert settings.read(path) == values
    # No development default reaches it.
    assert not {"admin", "dev-bridge-secret", "dev-session-key"} & set(secrets)


def test_later_starts_keep_the_secrets_and_refresh_the_site_settings(tmp_path):
    path = tmp_path / "prod.env"
    first = settings.ensure(path)
    path.write_text(path.read_text().replace(f"SMTP_PORT={first['SMTP_PORT']}", "SMTP_PORT=1"))
    again = settings.ensure(path)
    assert again == first
    other = settings.ensure(tmp_path / "other.env")
    assert other["BRIDGE_API_SECRET"] != first["BRIDGE_API_SECRET"]
