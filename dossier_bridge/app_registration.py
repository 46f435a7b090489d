"""Registering a city application in the realm: one OpenID Connect or SAML client, described once, never duplicated.

`dossier-bridge register-app` states what the client must be; this module
compares that with what Keycloak holds and creates the client, brings the
fields it manages in line, or changes nothing. What it manages:

- OpenID Connect: confidential client, authorization code with PKCE (S256)
  only, exact redirect URIs (no wildcard), no realm roles in tokens, the
  back-channel logout URL (with the session id), and the scopes: ``basic`` and
  ``acr`` always, ``profile``, ``email`` and ``dossier`` only when the
  application asks for them.
- SAML 2.0: the service provider's entity id, its assertion consumer URL
  (POST binding), signed responses, a persistent NameID (not the e-mail), the
  ``dossier-saml`` scope and nothing else (no role list).

The credentials are an operator's, never the bridge's service account, which
may not manage clients.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from keycloak import KeycloakAdmin

# Clients of the portal itself and Keycloak's own: never reshaped by this command.
RESERVED_CLIENTS = frozenset({
    "portail", "dossier-bridge", "dossier-bridge-ui", "account", "account-console", "admin-cli", "broker",
    "realm-management", "security-admin-console", "admin-permissions",
})
DOSSIER_SCOPE = "dossier"
DOSSIER_SAML_SCOPE = "dossier-saml"
_CLIENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}
# Keycloak joins several post-logout redirect URIs with this delimiter.
_URI_DELIMITER = "##"


class RegistrationError(Exception):
    """A registration that cannot be done as asked (an English message for the operator)."""


@dataclass(frozen=True)
class AppSpec:
    name: str
    redirect_uris: tuple[str, ...]
    logout_url: str | None = None
    post_logout_uris: tuple[str, ...] = ()
    title: str | None = None
    saml: bool = False
    entity_id: str | None = None
    sp_certificate: str | None = None  # PEM body of the SP's signing certificate (SAML)
    dossier: bool = True

    @property
    def client_id(self) -> str:
        return (self.entity_id or self.name) if self.saml else self.name

    @property
    def protocol(self) -> str:
        return "saml" if self.saml else "openid-connect"


def problems(spec: AppSpec) -> list[str]:
    """What is wrong with the request, in the operator's words; empty when it can be registered."""
    found = []
    if not spec.saml and not _CLIENT_ID.match(spec.name):
        found.append(f"NAME {spec.name!r}: use 2 to 63 lower-case letters, digits and hyphens, e.g. restauration-scolaire")
    if spec.saml and not (0 < len(spec.client_id) <= 255):
        found.append("the SAML entity id must be 1 to 255 characters")
    if spec.client_id in RESERVED_CLIENTS:
        found.append(f"{spec.client_id!r} is one of the portal's own clients; register-app does not change it")
    if not spec.redirect_uris:
        found.append("give at least one --redirect-uri")
    for option, uri in ([("--redirect-uri", u) for u in spec.redirect_uris]
                        + [("--post-logout-uri", u) for u in spec.post_logout_uris]
                        + ([("--logout-url", spec.logout_url)] if spec.logout_url else [])):
        if reason := _uri_problem(uri):
            found.append(f"{option} {uri}: {reason}")
    if spec.sp_certificate is not None and not spec.saml:
        found.append("--sp-certificate is for SAML applications (with --saml)")
    return found


def _uri_problem(uri: str) -> str | None:
    if "*" in uri:
        return "no wildcard: give each exact address"
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "not a valid address"
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "an absolute http(s) address is needed"
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        return "https is required (http only on this machine: localhost, 127.0.0.1)"
    if parts.fragment:
        return "an address with a #fragment cannot be a redirect target"
    return None


@dataclass(frozen=True)
class ClientShape:
    """The fields of a client this command manages, and its scopes by name."""

    fields: dict[str, Any]
    attributes: dict[str, str]
    default_scopes: frozenset[str]
    optional_scopes: frozenset[str]


def desired(spec: AppSpec) -> ClientShape:
    common = {
        "clientId": spec.client_id, "name": spec.title or spec.name, "protocol": spec.protocol, "enabled": True,
        "redirectUris": sorted(set(spec.redirect_uris)), "fullScopeAllowed": False, "consentRequired": False,
        "standardFlowEnabled": True, "implicitFlowEnabled": False, "directAccessGrantsEnabled": False,
        "serviceAccountsEnabled": False, "bearerOnly": False,
    }
    if spec.saml:
        attributes = {
            "saml_assertion_consumer_url_post": spec.redirect_uris[0],
            "saml_single_logout_service_url_post": spec.logout_url or "",
            "saml.force.post.binding": "true",
            "saml.server.signature": "true",
            "saml.assertion.signature": "false",
            "saml.signature.algorithm": "RSA_SHA256",
            "saml.client.signature": "true" if spec.sp_certificate else "false",
            "saml.signing.certificate": spec.sp_certificate or "",
            "saml.encrypt": "false",
            "saml.authnstatement": "true",
            "saml_name_id_format": "persistent",
            "saml_force_name_id_format": "true",
        }
        return ClientShape({**common, "publicClient": False, "frontchannelLogout": True}, attributes,
                           frozenset({DOSSIER_SAML_SCOPE} if spec.dossier else set()), frozenset())
    attributes = {
        "pkce.code.challenge.method": "S256",
        "post.logout.redirect.uris": _URI_DELIMITER.join(sorted(set(spec.post_logout_uris))),
        "backchannel.logout.url": spec.logout_url or "",
        "backchannel.logout.session.required": "true",
        "backchannel.logout.revoke.offline.tokens": "false",
    }
    fields = {**common, "publicClient": False, "clientAuthenticatorType": "client-secret", "frontchannelLogout": False,
              "webOrigins": []}
    optional = {"profile", "email"} | ({DOSSIER_SCOPE} if spec.dossier else set())
    return ClientShape(fields, attributes, frozenset({"basic", "acr"}), frozenset(optional))


