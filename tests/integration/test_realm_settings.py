"""The realm as imported, read back through the admin API with python-keycloak."""

import json

import pytest

STAFF_ROLE = "agent-famille"


@pytest.fixture(scope="module")
def realm(kc_admin):
    return kc_admin.get_realm("portail-famille")


def test_login_and_sign_up_settings(realm):
    assert realm["defaultLocale"] == "fr"
    assert realm["internationalizationEnabled"] is True
    assert set(realm["supportedLocales"]) == {"fr", "en"}
    assert realm["registrationAllowed"] is True
    assert realm["verifyEmail"] is True
    assert realm["rememberMe"] is True
    assert realm["resetPasswordAllowed"] is True
    assert realm["loginWithEmailAllowed"] is True
    assert realm["duplicateEmailsAllowed"] is False
    assert realm["bruteForceProtected"] is True


def test_password_policy_follows_cnil_case_1(realm):
    policy = realm["passwordPolicy"]
    for rule in ("length(12)", "upperCase(1)", "lowerCase(1)", "digits(1)", "specialChars(1)", "notUsername", "notEmail"):
        assert rule in policy
    assert "forceExpiredPasswordChange" not in policy  # CNIL: no forced periodic renewal


def test_smtp_points_to_the_configured_server(realm):
    smtp = realm["smtpServer"]
    assert smtp["host"] == "127.0.0.1" and smtp["port"] == "1025"
    assert "${" not in json.dumps(smtp)


def test_staff_role_exists_and_staff_get_it_through_their_group(kc_admin):
    assert kc_admin.get_realm_role(STAFF_ROLE)["name"] == STAFF_ROLE
    group = kc_admin.get_group_by_path("/agents-famille")
    assert STAFF_ROLE in {r["name"] for r in kc_admin.get_group_realm_roles(group["id"])}


def test_clients(kc_admin):
    clients = {c["clientId"]: c for c in kc_admin.get_clients()}
    bridge, ui, portail, sports = (clients[n] for n in ("dossier-bridge", "dossier-bridge-ui", "portail", "ecole-des-sports"))
    assert bridge["serviceAccountsEnabled"] and not bridge["publicClient"] and not bridge["standardFlowEnabled"]
    assert ui["attributes"]["pkce.code.challenge.method"] == "S256" and ui["standardFlowEnabled"]
    assert portail["publicClient"] and portail["attributes"]["pkce.code.challenge.method"] == "S256"
    assert all(uri.startswith("http://localhost:5000/") for uri in portail["redirectUris"])
    assert "dossier" in portail["defaultClientScopes"]
    assert "dossier" in sports["optionalClientScopes"]
    for client in (bridge, ui, sports, clients["restauration-scolaire"]):
        secret = kc_admin.get_client_secrets(client["id"])["value"]
        assert secret and "${" not in secret


def test_every_browser_client_is_told_when_a_keycloak_session_ends(kc_admin, stack_env):
    """Back-channel logout (with the session id) to the bridge and to each sample app; no front-channel iframe."""
    clients = {c["clientId"]: c for c in kc_admin.get_clients()}
    expected = {
        "portail": f"{stack_env['BRIDGE_INTERNAL_URL']}/oidc/backchannel-logout",
        "dossier-bridge-ui": f"{stack_env['BRIDGE_INTERNAL_URL']}/oidc/backchannel-logout",
        "ecole-des-sports": f"{stack_env['ECOLE_DES_SPORTS_BASE_URL']}/backchannel-logout",
        "restauration-scolaire": f"{stack_env['RESTAURATION_SCOLAIRE_BASE_URL']}/backchannel-logout",
    }
    for client_id, url in expected.items():
        client = clients[client_id]
        assert client["attributes"]["backchannel.logout.url"] == url, client_id
        assert client["attributes"]["backchannel.logout.session.required"] == "true", client_id
        assert client["frontchannelLogout"] is False, client_id
    for client_id in ("ecole-des-sports", "restauration-scolaire"):
        client = clients[client_id]
        assert set(client["defaultClientScopes"]) == {"basic", "acr"}
        assert set(client["optionalClientScopes"]) == {"profile", "email", "dossier"}
        assert "*" not in "".join(client["redirectUris"]) and not client["fullScopeAllowed"]


def test_bridge_service_account_has_no_admin_role_beyond_searching(kc_admin):
    """Its reach over accounts comes from fine-grained permissions (test_security_realm), not admin roles.

    Reading the event log (view-events) is how the worker learns about account deletions (docs/personal-data.md).
    """
    bridge_id = kc_admin.get_client_id("dossier-bridge")
    account = kc_admin.get_client_service_account_user(bridge_id)
    realm_management = kc_admin.get_client_id("realm-management")
    roles = {r["name"] for r in kc_admin.get_client_roles_of_user(account["id"], realm_management)}
    assert roles == {"query-users", "view-events"}
    realm_roles = {r["name"] for r in kc_admin.get_realm_roles_of_user(account["id"])}
    assert "admin" not in realm_roles and STAFF_ROLE not in realm_roles


def test_dossier_scope_maps_both_claims(kc_admin):
    scope = next(s for s in kc_admin.get_client_scopes() if s["name"] == "dossier")
    mapped = {m["config"]["claim.name"]: m["config"]["user.attribute"] for m in scope["protocolMappers"]}
    assert mapped == {"dossier_number": "dossierNumber", "dossier_status": "dossierStatus"}


def test_user_profile_declares_the_dossier_attributes(kc_admin):
    profile = kc_admin.connection.raw_get("admin/realms/portail-famille/users/profile").json()
    attributes = {a["name"]: a for a in profile["attributes"]}
    number, status = attributes["dossierNumber"], attributes["dossierStatus"]
    assert number["validations"]["pattern"]["pattern"] == "^[0-9]{4,10}$"
    assert "user" in number["permissions"]["view"] and number["permissions"]["edit"] == ["admin"]
    assert status["permissions"] == {"view": ["admin"], "edit": ["admin"]}
    assert number["group"] == status["group"] == "dossier-famille"
    group = next(g for g in profile["groups"] if g["name"] == "dossier-famille")
    texts = kc_admin.connection.raw_get("admin/realms/portail-famille/localization/fr").json()
    assert texts[group["displayHeader"][2:-1]] == "Dossier famille"
    assert texts[number["displayName"][2:-1]] == "Numéro de dossier"
    assert texts[status["displayName"][2:-1]] == "Statut du dossier"


def test_every_built_in_required_action_is_kept(kc_admin):
    aliases = {a["alias"] for a in kc_admin.get_required_actions()}
    assert {"VERIFY_EMAIL", "UPDATE_PASSWORD", "UPDATE_PROFILE", "CONFIGURE_TOTP"} <= aliases


def test_extension_is_loaded_and_in_the_registration_flow(kc_admin):
    info = kc_admin.connection.raw_get("admin/serverinfo").json()
    assert "dossier-number-validation" in info["providers"]["form-action"]["providers"]
    realm = kc_admin.get_realm("portail-famille")
    executions = kc_admin.get_authentication_flow_executions(realm["registrationFlow"])
    providers = [e.get("providerId") for e in executions]
    assert providers.index("dossier-number-validation") > providers.index("registration-user-creation")
