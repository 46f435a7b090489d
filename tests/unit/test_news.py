"""News: the public feed shows published items only; staff manage them through CSRF-protected forms."""

from __future__ import annotations

import datetime as dt
import re
import time

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


def staff(client, roles=("agent-famille",)):
    with client.session_transaction() as session:
        session["staff"] = {"sub": "s1", "username": "agent.test", "roles": list(roles), "seen": time.time()}


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


def test_news_management_refuses_accounts_without_the_role(client):
    staff(client, roles=())
    assert client.get("/review/actualites/").status_code == 403


def test_staff_create_publish_and_unpublish(app, client):
    staff(client)
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


def test_forms_without_csrf_token_are_refused(client):
    staff(client)
    answer = client.post("/review/actualites/nouvelle", data={
        "title": "Sans jeton", "news_date": "2026-06-15", "summary": "x", "published": "y",
    })
    assert answer.status_code == 400
    assert client.get("/api/v1/news").get_json()["items"] == []


def test_invalid_form_says_what_to_fix_in_french(client):
    staff(client)
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
