"""A staff decision that links an account to a dossier can be undone afterwards (RGAA 11.12):
the request's page leads to the link, whose page undoes it."""

from __future__ import annotations

import re

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import transaction
from dossier_bridge.family_requests import service
from dossier_bridge.web.context import services

FAMILY = {"address": "1 rue X", "postal_code": "28000", "town": "Chartres", "phone": "0611223344",
          "children": [{"last_name": "A", "first_name": "B", "birth_date": "01/01/2018"}]}


def test_the_request_page_leads_to_undoing_the_link_its_decision_made(database_url, sign_in_staff):
    app = create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": "s"}))
    app.config["WTF_CSRF_ENABLED"] = False  # the decision itself is not what this test is about
    with transaction(services(app).sessions) as session:
        request, _ = service.submit(session, services(app).mail, service.Account("kc-9", "n@example.org", "Nouveau", "Néo"),
                                    "k9", FAMILY)
        path = f"/review/demandes/{request.id}"
    client = app.test_client()
    sign_in_staff(client)
    assert not re.search(r"/review/rattachements/\d+", client.get(path).get_data(as_text=True))
    assert client.post(f"{path}/creer", data={"version": "1"}).status_code == 303
    page = client.get(path).get_data(as_text=True)
    link = re.search(r'href="(/review/rattachements/\d+)">Le compte est rattaché au dossier (\d+)', page)
    assert link, page[page.index("<main"):][:3000]
    undo_page = client.get(link.group(1)).get_data(as_text=True)
    assert f"Rattachement au dossier {link.group(2)}" in undo_page and 'id="undo-reason"' in undo_page
