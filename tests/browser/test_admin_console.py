"""Staff see a family account's dossier attributes with French labels in Keycloak's admin console."""

from __future__ import annotations

from pathlib import Path

from devstack.bootstrap import ensure_user
from tests.browser.conftest import SCREENSHOTS
from tests.support.console import CONSOLE, console_agent, sign_in
from tests.support.users import PASSWORD, unique


def test_user_page_shows_the_dossier_group_in_french(browser, kc_admin):
    agent = console_agent(kc_admin)
    family = unique("famille")
    family_id = ensure_user(kc_admin, family, PASSWORD, email=f"{family}@example.org", first_name="Camille",
                            last_name="LEFEVRE", attributes={"dossierNumber": ["104233"], "dossierStatus": ["linked"]})
    page = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1200}).new_page()
    sign_in(page, agent)
    page.goto(f"{CONSOLE}#/portail-famille/users/{family_id}/settings")
    page.reload()
    page.get_by_text("Dossier famille", exact=True).first.wait_for()
    body = page.inner_text("body")
    assert "Numéro de dossier" in body and "Statut du dossier" in body
    assert page.get_by_label("Numéro de dossier").input_value() == "104233"
    assert "Rattaché" in body
    page.screenshot(path=str(Path(SCREENSHOTS) / "admin-console-dossier.png"))
    page.context.close()
