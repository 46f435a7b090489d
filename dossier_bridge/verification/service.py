"""The dossier check asked by Keycloak during sign-up, and the link it leads to.

An unknown number and a known number with another name give the same
answer (`no_match`), after the same work, so that the answer says nothing
about which numbers exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import Connection, Row, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from dossier_bridge.models import AccountLink, Dossier, LinkStatus, Person, PersonRole, VerificationAttempt
from dossier_bridge.registry.numbers import is_valid_dossier_number, normalise_dossier_number
from dossier_bridge.verification import claims
from dossier_bridge.verification.challenge import ChallengeIssuer
from dossier_bridge.verification.identity import Claimant, find_adult
from dossier_bridge.verification.rate_limits import ADDRESS_BUDGET, VerifyRateLimiter

MATCH, NO_MATCH, ALREADY_LINKED, RATE_LIMITED, INVALID_FORMAT = (
    "match", "no_match", "already_linked", "rate_limited", "invalid_format",
)
_LIVE = (LinkStatus.PENDING_ACTIVATION, LinkStatus.ACTIVE)
# Every check compares the typed name with this many adults: the dossier's own,
# completed with stand-ins (all of them stand-ins for an unknown number), so that
# an unknown number and a wrong name cost the same work.
COMPARED_ADULTS = 4
_STAND_IN = SimpleNamespace(last_name="zzzzzzzz", first_name="zzzzzzzz", birth_date=None, id=None)
# Built once: composing the statement anew costs the check more than PostgreSQL takes to run it.
_HELD = (select(AccountLink.id).where(AccountLink.person_id == Person.id, AccountLink.status.in_(_LIVE))
         .exists().label("held"))
_RESPONSABLES = (
    select(Person.id, Person.last_name, Person.first_name, Person.birth_date, _HELD)
    .join(Dossier, Person.dossier_id == Dossier.id)
    .where(Dossier.number == bindparam("number"), Person.role == PersonRole.RESPONSABLE).order_by(Person.id)
)
_AUDIT = insert(VerificationAttempt.__table__)


@dataclass(frozen=True)
class VerifyRequest:
    dossier_number: str
    last_name: str
    first_name: str
    email: str | None
    client_ip: str | None
    challenge_solution: str | None = None
    # What an identity provider vouched for (FranceConnect): the names above are then its own.
    usage_name: str = ""
    birth_date: dt.date | None = None
    identity_source: str | None = None

    def claimant(self) -> Claimant:
        return Claimant(last_name=self.last_name, first_name=self.first_name, usage_name=self.usage_name,
                        birth_date=self.birth_date, source=self.identity_source)


@dataclass(frozen=True)
class VerifyOutcome:
    result: str
    claim: str | None = None
    dossier_number: str | None = None
    # With RATE_LIMITED, when a person can get through by solving it (not when the caller's own network is over).
    challenge: dict | None = None
    # For the audit row (record_attempt): the number as checked, and the adult the names matched.
    checked_number: str = ""
    person_id: int | None = None


def verify(connection: Connection, limiter: VerifyRateLimiter, challenges: ChallengeIssuer, secret: str,
           request: VerifyRequest) -> VerifyOutcome:
    """The answer to a check; its audit row is the caller's to write (`record_attempt`), once the answer is out."""
    number = normalise_dossier_number(request.dossier_number)
    if not is_valid_dossier_number(number):
        return VerifyOutcome(INVALID_FORMAT, checked_number=number)
    solved = challenges.redeem(request.challenge_solution)
    # Counted before the work: a burst of checks cannot all slip through, and a
    # check that fails half-way has been counted.
    spent = limiter.acquire(number, request.client_ip, challenge_solved=solved)
    if spent is not None:
        challenge = None if spent == ADDRESS_BUDGET else challenges.issue()
        return VerifyOutcome(RATE_LIMITED, challenge=challenge, checked_number=number)
    adults, held = responsables_of(connection, number)
    # A birth date that disagrees is a mismatch like a wrong name: same answer, same count.
    person = find_adult(request.claimant(), _padded(adults))
    if person is None or person is _STAND_IN:
        return VerifyOutcome(NO_MATCH, checked_number=number)
    if person.id in held:
        return VerifyOutcome(ALREADY_LINKED, checked_number=number, person_id=person.id)
    token = claims.issue(secret, claims.Claim(number, person.id, (request.email or "").lower()))
    return VerifyOutcome(MATCH, token, number, checked_number=number, person_id=person.id)


def responsables_of(connection: Connection, number: str) -> tuple[list[Row], set[int]]:
    """The dossier's responsible adults (their id, names and birth date), and those whose place an account holds.

    One query, known number or not, of plain rows rather than mapped objects: the
    check is on every sign-up's path, and each round trip to the database, like
    each object the ORM would track, is time the family waits.
    """
    rows = connection.execute(_RESPONSABLES, {"number": number}).all()
    return rows, {row.id for row in rows if row.held}


def _padded(adults: list[Row]) -> list:
    return [*adults, *[_STAND_IN] * (COMPARED_ADULTS - len(adults))]


def live_link(session: Session, person_id: int) -> AccountLink | None:
    """The account (pending or active) that holds this responsible adult's place, if any."""
    query = select(AccountLink).where(AccountLink.person_id == person_id, AccountLink.status.in_(_LIVE))
    return session.scalars(query).first()


def record_attempt(connection: Connection, request: VerifyRequest, outcome: VerifyOutcome) -> None:
    """The check's audit row (without the names typed); a plain INSERT, as the row is never read back."""
    connection.execute(_AUDIT, [{
        "dossier_number": outcome.checked_number[:40] or "(vide)",
        "client_ip": (request.client_ip or None) and request.client_ip[:45],
        "email": (request.email or None) and request.email[:254], "result": outcome.result,
        "person_id": outcome.person_id,
    }])


class LinkRefused(Exception):
    def __init__(self, result: str):
        super().__init__(result)
        self.result = result


def link(session: Session, secret: str, claim_token: str, keycloak_user_id: str, email: str | None) -> AccountLink:
    """Record that a new account claims the person a `match` answer named."""
    try:
        claim = claims.read(secret, claim_token)
    except claims.InvalidClaim as exc:
        raise LinkRefused("invalid_claim") from exc
    existing = live_link(session, claim.person_id)
    if existing is not None:
        if existing.keycloak_user_id == keycloak_user_id:
            return existing  # a retried call
        raise LinkRefused(ALREADY_LINKED)
    # With its dossier: the answer names it, and no second round trip fetches it.
    person = session.get(Person, claim.person_id, options=[joinedload(Person.dossier)])
    if person is None or person.role is not PersonRole.RESPONSABLE:
        raise LinkRefused("invalid_claim")
    new = AccountLink(
        dossier=person.dossier, person=person, keycloak_user_id=keycloak_user_id,
        email=email or claim.email or None, status=LinkStatus.PENDING_ACTIVATION,
    )
    session.add(new)
    try:
        session.flush()
    except IntegrityError as exc:
        # The other parent's browser won the race for the same person.
        raise LinkRefused(ALREADY_LINKED) from exc
    return new


def links_of(session: Session, number: str) -> list[AccountLink]:
    query = (
        select(AccountLink).join(Dossier).where(Dossier.number == normalise_dossier_number(number))
        .options(selectinload(AccountLink.person)).order_by(AccountLink.id)
    )
    return list(session.scalars(query))
