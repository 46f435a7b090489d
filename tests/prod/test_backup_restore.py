"""Back up both databases, lose them, restore them with the project's script: families sign in again."""

from __future__ import annotations

from prodstack import backups, postgres, stack
from tests.prod.site import get_ok, wait_for
from tests.support import oidc
from tests.support.users import make_family_user


def signs_in(site, username: str, password: str) -> bool:
    tokens = oidc.login_with_password("portail", site.family_entry, username, password, scope="openid dossier")
    return bool(oidc.validate_token(tokens["access_token"])["sub"])


def test_backup_drop_restore_then_sign_in(site, add_dossier, tmp_path):
    admin = site.admin()
    username, password, user_id = make_family_user(admin, "sauvegarde")
    number = add_dossier(("responsable", "FONTAINE", "Aïcha", ""))
    assert signs_in(site, username, password)

    backups.backup(tmp_path / "backup")
    late_username, _, _ = make_family_user(admin, "apres-sauvegarde")

    for name in backups.APPLICATIONS:
        stack.stop_service(name)
    for db in ("keycloak", "bridge"):
        dropped = postgres.psql("-d", "postgres", "-c", f"DROP DATABASE {db} WITH (FORCE)")
        assert dropped.returncode == 0, dropped.stderr

    backups.restore(tmp_path / "backup")

    # Both nodes start cold (templates, caches): the first page may take long on a busy machine.
    wait_for(lambda: get_ok(f"{site.keycloak}/realms/portail-famille/account", timeout=60), 300, "Keycloak's pages")
    assert signs_in(site, username, password)
    restored_admin = site.admin()
    assert restored_admin.get_user_id(username) == user_id
    assert restored_admin.get_user_id(late_username) is None  # made after the backup: really a restore
    assert site.bridge_sql(f"SELECT count(*) FROM dossier WHERE number = '{number}'") == [["1"]]
