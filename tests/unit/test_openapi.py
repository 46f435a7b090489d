"""The OpenAPI document: valid OpenAPI 3, every route with its methods, and answers that match their schemas."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, transaction
from dossier_bridge.models import NewsItem
from dossier_bridge.registry.csv_format import read_dossier_file
from dossier_bridge.registry.importer import import_dossiers
from dossier_bridge.web.context import install, services

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-dossiers.csv"
SECRET = "openapi-test-secret"
AUTH = {"Authorization": f"Bearer {SECRET}"}
DOCUMENTED = re.compile(r"^/(api/v1/|healthz$)")
# A family with one parent (second_parent stored as null) and an ISO birth date.
FAMILY = {"address": "3 rue des Lisses", "postal_code": "28 000", "town": "Chartres", "phone": "+33 7 88 77 66 55",
          "children": [{"last_name": "Traoré", "first_name": "Issa", "birth_date": "2019-02-02"},
                       {"last_name": "Traoré", "first_name": "Mariam", "birth_date": "14/07/2021", "school": "Jules Ferry"}]}


@pytest.fixture
def app(database_url):
    app = create_app(Settings.from_env({
        "BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": SECRET, "BRIDGE_VERIFY_LIMIT_PER_NUMBER": "2 per 15 minutes",
    }))
    install(app, replace(services(app), directory=KeycloakStub()))
    with transaction(services(app).sessions) as session:
        import_dossiers(session, read_dossier_file(SAMPLE))
        session.add(NewsItem(title="Inscriptions", news_date=dt.date(2026, 4, 19), summary="Un texte.", published=True))
    return app


class KeycloakStub:
    """Stands in for Keycloak's admin API (unit tests may stub I/O)."""

    def get(self, user_id):
        return None

    def set_attributes(self, user_id, values):
        pass


@pytest.fixture
def spec(app):
    return app.test_client().get("/api/v1/openapi.json").get_json()