@dataclass
class Plan:
    action: Literal["create", "update", "unchanged"]
    shape: ClientShape
    uuid: str | None = None
    changes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Current:
    uuid: str
    representation: dict[str, Any]
    default_scopes: frozenset[str]
    optional_scopes: frozenset[str]


def plan(spec: AppSpec, current: Current | None) -> Plan:
    shape = desired(spec)
    if current is None:
        return Plan("create", shape)
    held = current.representation
    if held.get("protocol", "openid-connect") != spec.protocol:
        raise RegistrationError(f"client {spec.client_id!r} exists with protocol {held.get('protocol')}; "
                                f"register-app does not change a client's protocol")
    changes = []
    for name, wanted in shape.fields.items():
        have = held.get(name)
        if isinstance(wanted, list):
            have, wanted = sorted(have or []), sorted(wanted)
        if have != wanted:
            changes.append(f"{name}: {have!r} -> {wanted!r}")
    attributes = held.get("attributes") or {}
    for name, wanted in shape.attributes.items():
        if (attributes.get(name) or "") != wanted:
            changes.append(f"attribute {name}: {attributes.get(name) or ''!r} -> {wanted!r}")
    for kind, have_scopes, wanted_scopes in (("default scopes", current.default_scopes, shape.default_scopes),
                                             ("optional scopes", current.optional_scopes, shape.optional_scopes)):
        if have_scopes != wanted_scopes:
            changes.append(f"{kind}: {', '.join(sorted(have_scopes)) or '-'} -> {', '.join(sorted(wanted_scopes)) or '-'}")
    return Plan("update" if changes else "unchanged", shape, current.uuid, changes)


class Registrar:
    """Reads and writes clients through the admin API, with an operator's credentials."""

    def __init__(self, admin: KeycloakAdmin):
        self._admin = admin

    def current(self, client_id: str) -> Current | None:
        uuid = self._admin.get_client_id(client_id)
        if uuid is None:
            return None
        return Current(
            uuid, self._admin.get_client(uuid),
            frozenset(s["name"] for s in self._admin.get_client_default_client_scopes(uuid)),
            frozenset(s["name"] for s in self._admin.get_client_optional_client_scopes(uuid)),
        )

    def apply(self, plan: Plan, rotate_secret: bool = False) -> str | None:
        """Carry out `plan`; returns a new client secret (OIDC creation or rotation), to be shown once."""
        scope_ids = self._scope_ids(plan.shape.default_scopes | plan.shape.optional_scopes)
        secret = None
        is_oidc = plan.shape.fields["protocol"] == "openid-connect"
        if plan.action == "create":
            secret = secrets.token_urlsafe(32) if is_oidc else None
            body = {**plan.shape.fields, "attributes": plan.shape.attributes,
                    # Named here so that Keycloak does not add the realm's default scopes first.
                    "defaultClientScopes": sorted(plan.shape.default_scopes),
                    "optionalClientScopes": sorted(plan.shape.optional_scopes)}
            if secret:
                body["secret"] = secret
            plan.uuid = self._admin.create_client(body)
        elif plan.action == "update":
            held = self._admin.get_client(plan.uuid)
            held.update(plan.shape.fields)
            held["attributes"] = {**(held.get("attributes") or {}), **plan.shape.attributes}
            self._admin.update_client(plan.uuid, held)
        self._align_scopes(plan, scope_ids)
        if rotate_secret and is_oidc and secret is None:
            secret = self._admin.generate_client_secrets(plan.uuid)["value"]
        return secret

    def _scope_ids(self, names: frozenset[str]) -> dict[str, str]:
        known = {s["name"]: s["id"] for s in self._admin.get_client_scopes()}
        missing = sorted(names - known.keys())
        if missing:
            raise RegistrationError(f"the realm has no client scope {', '.join(missing)}; "
                                    f"import the project's current realm-export.json")
        return known

    def _align_scopes(self, plan: Plan, scope_ids: dict[str, str]) -> None:
        """Keycloak may have added the realm's default scopes: keep exactly the planned ones."""
        have_default = {s["name"]: s["id"] for s in self._admin.get_client_default_client_scopes(plan.uuid)}
        have_optional = {s["name"]: s["id"] for s in self._admin.get_client_optional_client_scopes(plan.uuid)}
        for name, scope_id in have_default.items():
            if name not in plan.shape.default_scopes:
                self._admin.delete_client_default_client_scope(plan.uuid, scope_id)
        for name, scope_id in have_optional.items():
            if name not in plan.shape.optional_scopes:
                self._admin.delete_client_optional_client_scope(plan.uuid, scope_id)
        for name in sorted(plan.shape.default_scopes - have_default.keys()):
            self._admin.add_client_default_client_scope(plan.uuid, scope_ids[name], {})
        for name in sorted(plan.shape.optional_scopes - have_optional.keys()):
            self._admin.add_client_optional_client_scope(plan.uuid, scope_ids[name], {})
