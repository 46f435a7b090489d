"""Whether the signed-in family's account still exists: a deleted account's sign-in must end at once.

Keycloak ends its own sessions when it deletes a user, but the bridge's
sign-in would live on. A family that just asked for the deletion (the
``DELETING`` mark) is checked against Keycloak on its next page, and its data
is erased there and then; any other sign-in ends as soon as the worker has
recorded the account's erasure.
"""

from __future__ import annotations

import logging

from flask import session

from dossier_bridge.db import transaction
from dossier_bridge.keycloak_users import DirectoryUnavailable
from dossier_bridge.personal_data.erasure import BY_FAMILY, erase_account, is_erased
from dossier_bridge.web.context import services, sessions

log = logging.getLogger(__name__)

DELETING = "family_deleting"


def mark_deleting(keycloak_user_id: str) -> None:
    # The account's id is kept apart from the sign-in: once Keycloak has deleted
    # the account, the sign-in no longer re-validates, yet the family must be
    # told its account is gone rather than be sent to a sign-in page.
    session[DELETING] = keycloak_user_id


def deleting() -> str | None:
    """The account this browser asked Keycloak to delete, if any."""
    value = session.get(DELETING)
    return value if isinstance(value, str) else None


def gone(keycloak_user_id: str) -> bool:
    with sessions()() as db:
        if is_erased(db, keycloak_user_id):
            return True
    if not session.get(DELETING):
        return False
    try:
        account = services().directory.get(keycloak_user_id)
    except DirectoryUnavailable as exc:
        log.warning("could not check whether account %s was deleted: %s", keycloak_user_id, exc)
        return False
    if account is not None:
        session.pop(DELETING, None)  # the family cancelled on Keycloak's confirmation page
        return False
    with transaction(sessions()) as db:
        erase_account(db, keycloak_user_id, BY_FAMILY)
    return True


def forget() -> None:
    session.pop(DELETING, None)
