"""The staff session's time limit (RGAA 13.1): its state can be read without extending it, extended
by the agent, and every staff page carries the warning that session-time.js shows."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings

# The default idle time of a sign-in (BRIDGE_SESSION_IDLE_SECONDS).
IDLE_TIMEOUT_SECONDS = Settings.from_env({"BRIDGE_API_SECRET": "s"}).session_idle_seconds

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(database_url):
    return create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": "s"}))


def token_of(client) -> str:
    page = BeautifulSoup(client.get("/review/").get_data(as_text=True), "html.parser")
    return page.find("meta", attrs={"name": "csrf-token"})["content"]


def test_reading_the_time_left_does_not_extend_the_session(app, sign_in_staff):
    client = app.test_client()
    sign_in_staff(client, seen=time.time() - (IDLE_TIMEOUT_SECONDS - 100))
    first = client.get("/review/session").get_json()
    again = client.get("/review/session").get_json()
    assert 0 < again["seconds_left"] <= first["seconds_left"] <= 100


def test_the_agent_extends_the_session_and_gets_fresh_form_tokens(app, sign_in_staff):
    client = app.test_client()
    sign_in_staff(client)
    token = token_of(client)
    sign_in_staff(client, seen=time.time() - (IDLE_TIMEOUT_SECONDS - 60))
    answer = client.post("/review/session", headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert answer.status_code == 200
    assert answer.get_json()["seconds_left"] > IDLE_TIMEOUT_SECONDS - 10
    assert answer.get_json()["csrf_token"]
    assert client.get("/review/session").get_json()["seconds_left"] > IDLE_TIMEOUT_SECONDS - 10


def test_extending_needs_the_form_token(app, sign_in_staff):
    client = app.test_client()
    sign_in_staff(client, seen=time.time() - (IDLE_TIMEOUT_SECONDS - 60))
    assert client.post("/review/session").status_code == 400
    assert client.get("/review/session").get_json()["seconds_left"] <= 60


def test_an_ended_session_is_not_extended(app, sign_in_staff):
    client = app.test_client()
    sign_in_staff(client)
    token = token_of(client)
    sign_in_staff(client, seen=time.time() - IDLE_TIMEOUT_SECONDS - 1)
    answer = client.post("/review/session", headers={"X-CSRFToken": token})
    assert answer.status_code == 401 and answer.get_json()["seconds_left"] == 0
    assert client.get("/review/session").status_code == 401
    assert client.get("/review/").status_code == 302


def test_an_account_without_the_staff_role_has_no_session_to_extend(app, sign_in_staff):
    client = app.test_client()
    sign_in_staff(client, roles=["default-roles-portail-famille"])
    assert client.get("/review/session").status_code == 401


@pytest.mark.parametrize("lang, title", [("fr", "Votre session va bientôt expirer"), ("en", "Your session will soon expire")])
def test_every_staff_page_carries_the_warning_in_the_page_s_language(app, sign_in_staff, lang, title):
    client = app.test_client()
    sign_in_staff(client)
    for path in ("/review/", "/review/doublons", "/review/actualites/", "/review/actualites/nouvelle"):
        page = BeautifulSoup(client.get(f"{path}?lang={lang}").get_data(as_text=True), "html.parser")
        dialog = page.find("dialog", id="session-dialog")
        assert dialog is not None and dialog["role"] == "alertdialog", path
        assert page.find(id="session-dialog-title")["data-warning"] == title
        assert page.body["data-session-seconds-left"].isdigit()
        script = page.find("script", src=re.compile(r"session-time\.js$"))
        assert script is not None and not script.string, "an external file: the CSP allows no inline script"


def test_public_pages_have_no_staff_session_warning(app):
    page = app.test_client().get("/accessibilite").get_data(as_text=True)
    assert "session-dialog" not in page and "session-time.js" not in page


def test_the_warning_has_its_words_in_both_bundles():
    keys = {"sessionWarningTitle", "sessionWarningText", "sessionExtend", "sessionEndedTitle", "sessionEndedText",
            "sessionSignInAgain", "newWindow"}
    for lang in ("fr", "en"):
        bundle = json.loads((ROOT / "dossier_bridge" / "messages" / lang / "staff.json").read_text(encoding="utf-8"))
        assert keys <= bundle.keys(), lang


def test_the_warning_names_the_idle_time_the_city_configured(database_url, sign_in_staff):
    app = create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": "s",
                                        "BRIDGE_SESSION_IDLE_SECONDS": "900"}))
    client = app.test_client()
    sign_in_staff(client)
    page = BeautifulSoup(client.get("/review/").get_data(as_text=True), "html.parser")
    warning = page.find(id="session-dialog-text")
    assert "après 15 minutes sans activité" in warning.get_text()
    assert "15 minutes" in warning["data-warning"] and "30 minutes" not in warning["data-warning"]
