"""A city agent of Keycloak's admin console (the realm's own console, in French)."""

from __future__ import annotations

from devstack.bootstrap import ensure_user
from tests.support.users import PASSWORD, unique

CONSOLE = "http://localhost:8080/admin/portail-famille/console/"
ROLES = ("view-users", "manage-users", "query-users", "query-groups")


def console_agent(kc_admin) -> str:
    """A new agent who manages accounts in the admin console; returns its username (password PASSWORD)."""
    management = kc_admin.get_client_id("realm-management")
    agent = unique("gestion")
    agent_id = ensure_user(kc_admin, agent, PASSWORD, email=f"{agent}@ville-chartres.example", first_name="Agent",
                           last_name="Gestion")
    kc_admin.assign_client_role(agent_id, management, [kc_admin.get_client_role(management, r) for r in ROLES])
    return agent


def sign_in(page, agent: str) -> None:
    page.goto(CONSOLE)
    page.fill("#username", agent)
    page.fill("#password", PASSWORD)
    page.click("#kc-login")
    page.wait_for_url("**/console/**")
