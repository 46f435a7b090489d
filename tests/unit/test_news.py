"""News: the public feed shows published items only; staff manage them through CSRF-protected forms."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import transaction
from dossier_bridge.models import NewsItem
from dossier_bridge.news import short
from dossier_bridge.web.context import services

KEYCLOAK = "http://keycloak.example:8080"


@pytest.fixture
def app(database_url):
    settings = Settings.from_env({
        "BRIDGE_DATABASE_URL": database_url,
        "KEYCLOAK_PUBLIC_URL": KEYCLOAK,
        "BRIDGE_PUBLIC_URL": "http://portail.example",
    })
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()


def add(app, title, day, published=True, link=None, text="Un texte court."):
    with transaction(services(app).sessions) as session:
        session.add(NewsItem(title=title, news_date=day, summary=text, published=published, link_url=link))


def token(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_feed_lists_published_items_newest_first(app, client):
    add(app, "Inscriptions scolaires", dt.date(2026, 4, 19))
    add(app, "École des sports", dt.date(2026, 7, 7), link="https://www.exemple.fr/sports")
    add(app, "Brouillon", dt.date(2026, 8, 1), published=False)
    items = client.get("/api/v1/news").get_json()["items"]
    assert [i["title"] for i in items] == ["École des sports", "Inscriptions scolaires"]
    assert items[0]["date"] == "2026-07-07"
    assert items[0]["url"] == "https://www.exemple.fr/sports"
    # Without a link, "Lire la suite" leads to the full text on the public news page.
    assert items[1]["url"].startswith("http://portail.example/actualites#actualite-")


def test_feed_limit(app, client):
    for day in range(1, 8):
        add(app, f"Actualité {day}", dt.date(2026, 5, day))
    assert len(client.get("/api/v1/news?limit=3").get_json()["items"]) == 3
    assert len(client.get("/api/v1/news?limit=abc").get_json()["items"]) == 3


def test_feed_is_readable_by_the_keycloak_login_page_only(client):
    allowed = client.get("/api/v1/news", headers={"Origin": KEYCLOAK})
    assert allowed.headers["Access-Control-Allow-Origin"] == KEYCLOAK
    other = client.get("/api/v1/news", headers={"Origin": "http://ailleurs.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_summary_is_cut_on_a_word():
    text = "mot " * 100
    cut = short(text, 30)
    assert cut.endswith("…") and len(cut) <= 31 and "mo…" not in cut


def test_public_page_shows_full_text_of_published_items(app, client):
    add(app, "Publiée", dt.date(2026, 4, 23), text="Premier paragraphe.\nSecond paragraphe.")
    add(app, "Cachée", dt.date(2026, 4, 24), published=False)
    page = client.get("/actualites").get_data(as_text=True)
    assert "Publiée" in page and "Second paragraphe." in page
    assert "Cachée" not in page


def test_news_management_needs_staff_sign_in(client):
    answer = client.get("/review/actualites/")
    assert answer.status_code == 302 and "/review/connexion" in answer.headers["Location"]


def test_news_management_refuses_accounts_without_the_role(client, sign_in_staff):
    sign_in_staff(client, roles=())
    assert client.get("/review/actualites/").status_code == 403


def test_staff_create_publish_and_unpublish(app, client, sign_in_staff):
    sign_in_staff(client)
    csrf = token(client, "/review/actualites/nouvelle")
    answer = client.post("/review/actualites/nouvelle", data={
        "csrf_token": csrf, "title": "Vacances sportives", "news_date": "2026-06-15",
        "summary": "Les inscriptions ouvrent le 1er juin.", "link_url": "", "published": "y",
    })
    assert answer.status_code == 302
    assert [i["title"] for i in client.get("/api/v1/news").get_json()["items"]] == ["Vacances sportives"]
    listing = client.get("/review/actualites/").get_data(as_text=True)
    assert "L&#39;actualité a été enregistrée." in listing or "L'actualité a été enregistrée." in listing
    item_id = re.search(r'/review/actualites/(\d+)/publication', listing).group(1)
    csrf = token(client, "/review/actualites/")
    client.post(f"/review/actualites/{item_id}/publication", data={"csrf_token": csrf})
    assert client.get("/api/v1/news").get_json()["items"] == []
    with services(app).sessions() as session:
        assert session.get(NewsItem, int(item_id)).updated_by == "agent.test"


def test_deleting_a_news_item_asks_for_confirmation_first(app, client, sign_in_staff):
    """RGAA 11.12: a deletion cannot be undone, so the list's "Supprimer" leads to a confirmation page."""
    add(app, "Fête des écoles", dt.date(2026, 6, 20))
    sign_in_staff(client)
    listing = client.get("/review/actualites/").get_data(as_text=True)
    item_id = re.search(r'/review/actualites/(\d+)/suppression', listing).group(1)
    confirmation = client.get(f"/review/actualites/{item_id}/suppression")
    assert confirmation.status_code == 200
    page = confirmation.get_data(as_text=True)
    assert "Supprimer cette actualité ?" in page and "Fête des écoles" in page and "20/06/2026" in page
    assert news_state(app) == [("Fête des écoles", True)]
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(f"/review/actualites/{item_id}/suppression", data={"csrf_token": csrf}).status_code == 302
    assert news_state(app) == []