def flask_routes(app) -> dict[str, set[str]]:
    """Documented routes as OpenAPI writes them (`/dossiers/{number}/links`) -> their methods."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if DOCUMENTED.match(rule.rule):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            routes.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    return routes


def test_the_document_is_valid_openapi_3(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_api_route_is_documented_with_its_methods_and_nothing_else(app, spec):
    routes = flask_routes(app)
    assert {"/healthz", "/api/v1/news", "/api/v1/family-requests", "/api/v1/review/requests"} <= set(routes)
    documented = {path: {m for m in item if m in ("get", "post", "put", "patch", "delete")}
                  for path, item in spec["paths"].items()}
    assert documented == routes


class Conformance:
    """Checks answers against the document's response schemas (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.registry = Registry().with_resource("urn:openapi", Resource.from_contents(spec, DRAFT202012))
        self.seen: set[tuple[str, str, str]] = set()

    def check(self, path: str, method: str, answer) -> dict:
        responses = self.spec["paths"][path][method]["responses"]
        status = str(answer.status_code)
        assert status in responses, f"{method.upper()} {path} answered {status}, which the document does not list"
        response = responses[status]
        pointer = f"/paths/{_escape(path)}/{method}/responses/{status}"
        if "$ref" in response:
            pointer = response["$ref"].lstrip("#")
            response = self._resolve(pointer)
        assert answer.is_json, f"{method.upper()} {path} {status} is not JSON"
        schema = {"$ref": f"urn:openapi#{pointer}/content/application~1json/schema"}
        errors = [e.message for e in Draft202012Validator(schema, registry=self.registry).iter_errors(answer.get_json())]
        assert not errors, f"{method.upper()} {path} {status}: {errors}"
        self.seen.add((path, method, status))
        return answer.get_json()

    def _resolve(self, pointer: str) -> dict:
        node = self.spec
        for part in pointer.strip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def test_answers_match_the_documented_schemas(app, spec):
    doc = Conformance(spec)
    client = app.test_client()
    verify = "/api/v1/dossiers/verify"

    def post(path, body, headers=AUTH):
        return client.post(path, headers=headers, json=body)

    doc.check("/healthz", "get", client.get("/healthz"))
    doc.check("/api/v1/openapi.json", "get", client.get("/api/v1/openapi.json"))
    # Sign-up with a number: every result, the refusals, the rate limit.
    camille = {"dossier_number": "104 233", "last_name": "Lefèvre", "first_name": "Camille", "email": "c@example.org",
               "client_ip": "198.51.100.7"}
    claim = doc.check(verify, "post", post(verify, camille))["claim"]
    # An identity FranceConnect vouched for: all given names, usage name, birth date (the other parent's: refused).
    vouched = {**camille, "first_name": "Camille Marie", "last_name": "LEFEVRE", "usage_name": "LEFEVRE",
               "identity_source": "franceconnect", "birth_date": "1984-09-02", "client_ip": "198.51.100.8"}
    assert doc.check(verify, "post", post(verify, vouched)) == {"result": "no_match"}
    doc.check(verify, "post", post(verify, {**vouched, "birth_date": "02/09/1984"}))
    doc.check(verify, "post", post(verify, {**vouched, "identity_source": "ameli"}))
    doc.check(verify, "post", post(verify, {**camille, "dossier_number": "12AB"}))
    doc.check(verify, "post", post(verify, {**camille, "email": None, "client_ip": None}))
    doc.check(verify, "post", post(verify, {**camille, "last_name": ""}))
    doc.check(verify, "post", post(verify, ["not", "an", "object"]))
    doc.check(verify, "post", post(verify, camille, headers={}))
    for _ in range(3):
        last = post(verify, {**camille, "dossier_number": "104235", "last_name": "Inconnu"})
    assert last.status_code == 429
    doc.check(verify, "post", last)
    links = "/api/v1/dossiers/links"
    doc.check(links, "post", post(links, {"claim": claim, "keycloak_user_id": "kc-camille", "email": "c@example.org"}))
    doc.check(links, "post", post(links, {"claim": claim, "keycloak_user_id": "kc-other"}))
    doc.check(links, "post", post(links, {"claim": "forged", "keycloak_user_id": "kc-other"}))
    doc.check(links, "post", post(links, {"claim": claim}))
    doc.check(links, "post", post(links, {"claim": claim, "keycloak_user_id": "kc-camille"}, headers={}))
    doc.check(verify, "post", post(verify, camille))  # already_linked
    linked = doc.check("/api/v1/dossiers/{number}/links", "get", client.get("/api/v1/dossiers/104233/links", headers=AUTH))
    assert [link["keycloak_user_id"] for link in linked["links"]] == ["kc-camille"]
    doc.check("/api/v1/dossiers/{number}/links", "get", client.get("/api/v1/dossiers/104233/links"))

    # Sign-up without a number: stored, replayed, invalid, read back, decided.
    requests_ = "/api/v1/family-requests"
    submission = {"keycloak_user_id": "kc-awa", "idempotency_key": "k-1",
                  "account": {"email": "awa@example.org", "last_name": "Traoré", "first_name": "Awa"}, **FAMILY}
    created = post(requests_, submission)
    assert created.status_code == 201
    doc.check(requests_, "post", created)
    doc.check(requests_, "post", post(requests_, submission))
    doc.check(requests_, "post", post(requests_, {**submission, "idempotency_key": "k-2", "phone": "12", "children": []}))
    doc.check(requests_, "post", post(requests_, {"keycloak_user_id": "kc-awa"}))
    doc.check(requests_, "post", post(requests_, submission, headers={}))
    doc.check(requests_, "post", post(requests_, {**submission, "keycloak_user_id": "kc-intruder"}))  # key of another account
    franceconnect = {**submission, "keycloak_user_id": "kc-fc", "idempotency_key": "k-fc",
                     "account": {**submission["account"], "email": "awa.fc@example.org"},
                     "identity": {"source": "franceconnect", "given_names": "Awa Fatou", "family_name": "TRAORÉ",
                                  "usage_name": "", "birth_date": "1990-03-04"}}
    doc.check(requests_, "post", post(requests_, franceconnect))
    doc.check(requests_, "post", post(requests_, {**franceconnect, "idempotency_key": "k-fc-2",
                                                  "identity": {"source": "somewhere"}}))
    by_account = "/api/v1/family-requests/by-account/{keycloak_user_id}"
    stored = doc.check(by_account, "get", client.get("/api/v1/family-requests/by-account/kc-fc", headers=AUTH))
    assert stored["submitted"]["identity"]["birth_date"] == "04/03/1990"
    doc.check(by_account, "get", client.get("/api/v1/family-requests/by-account/kc-awa", headers=AUTH))
    doc.check(by_account, "get", client.get("/api/v1/family-requests/by-account/kc-nobody", headers=AUTH))
    doc.check(by_account, "get", client.get("/api/v1/family-requests/by-account/kc-awa"))

    # Staff JSON: signed out, without the role, with it.
    queue, duplicates = "/api/v1/review/requests", "/api/v1/review/duplicates"
    doc.check(queue, "get", client.get(queue))
    doc.check(duplicates, "get", client.get(duplicates))
    sign_in(client, roles=["default-roles-portail-famille"])
    doc.check(queue, "get", client.get(queue))
    doc.check(duplicates, "get", client.get(duplicates))
    sign_in(client, roles=["agent-famille"])
    listed = doc.check(queue, "get", client.get(queue))
    assert sorted(r["account"]["email"] for r in listed["requests"]) == ["awa.fc@example.org", "awa@example.org"]
    doc.check(queue, "get", client.get(queue, query_string={"status": "everything", "q": "awa"}))
    doc.check(duplicates, "get", client.get(duplicates, query_string={"min_score": "0"}))
    doc.check(duplicates, "get", client.get(duplicates, query_string={"min_score": "not-a-number"}))
    decided = _decide(app, client)
    doc.check(requests_, "post", post(requests_, {**submission, "idempotency_key": "k-3"}))
    assert decided.status_code == 303

    news = "/api/v1/news"
    assert doc.check(news, "get", client.get(news))["items"][0]["title"] == "Inscriptions"
    doc.check(news, "get", client.get(news, query_string={"limit": "x"}))
    doc.check(news, "get", client.get(news, query_string={"limit": "500"}))

    # Bodies over the cap are refused before they are read.
    oversized = b"{" + b" " * (300 * 1024) + b"}"
    for path in (verify, links, requests_):
        doc.check(path, "post", client.post(path, headers={**AUTH, "Content-Type": "application/json"}, data=oversized))

    # The database gone: the health check says so.
    install(app, replace(services(app), engine=make_engine("postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")))
    assert doc.check("/healthz", "get", client.get("/healthz"))["database"] == "unreachable"

    # Every answer the document lists was produced and checked.
    listed_answers = {
        (path, method, status)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        for status in operation["responses"]
    }
    assert listed_answers == doc.seen


def sign_in(client, roles):
    with client.session_transaction() as session:
        session["staff"] = {"sub": "s1", "username": "agent.test", "roles": roles, "seen": time.time()}


def _decide(app, client):
    """Staff create the request's dossier through the review screen, so that a new submission is refused."""
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        return client.post("/review/demandes/1/creer", data={"version": "1"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
