"""`dossier-bridge register-app`: what it asks Keycloak for, idempotence, and the operator's messages.

The admin API is an in-memory stand-in here (it adds the realm's default
scopes to a new client, as Keycloak may); the command against the real
Keycloak: tests/integration/test_register_app.py.
"""

from __future__ import annotations

import copy
import uuid

import pytest
from click.testing import CliRunner
from keycloak.exceptions import KeycloakAuthenticationError, KeycloakGetError, KeycloakPostError

from dossier_bridge import cli
from dossier_bridge.app_registration import AppSpec, Registrar, plan, problems

REALM_SCOPES = ["basic", "acr", "profile", "email", "dossier", "roles", "web-origins", "dossier-saml", "role_list"]


class StandInAdmin:
    """The few admin API calls register-app makes, on clients kept in memory."""

    def __init__(self):
        self.clients: dict[str, dict] = {}
        self.scopes = {name: f"id-{name}" for name in REALM_SCOPES}
        self.default: dict[str, set[str]] = {}
        self.optional: dict[str, set[str]] = {}
        self.writes = 0

    def get_client_id(self, client_id):
        return next((k for k, c in self.clients.items() if c["clientId"] == client_id), None)

    def get_client(self, uuid_):
        return copy.deepcopy(self.clients[uuid_])

    def create_client(self, body):
        self.writes += 1
        new = str(uuid.uuid4())
        self.clients[new] = {k: v for k, v in copy.deepcopy(body).items()
                             if k not in ("defaultClientScopes", "optionalClientScopes")}
        # Keycloak may start a client with the realm's defaults: the command must correct that.
        self.default[new] = set(body["defaultClientScopes"]) | {"roles", "web-origins"}
        self.optional[new] = set(body["optionalClientScopes"])
        return new

    def update_client(self, uuid_, body):
        self.writes += 1
        self.clients[uuid_] = copy.deepcopy(body)

    def get_client_scopes(self):
        return [{"name": n, "id": i} for n, i in self.scopes.items()]

    def _named(self, names):
        return [{"name": n, "id": self.scopes[n]} for n in sorted(names)]

    def get_client_default_client_scopes(self, uuid_):
        return self._named(self.default[uuid_])

    def get_client_optional_client_scopes(self, uuid_):
        return self._named(self.optional[uuid_])

    def _name_of(self, scope_id):
        return next(n for n, i in self.scopes.items() if i == scope_id)

    def delete_client_default_client_scope(self, uuid_, scope_id):
        self.writes += 1
        self.default[uuid_].discard(self._name_of(scope_id))

    def delete_client_optional_client_scope(self, uuid_, scope_id):
        self.writes += 1
        self.optional[uuid_].discard(self._name_of(scope_id))

    def add_client_default_client_scope(self, uuid_, scope_id, _payload):
        self.writes += 1
        self.default[uuid_].add(self._name_of(scope_id))

    def add_client_optional_client_scope(self, uuid_, scope_id, _payload):
        self.writes += 1
        self.optional[uuid_].add(self._name_of(scope_id))

    def generate_client_secrets(self, uuid_):
        self.writes += 1
        self.clients[uuid_]["secret"] = "rotated"
        return {"type": "secret", "value": "rotated"}


APP = AppSpec("restauration-scolaire", ("https://cantine.example.fr/auth/callback",),
              logout_url="https://cantine.example.fr/backchannel-logout",
              post_logout_uris=("https://cantine.example.fr/au-revoir",))


def register(admin, spec=APP, rotate=False):
    registrar = Registrar(admin)
    the_plan = plan(spec, registrar.current(spec.client_id))
    return the_plan, registrar.apply(the_plan, rotate)


def test_an_oidc_app_gets_code_pkce_exact_uris_back_channel_logout_and_scopes_on_request():
    admin = StandInAdmin()
    the_plan, secret = register(admin)
    client = admin.clients[the_plan.uuid]
    assert the_plan.action == "create" and secret and len(secret) >= 32 and client["secret"] == secret
    assert client["redirectUris"] == ["https://cantine.example.fr/auth/callback"]
    assert client["standardFlowEnabled"] and not client["implicitFlowEnabled"] and not client["directAccessGrantsEnabled"]
    assert not client["publicClient"] and not client["fullScopeAllowed"] and client["frontchannelLogout"] is False
    assert client["attributes"]["pkce.code.challenge.method"] == "S256"
    assert client["attributes"]["backchannel.logout.url"] == "https://cantine.example.fr/backchannel-logout"
    assert client["attributes"]["backchannel.logout.session.required"] == "true"
    assert client["attributes"]["post.logout.redirect.uris"] == "https://cantine.example.fr/au-revoir"
    assert admin.default[the_plan.uuid] == {"basic", "acr"}
    assert admin.optional[the_plan.uuid] == {"profile", "email", "dossier"}


def test_running_it_twice_changes_nothing_and_shows_no_secret():
    admin = StandInAdmin()
    register(admin)
    writes, clients = admin.writes, copy.deepcopy(admin.clients)
    again, secret = register(admin)
    assert again.action == "unchanged" and not again.changes and secret is None
    assert admin.writes == writes and admin.clients == clients