def test_forms_without_csrf_token_are_refused(client, sign_in_staff):
    sign_in_staff(client)
    answer = client.post("/review/actualites/nouvelle", data={
        "title": "Sans jeton", "news_date": "2026-06-15", "summary": "x", "published": "y",
    })
    assert answer.status_code == 400
    assert client.get("/api/v1/news").get_json()["items"] == []


def test_invalid_form_says_what_to_fix_in_french(client, sign_in_staff):
    sign_in_staff(client)
    csrf = token(client, "/review/actualites/nouvelle")
    answer = client.post("/review/actualites/nouvelle", data={
        "csrf_token": csrf, "title": "", "news_date": "pas une date", "summary": "x", "link_url": "pas-une-adresse",
    })
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Indiquez un titre" in page
    assert "Indiquez une date valide" in page
    assert "adresse web complète" in page
    assert 'aria-invalid="true"' in page


HOSTILE_LINKS = ["javascript:alert(document.cookie)", "JavaScript:alert(1)", " javascript:alert(1)",
                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "//evil.example/x", "http:///nohost"]


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_the_news_form_refuses_links_that_are_not_web_addresses(client, sign_in_staff, link):
    sign_in_staff(client)
    csrf = token(client, "/review/actualites/nouvelle")
    answer = client.post("/review/actualites/nouvelle", data={
        "csrf_token": csrf, "title": "Piège", "news_date": "2026-06-15", "summary": "x", "link_url": link,
        "published": "y",
    })
    assert answer.status_code == 400
    assert client.get("/api/v1/news").get_json()["items"] == []


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_a_stored_hostile_link_never_reaches_the_feed_or_the_page(app, client, link):
    add(app, "Ancienne actualité", dt.date(2026, 4, 19), link=link)
    url = client.get("/api/v1/news").get_json()["items"][0]["url"]
    assert url.startswith("http://portail.example/actualites#actualite-")
    assert 'href="' + link not in client.get("/actualites").get_data(as_text=True)


def news_state(app) -> list[tuple[str, bool]]:
    with services(app).sessions() as session:
        return [(i.title, i.published) for i in session.query(NewsItem).order_by(NewsItem.id)]


@pytest.mark.parametrize("action", ["create", "edit", "publication", "suppression"])
def test_an_account_without_the_staff_role_changes_no_news_even_with_a_valid_form(app, client, sign_in_staff, action):
    """The role, not the form token, is what refuses: a token from a real page, then the role missing."""
    add(app, "Existante", dt.date(2026, 5, 1))
    sign_in_staff(client)
    listing = client.get("/review/actualites/").get_data(as_text=True)
    item_id = re.search(r"/review/actualites/(\d+)/publication", listing).group(1)
    csrf = token(client, "/review/actualites/nouvelle")
    fields = {"csrf_token": csrf, "title": "Intrus", "news_date": "2026-06-15", "summary": "x", "link_url": "",
              "published": "y"}
    path, data = {
        "create": ("/review/actualites/nouvelle", fields),
        "edit": (f"/review/actualites/{item_id}", fields),
        "publication": (f"/review/actualites/{item_id}/publication", {"csrf_token": csrf}),
        "suppression": (f"/review/actualites/{item_id}/suppression", {"csrf_token": csrf}),
    }[action]
    before = news_state(app)
    sign_in_staff(client, roles=["default-roles-portail-famille"], username="famille.test")
    refused = client.post(path, data=data)
    assert refused.status_code == 403
    assert news_state(app) == before
    # The very same form posted with the role goes through: the token was valid, the role refused.
    sign_in_staff(client)
    assert client.post(path, data=data).status_code == 302
    assert news_state(app) != before
