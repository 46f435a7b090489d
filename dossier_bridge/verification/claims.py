"""A signed, short-lived proof that a dossier check matched one responsible adult.

Keycloak receives it with the `match` answer and hands it back when the
account exists, so the link is made for exactly the person that was checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

CLAIM_MAX_AGE_SECONDS = 3600


@dataclass(frozen=True)
class Claim:
    dossier_number: str
    person_id: int
    email: str


class InvalidClaim(ValueError):
    pass


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="dossier-claim")


def issue(secret: str, claim: Claim) -> str:
    return _serializer(secret).dumps([claim.dossier_number, claim.person_id, claim.email])


def read(secret: str, token: str) -> Claim:
    try:
        number, person_id, email = _serializer(secret).loads(token, max_age=CLAIM_MAX_AGE_SECONDS)
    except (BadSignature, ValueError, TypeError) as exc:
        raise InvalidClaim("the claim is invalid or expired") from exc
    return Claim(number, int(person_id), email)
