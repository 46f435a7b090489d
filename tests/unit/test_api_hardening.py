"""Inputs found by probing the running bridge: each one gets a 4xx with a message, never a 500."""

from __future__ import annotations

import json

import pytest

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import transaction
from dossier_bridge.family_requests import service
from dossier_bridge.web.context import services

SECRET = "unit-test-secret"
JSON_AUTH = {"Authorization": f"Bearer {SECRET}", "Content-Type": "application/json"}
FAMILY = {"address": "1 rue X", "postal_code": "28000", "town": "Chartres", "phone": "0611223344",
          "children": [{"last_name": "A", "first_name": "B", "birth_date": "01/01/2018"}]}
VERIFY = {"dossier_number": "104233", "last_name": "Lefèvre", "first_name": "Camille", "email": "c@example.org",
          "client_ip": "198.51.100.7"}


@pytest.fixture
def app(database_url):
    app = create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": SECRET}))
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash must show as the 500 a caller would get
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def post_json(client, path, body: str):
    return client.post(path, headers=JSON_AUTH, data=body)


@pytest.mark.parametrize("body", ["[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000])
def test_json_nested_a_thousand_deep_is_a_400(client, body):
    answer = post_json(client, "/api/v1/dossiers/verify", body)
    assert answer.status_code == 400 and answer.get_json()["error"] == "bad_request"


@pytest.mark.parametrize("field", ["dossier_number", "email", "client_ip", "last_name", "first_name"])
def test_a_lone_surrogate_in_a_verify_field_is_a_400(client, field):
    body = dict(VERIFY, **{field: "104\ud800"})
    assert post_json(client, "/api/v1/dossiers/verify", json.dumps(body)).status_code == 400


def test_a_lone_surrogate_in_a_family_request_email_is_a_400(client):
    body = {"keycloak_user_id": "kc-9", "idempotency_key": "k-9", **FAMILY,
            "account": {"email": "a\ud800@example.org", "last_name": "A", "first_name": "B"}}
    assert post_json(client, "/api/v1/family-requests", json.dumps(body)).status_code == 400


def test_a_one_megabyte_body_is_refused_before_any_work(app, client, monkeypatch):
    called = []
    monkeypatch.setattr(service, "submit", lambda *a, **k: called.append(1))
    answer = client.post("/api/v1/family-requests", headers=JSON_AUTH, data=b"{" + b" " * (1024 * 1024) + b"}")
    assert answer.status_code == 413 and not called


def test_an_idempotency_key_answers_only_its_own_account(client):
    first = {"keycloak_user_id": "kc-1", "idempotency_key": "shared-key", **FAMILY,
             "account": {"email": "a@example.org", "last_name": "A", "first_name": "B"}}
    assert post_json(client, "/api/v1/family-requests", json.dumps(first)).status_code == 201
    replay = dict(first, keycloak_user_id="kc-2", account={"email": "z@example.org", "last_name": "Z", "first_name": "Y"})
    answer = post_json(client, "/api/v1/family-requests", json.dumps(replay))
    assert answer.status_code == 409 and answer.get_json()["result"] == "idempotency_key_reused"
    assert "kc-1" not in answer.get_data(as_text=True)



@pytest.mark.parametrize("threshold", ["inf", "1e308", "-inf", "nan", "abc", "2"])
def test_an_unusable_duplicate_threshold_is_a_400(client, sign_in_staff, threshold):
    sign_in_staff(client)
    assert client.get(f"/review/doublons?seuil={threshold}").status_code == 400
    assert client.get(f"/api/v1/review/duplicates?min_score={threshold}").status_code == 400


def test_a_request_id_beyond_the_database_range_is_a_404(client, sign_in_staff):
    sign_in_staff(client)
    assert client.get("/review/demandes/99999999999999999999").status_code == 404
    assert client.get("/review/demandes/2147483648").status_code == 404


def test_a_version_beyond_the_database_range_is_a_400(app, client, sign_in_staff):
    with transaction(services(app).sessions) as session:
        stored, _ = service.submit(session, services(app).mail, service.Account("kc-1", "a@example.org", "A", "B"), "k1", FAMILY)
    app.config["WTF_CSRF_ENABLED"] = False
    sign_in_staff(client)
    answer = client.post(f"/review/demandes/{stored.id}/precisions", data={"version": "9" * 30, "message": "x"})
    assert answer.status_code == 400


@pytest.mark.parametrize("path", ["/aide", "/accessibilite", "/actualites", "/famille", "/review/", "/nowhere"])
def test_every_page_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # development: plain http


def test_the_inline_style_carries_the_policy_nonce(client):
    answer = client.get("/aide")
    nonce = answer.headers["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<style nonce="{nonce}">' in answer.get_data(as_text=True)


def test_api_answers_carry_the_headers_too(client):
    headers = client.get("/api/v1/news").headers
    assert headers["X-Content-Type-Options"] == "nosniff" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
