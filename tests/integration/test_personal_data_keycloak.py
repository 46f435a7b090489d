"""What the bridge's service account may do for the retention jobs, tried against the real Keycloak."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from sqlalchemy import select

from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.keycloak_users import DirectoryUnavailable, KeycloakUserDirectory
from dossier_bridge.models import AccountErasure
from dossier_bridge.personal_data.accounts import purge_unactivated
from tests.support import oidc
from tests.support.users import make_family_user, unique


@pytest.fixture
def directory(bridge_env) -> KeycloakUserDirectory:
    return KeycloakUserDirectory(Settings.from_env(bridge_env))


@pytest.fixture
def sessions(bridge_env):
    engine = make_engine(bridge_env["BRIDGE_DATABASE_URL"])
    yield make_session_factory(engine)
    engine.dispose()


def bridge_token(bridge_env) -> dict[str, str]:
    token = requests.post(f"{oidc.ISSUER}/protocol/openid-connect/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": "dossier-bridge",
        "client_secret": bridge_env["BRIDGE_CLIENT_SECRET"],
    }).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def staff_member(kc_admin) -> str:
    from devstack.bootstrap import STAFF_GROUP, ensure_user
    username = unique("agent")
    return ensure_user(kc_admin, username, "Agent-Test-2026!xx", email=f"{username}@ville.example",
                       first_name="Agent", last_name="Test", groups=(STAFF_GROUP,))


def test_the_bridge_reads_keycloaks_events_but_cannot_change_the_realm(bridge_env, kc_admin):
    headers = bridge_token(bridge_env)
    admin = f"{oidc.KEYCLOAK_URL}/admin/realms/{oidc.REALM}"
    assert requests.get(f"{admin}/events", params={"max": 1}, headers=headers, timeout=10).status_code == 200
    assert requests.get(f"{admin}/admin-events", params={"max": 1}, headers=headers, timeout=10).status_code == 200
    # view-events does not open the realm's settings, nor its event configuration.
    assert requests.put(f"{admin}/events/config", json={"eventsEnabled": False}, headers=headers,
                        timeout=10).status_code == 403
    assert requests.delete(f"{admin}/events", headers=headers, timeout=10).status_code == 403
    assert kc_admin.get_realm(oidc.REALM)["eventsEnabled"] is True


def test_the_bridge_deletes_a_family_account_and_never_a_staff_account(directory, kc_admin):
    _, _, family = make_family_user(kc_admin, prefix="famille-suppr")
    staff = staff_member(kc_admin)
    with pytest.raises(DirectoryUnavailable):
        directory.delete(staff)
    assert kc_admin.get_user(staff)["id"] == staff
    assert directory.delete(family) is True
    assert directory.get(family) is None
    assert directory.delete(family) is False  # already gone


def test_the_bridge_lists_family_accounts_only(directory, kc_admin):
    _, _, family = make_family_user(kc_admin, prefix="famille-liste")
    staff = staff_member(kc_admin)
    listed = {a.user_id for a in directory.accounts(email_verified=True)}
    assert family in listed and staff not in listed


class OnlyThese:
    """The real directory, listing only this test's accounts: the purge must not touch other tests' users."""

    def __init__(self, directory: KeycloakUserDirectory, ids: set[str]):
        self.directory, self.ids = directory, ids

    def accounts(self, *, email_verified=None):
        return (a for a in self.directory.accounts(email_verified=email_verified) if a.user_id in self.ids)

    def delete(self, user_id):
        return self.directory.delete(user_id)


def test_a_never_activated_account_is_deleted_once_its_period_has_passed(directory, kc_admin, sessions, bridge_env):
    username = unique("jamais-active")
    unactivated = kc_admin.create_user({"username": username, "email": f"{username}@example.org", "enabled": True,
                                        "emailVerified": False, "firstName": "Jamais", "lastName": "Activé"})
    _, _, activated = make_family_user(kc_admin, prefix="active")
    assert unactivated in {a.user_id for a in directory.accounts(email_verified=False)}
    created = dt.datetime.fromtimestamp(kc_admin.get_user(unactivated)["createdTimestamp"] / 1000, dt.timezone.utc)
    periods = Settings.from_env(bridge_env).retention
    store = OnlyThese(directory, {unactivated, activated})
    period = periods.period("unactivated_accounts_days")

    assert purge_unactivated(sessions, store, periods, created + period - dt.timedelta(seconds=1)) == 0
    assert directory.get(unactivated) is not None
    assert purge_unactivated(sessions, store, periods, created + period + dt.timedelta(seconds=1)) == 1
    assert directory.get(unactivated) is None and directory.get(activated) is not None
    with sessions() as session:
        record = session.scalars(select(AccountErasure).where(AccountErasure.keycloak_user_id == unactivated)).one()
    assert record.source == "retention"


def test_keycloak_keeps_the_events_the_bridge_follows_long_enough_and_no_longer(kc_admin):
    realm = kc_admin.get_realm(oidc.REALM)
    assert realm["eventsEnabled"] and realm["adminEventsEnabled"]
    assert realm["eventsExpiration"] == 30 * 86400
    assert realm["attributes"]["adminEventsExpiration"] == str(30 * 86400)
    actions = {a["alias"]: a for a in kc_admin.get_required_actions()}
    assert actions["delete_account"]["enabled"]
    _, _, family = make_family_user(kc_admin, prefix="roles")
    account = kc_admin.get_client_id("account")
    assert "delete-account" in {r["name"] for r in kc_admin.get_composite_client_roles_of_user(family, account)}


def family_account(kc_admin, prefix: str, *, verified: bool, status: str | None) -> str:
    username = unique(prefix)
    attributes = {"dossierNumber": ["104233"], "dossierStatus": [status]} if status else {}
    return kc_admin.create_user({"username": username, "email": f"{username}@example.org", "firstName": "Camille",
                                 "lastName": "Testeur", "enabled": True, "emailVerified": verified,
                                 "attributes": attributes})


def test_the_link_sweep_lists_exactly_the_accounts_waiting_for_their_activation(directory, kc_admin):
    waiting = family_account(kc_admin, "famille-attente", verified=False, status="linked")
    activated = family_account(kc_admin, "famille-active", verified=True, status="linked")
    reviewed = family_account(kc_admin, "famille-revue", verified=False, status="pending_review")
    without = family_account(kc_admin, "famille-sans", verified=False, status=None)
    listed = directory.awaiting_activation()
    assert waiting in listed
    assert not listed & {activated, reviewed, without}