def test_a_changed_request_updates_only_what_changed_and_keeps_the_secret():
    admin = StandInAdmin()
    first, secret = register(admin)
    moved = AppSpec(APP.name, ("https://cantine.example.fr/auth/callback", "https://cantine.example.fr/auth/retour"),
                    logout_url=APP.logout_url, post_logout_uris=APP.post_logout_uris, dossier=False)
    second, new_secret = register(admin, moved)
    assert second.action == "update" and new_secret is None
    assert any(c.startswith("redirectUris") for c in second.changes)
    assert any(c.startswith("optional scopes") for c in second.changes)
    assert admin.clients[first.uuid]["secret"] == secret
    assert "dossier" not in admin.optional[first.uuid]
    assert len(admin.clients) == 1


def test_rotate_secret_makes_a_new_one():
    admin = StandInAdmin()
    register(admin)
    _, secret = register(admin, rotate=True)
    assert secret == "rotated"


def test_a_saml_app_gets_the_dossier_attributes_and_no_role_list():
    admin = StandInAdmin()
    spec = AppSpec("logiciel-x", ("https://sp.example.fr/saml/acs",), saml=True,
                   entity_id="https://sp.example.fr/saml/metadata", sp_certificate="MIIB...")
    the_plan, secret = register(admin, spec)
    client = admin.clients[the_plan.uuid]
    assert secret is None and client["clientId"] == "https://sp.example.fr/saml/metadata" and client["protocol"] == "saml"
    assert client["attributes"]["saml_assertion_consumer_url_post"] == "https://sp.example.fr/saml/acs"
    assert client["attributes"]["saml.client.signature"] == "true"
    assert client["attributes"]["saml_name_id_format"] == "persistent"
    assert admin.default[the_plan.uuid] == {"dossier-saml"} and admin.optional[the_plan.uuid] == set()
    assert register(admin, spec)[0].action == "unchanged"


@pytest.mark.parametrize("spec, expected", [
    (AppSpec("Cantine", ("https://a.fr/cb",)), "lower-case"),
    (AppSpec("cantine", ("https://a.fr/*",)), "no wildcard"),
    (AppSpec("cantine", ("http://a.fr/cb",)), "https is required"),
    (AppSpec("cantine", ("https://a.fr/cb#x",)), "#fragment"),
    (AppSpec("cantine", ("/cb",)), "absolute"),
    (AppSpec("cantine", ("https://a.fr/cb",), logout_url="javascript:alert(1)"), "absolute"),
    (AppSpec("portail", ("https://a.fr/cb",)), "portal's own clients"),
    (AppSpec("cantine", ("https://a.fr/cb",), sp_certificate="MII"), "for SAML"),
])
def test_requests_that_cannot_be_registered_are_explained(spec, expected):
    assert any(expected in p for p in problems(spec)), problems(spec)


def test_loopback_addresses_may_use_http():
    assert problems(AppSpec("cantine", ("http://localhost:5101/auth/callback",),
                            logout_url="http://127.0.0.1:5101/backchannel-logout")) == []


def test_a_client_of_another_protocol_is_not_converted():
    admin = StandInAdmin()
    register(admin, AppSpec("cantine", ("https://a.fr/cb",)))
    with pytest.raises(Exception, match="does not change a client's protocol"):
        register(admin, AppSpec("cantine", ("https://a.fr/acs",), saml=True))


# -- the command, as an operator runs it ----------------------------------------------


@pytest.fixture
def run(monkeypatch):
    admin = StandInAdmin()
    monkeypatch.setattr(cli, "_operator_admin", lambda settings: admin)

    def invoke(*args: str):
        return CliRunner().invoke(cli.main, ["register-app", *args], env={"BRIDGE_API_SECRET": "s"})

    invoke.admin = admin
    return invoke


ARGS = ("cantine", "--redirect-uri", "https://cantine.example.fr/auth/callback",
        "--logout-url", "https://cantine.example.fr/backchannel-logout")


def test_the_secret_is_printed_once_and_a_dry_run_creates_nothing(run):
    dry = run(*ARGS, "--dry-run")
    assert dry.exit_code == 0 and "would create OpenID Connect client 'cantine'" in dry.output
    assert run.admin.clients == {}
    first = run(*ARGS)
    assert first.exit_code == 0 and "client secret (shown once" in first.output
    assert "/.well-known/openid-configuration" in first.output
    second = run(*ARGS)
    assert second.exit_code == 0 and "unchanged:" in second.output and "secret (shown once" not in second.output
    assert len(run.admin.clients) == 1


def test_keycloak_refusals_are_one_english_line_without_a_traceback(run, monkeypatch):
    for refusal in (KeycloakAuthenticationError("401: unauthorized", response_code=401),
                    KeycloakPostError(b'{"error":"invalid_grant","error_description":"Invalid user credentials"}',
                                      response_code=400)):
        def refused(settings, refusal=refusal):
            raise refusal

        monkeypatch.setattr(cli, "_operator_admin", refused)
        answer = run(*ARGS)
        assert answer.exit_code == 1 and "refused the operator's user name or password" in answer.output
        assert "Traceback" not in answer.output

    class Forbidden(StandInAdmin):
        def get_client_id(self, client_id):
            raise KeycloakGetError("403: forbidden", response_code=403)

    monkeypatch.setattr(cli, "_operator_admin", lambda settings: Forbidden())
    answer = run(*ARGS)
    assert answer.exit_code == 1 and "manage-clients" in answer.output and "Traceback" not in answer.output


def test_bad_options_exit_2_with_every_reason(run):
    answer = run("Cantine", "--redirect-uri", "http://example.org/*")
    assert answer.exit_code == 2 and "lower-case" in answer.output and "no wildcard" in answer.output
    assert run.admin.writes == 0
