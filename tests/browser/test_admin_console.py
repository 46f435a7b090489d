"""Staff see a family account's dossier attributes with French labels in Keycloak's admin console."""

from __future__ import annotations

from pathlib import Path

from devstack.bootstrap import ensure_user
from tests.browser.conftest import KEYCLOAK, SCREENSHOTS
from tests.support.users import PASSWORD, unique

CONSOLE = f"{KEYCLOAK}/admin/portail-famille/console/"


def test_user_page_shows_the_dossier_group_in_french(browser, kc_admin):
    management = kc_admin.get_client_id("realm-management")
    agent = unique("gestion")
    agent_id = ensure_user(kc_admin, agent, PASSWORD, email=f"{agent}@ville-chartres.example", first_name="Agent",
                           last_name="Gestion")
    kc_admin.assign_client_role(agent_id, management, [
        kc_admin.get_client_role(management, role) for role in ("view-users", "manage-users", "query-users", "query-groups")
    ])
    family = unique("famille")
    family_id = ensure_user(kc_admin, family, PASSWORD, email=f"{family}@example.org", first_name="Camille",
                            last_name="LEFEVRE", attributes={"dossierNumber": ["104233"], "dossierStatus": ["linked"]})
    page = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1200}).new_page()
    page.goto(CONSOLE)
    page.fill("#username", agent)
    page.fill("#password", PASSWORD)
    page.click("#kc-login")
    page.wait_for_url("**/console/**")
    page.goto(f"{CONSOLE}#/portail-famille/users/{family_id}/settings")
    page.reload()
    page.get_by_text("Dossier famille", exact=True).first.wait_for()
    body = page.inner_text("body")
    assert "Numéro de dossier" in body and "Statut du dossier" in body
    assert page.get_by_label("Numéro de dossier").input_value() == "104233"
    assert "Rattaché" in body
    page.screenshot(path=str(Path(SCREENSHOTS) / "admin-console-dossier.png"))
    page.context.close()
