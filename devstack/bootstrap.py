"""Dev-only accounts created through the admin API once Keycloak is up."""

from __future__ import annotations

from typing import Mapping

from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakError

from devstack.process import StackError
from devstack.services import KEYCLOAK_URL, REALM

# Staff get the `agent-famille` role through this group: the bridge's service
# account is denied every member of it (fine-grained admin permissions).
STAFF_GROUP = "agents-famille"


def admin_client(env: Mapping[str, str]) -> KeycloakAdmin:
    """Realm admin through the master realm's bootstrap admin (dev and tests only)."""
    return KeycloakAdmin(
        server_url=f"{KEYCLOAK_URL}/",
        username=env["KC_BOOTSTRAP_ADMIN_USERNAME"],
        password=env["KC_BOOTSTRAP_ADMIN_PASSWORD"],
        realm_name=REALM,
        user_realm_name="master",
    )


def ensure_user(admin: KeycloakAdmin, username: str, password: str, *, email: str, first_name: str,
                last_name: str, groups: tuple[str, ...] = (), attributes: dict | None = None) -> str:
    user_id = admin.get_user_id(username)
    if user_id is None:
        user_id = admin.create_user(
            {
                "username": username,
                "email": email,
                "firstName": first_name,
                "lastName": last_name,
                "enabled": True,
                "emailVerified": True,
                "attributes": attributes or {},
                "credentials": [{"type": "password", "value": password, "temporary": False}],
            },
            exist_ok=True,
        )
    for name in groups:
        admin.group_user_add(user_id, admin.get_group_by_path(f"/{name}")["id"])
    return user_id


def ensure_demo_staff(env: Mapping[str, str]) -> None:
    try:
        ensure_user(
            admin_client(env), env["AGENT_DEMO_USERNAME"], env["AGENT_DEMO_PASSWORD"],
            email="agent.demo@ville-chartres.example", first_name="Agent", last_name="Démo",
            groups=(STAFF_GROUP,),
        )
    except KeycloakError as exc:
        raise StackError(f"could not create the demo staff account: {exc}") from exc
