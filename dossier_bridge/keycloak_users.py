"""The Keycloak users the bridge reads and updates, through the `dossier-bridge` service account.

A user update in Keycloak's admin API replaces the whole user: attributes
left out are deleted. Every change here reads the user, merges, then writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterator, Mapping, Protocol

from keycloak import KeycloakAdmin, KeycloakOpenIDConnection
from keycloak.exceptions import KeycloakError, KeycloakGetError

from dossier_bridge.config import Settings
from dossier_bridge.keycloak_attributes import DOSSIER_STATUS, DossierStatus


class DirectoryUnavailable(RuntimeError):
    """Keycloak could not be reached or refused the service account."""


class UserGone(LookupError):
    """The Keycloak user no longer exists (deleted by an administrator)."""


@dataclass(frozen=True)
class AccountState:
    user_id: str
    email_verified: bool
    attributes: Mapping[str, list[str]]


class UserDirectory(Protocol):
    def get(self, user_id: str) -> AccountState | None: ...

    def set_attributes(self, user_id: str, values: Mapping[str, str | None]) -> None: ...

    def awaiting_activation(self) -> set[str]:
        """Ids of the accounts that claimed a dossier and have not confirmed their e-mail yet."""


@dataclass(frozen=True)
class AccountSummary:
    """One family account as a listing gives it (what the retention jobs need)."""

    user_id: str
    email: str | None
    first_name: str
    last_name: str
    email_verified: bool
    created_ms: int


class AccountStore(Protocol):
    """Family accounts as a whole: list them, delete one, export one (the service account sees no staff)."""

    def accounts(self, *, email_verified: bool | None = None,
                 attributes: Mapping[str, str] | None = None) -> Iterator[AccountSummary]: ...

    def delete(self, user_id: str) -> bool: ...

    def export(self, user_id: str) -> dict[str, Any] | None: ...


class EventLog(Protocol):
    """Keycloak's persisted events, oldest first, from a time (milliseconds since the epoch) on."""

    def user_events(self, types: tuple[str, ...], since_ms: int, first: int, count: int) -> list[dict]: ...

    def user_deletions_by_admins(self, since_ms: int, first: int, count: int) -> list[dict]: ...


class FamilyAccounts(UserDirectory, AccountStore, EventLog, Protocol):
    """Everything the bridge asks Keycloak's admin API, as one service account."""


