"""The Keycloak users the bridge reads and updates, through the `dossier-bridge` service account.

A user update in Keycloak's admin API replaces the whole user: attributes
left out are deleted. Every change here reads the user, merges, then writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Protocol

from keycloak import KeycloakAdmin, KeycloakOpenIDConnection
from keycloak.exceptions import KeycloakError, KeycloakGetError

from dossier_bridge.config import Settings


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


class KeycloakUserDirectory:
    def __init__(self, settings: Settings):
        self._connection = KeycloakOpenIDConnection(
            server_url=f"{settings.keycloak_url}/",
            realm_name=settings.realm,
            client_id=settings.service_client_id,
            client_secret_key=settings.service_client_secret,
            timeout=10,
        )
        self._admin = KeycloakAdmin(connection=self._connection)

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
