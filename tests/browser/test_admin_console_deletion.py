"""Staff delete a family account in Keycloak's admin console while the bridge is down: the bridge erases it later."""

from __future__ import annotations

import uuid

import requests

from tests.support.console import CONSOLE, console_agent, sign_in
from tests.support.family_space import BRIDGE, bridge_down, erasure_of, wait_until, where_found
from tests.support.users import make_family_user


def test_a_deletion_in_the_admin_console_reaches_the_bridge_after_its_outage(browser, kc_admin, bridge_env, stack,
                                                                            stack_env):
    agent = console_agent(kc_admin)
    username, _, user_id = make_family_user(kc_admin, prefix="console")
    tag = uuid.uuid4().hex[:8]
    answer = requests.post(
        f"{BRIDGE}/api/v1/family-requests", timeout=10,
        headers={"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"},
        json={"keycloak_user_id": user_id, "idempotency_key": uuid.uuid4().hex,
              "account": {"last_name": "Console", "first_name": "Camille", "email": f"{username}@example.org"},
              "address": f"5 rue de la Console {tag}", "postal_code": "28000", "town": "Chartres",
              "phone": "02 37 11 22 33", "second_parent": {},
              "children": [{"last_name": "Console", "first_name": f"Léo{tag}", "birth_date": "12/03/2016"}]},
    )
    assert answer.status_code == 201, answer.text
    needles = [username, f"5 rue de la Console {tag}", f"Léo{tag}"]
    assert len(where_found(bridge_env, needles)) == 3

    page = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(20000)
    try:
        sign_in(page, agent)
        with bridge_down(stack, stack_env):
            page.goto(f"{CONSOLE}#/portail-famille/users/{user_id}/settings")
            page.reload()
            page.get_by_test_id("action-dropdown").click()
            page.get_by_role("menuitem", name="Supprimer").click()
            page.get_by_test_id("confirm").click()
            wait_until(lambda: not kc_admin.get_users({"username": username, "exact": True}),
                       "Keycloak to delete the account")
            assert where_found(bridge_env, needles), "nothing may change while the bridge is down"
    finally:
        page.context.close()
    record = wait_until(lambda: erasure_of(bridge_env, user_id), "the erasure of the deleted account")
    assert record.source == "staff"
    assert where_found(bridge_env, needles) == {}