class KeycloakUserDirectory:
    def __init__(self, settings: Settings):
        self._settings = settings

    @cached_property
    def _admin(self) -> KeycloakAdmin:
        # Made on first use: building the HTTP client (TLS context included) is most of an
        # application's start, and a process that never calls Keycloak need not pay for it.
        settings = self._settings
        connection = KeycloakOpenIDConnection(
            server_url=f"{settings.keycloak_url}/",
            realm_name=settings.realm,
            client_id=settings.service_client_id,
            client_secret_key=settings.service_client_secret,
            timeout=10,
        )
        return KeycloakAdmin(connection=connection)

    def _fetch(self, user_id: str) -> dict | None:
        try:
            return self._admin.get_user(user_id)
        except KeycloakGetError as exc:
            if exc.response_code == 404:
                return None
            raise DirectoryUnavailable(str(exc)) from exc
        except (KeycloakError, OSError) as exc:
            raise DirectoryUnavailable(str(exc)) from exc

    def get(self, user_id: str) -> AccountState | None:
        user = self._fetch(user_id)
        if user is None:
            return None
        return AccountState(user["id"], bool(user.get("emailVerified")), user.get("attributes") or {})

    def set_attributes(self, user_id: str, values: Mapping[str, str | None]) -> None:
        """Set (or, with None, remove) attributes, keeping everything else of the user."""
        user = self._fetch(user_id)
        if user is None:
            raise UserGone(user_id)
        attributes = dict(user.get("attributes") or {})
        for name, value in values.items():
            if value is None:
                attributes.pop(name, None)
            else:
                attributes[name] = [value]
        user["attributes"] = attributes
        try:
            self._admin.update_user(user_id, user)
        except (KeycloakError, OSError) as exc:
            raise DirectoryUnavailable(str(exc)) from exc

    # --- whole accounts (retention jobs, "download my data") and the event log ---

    PAGE = 100
    # What "download my data" shows of Keycloak's own record; never credentials or internal settings.
    _EXPORTED = ("id", "username", "email", "emailVerified", "firstName", "lastName", "enabled",
                 "createdTimestamp", "attributes", "requiredActions")
    _EXPORTED_EVENTS = 100

    def _call(self, work):
        try:
            return work()
        except (KeycloakError, OSError) as exc:
            raise DirectoryUnavailable(str(exc)) from exc

    def accounts(self, *, email_verified: bool | None = None,
                 attributes: Mapping[str, str] | None = None) -> Iterator[AccountSummary]:
        """Family accounts a page at a time; `attributes` keeps those with exactly these values."""
        query: dict[str, Any] = {"briefRepresentation": "true"}
        if email_verified is not None:
            query["emailVerified"] = "true" if email_verified else "false"
        if attributes:
            query["q"] = " ".join(f"{name}:{value}" for name, value in attributes.items())
        first = 0
        while True:
            page = self._call(lambda: self._admin.get_users({**query, "first": first, "max": self.PAGE}))
            for user in page:
                if user.get("serviceAccountClientId") or str(user.get("username", "")).startswith("service-account-"):
                    continue
                yield AccountSummary(user["id"], user.get("email"), user.get("firstName") or "",
                                     user.get("lastName") or "", bool(user.get("emailVerified")),
                                     int(user.get("createdTimestamp") or 0))
            if len(page) < self.PAGE:
                return
            first += self.PAGE

    def awaiting_activation(self) -> set[str]:
        # One listing filtered by Keycloak (a page per hundred accounts) instead of one request per
        # waiting account: thousands wait during the enrolment weeks.
        waiting = self.accounts(email_verified=False, attributes={DOSSIER_STATUS: DossierStatus.LINKED.value})
        return {account.user_id for account in waiting}

    def delete(self, user_id: str) -> bool:
        """Delete a family account; False when it was already gone."""
        try:
            self._admin.delete_user(user_id)
        except KeycloakError as exc:
            if getattr(exc, "response_code", None) == 404:
                return False
            raise DirectoryUnavailable(str(exc)) from exc
        except OSError as exc:
            raise DirectoryUnavailable(str(exc)) from exc
        return True

    def export(self, user_id: str) -> dict[str, Any] | None:
        user = self._fetch(user_id)
        if user is None:
            return None
        identities = self._call(lambda: self._admin.get_user_social_logins(user_id))
        events = self._call(lambda: self._admin.get_events({"user": user_id, "first": 0, "max": self._EXPORTED_EVENTS}))
        return {
            "account": {key: user[key] for key in self._EXPORTED if key in user},
            "identity_providers": [{"provider": i.get("identityProvider"), "user_name": i.get("userName")}
                                   for i in identities],
            "events": [{"time": e.get("time"), "type": e.get("type"), "client": e.get("clientId"),
                        "ip_address": e.get("ipAddress")} for e in events],
        }

    def user_events(self, types: tuple[str, ...], since_ms: int, first: int, count: int) -> list[dict]:
        query = {"type": list(types), "dateFrom": str(since_ms), "direction": "asc", "first": first, "max": count}
        return self._call(lambda: self._admin.get_events(query))

    def user_deletions_by_admins(self, since_ms: int, first: int, count: int) -> list[dict]:
        query = {"operationTypes": "DELETE", "resourceTypes": "USER", "dateFrom": str(since_ms), "direction": "asc",
                 "first": first, "max": count}
        return self._call(lambda: self._admin.get_admin_events(query))
