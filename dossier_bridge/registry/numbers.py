"""What a numéro de dossier looks like.

The same pattern is declared on the `dossierNumber` attribute of the realm's
user profile, so a family sees the format error before the bridge is asked.
"""

import re

DOSSIER_NUMBER_PATTERN = r"^[0-9]{4,10}$"
_DOSSIER_NUMBER = re.compile(DOSSIER_NUMBER_PATTERN)


def normalise_dossier_number(raw: str | None) -> str:
    """Strip the spaces families copy from invoices ("104 233")."""
    return "".join((raw or "").split())


def is_valid_dossier_number(number: str) -> bool:
    return bool(_DOSSIER_NUMBER.match(number))
