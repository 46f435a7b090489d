"""The names the bridge shares with Keycloak, written once.

The realm's user profile declares the attributes, the extension writes them
at sign-up, the bridge reads and writes them through the admin API, and the
``dossier`` client scope copies them into tokens under the claim names below.
A name changed here must change in ``realm-export.json`` and in the
extension too.
"""

from __future__ import annotations

import enum

# User attributes (the realm's declarative user profile).
DOSSIER_NUMBER = "dossierNumber"
DOSSIER_STATUS = "dossierStatus"

# Token claims of the `dossier` client scope.
DOSSIER_NUMBER_CLAIM = "dossier_number"
DOSSIER_STATUS_CLAIM = "dossier_status"


class DossierStatus(enum.StrEnum):
    """Where an account's dossier stands (`dossierStatus`); absent means no dossier yet."""

    LINKED = "linked"
    PENDING_REVIEW = "pending_review"
    INFO_REQUESTED = "info_requested"
    REJECTED = "rejected"
