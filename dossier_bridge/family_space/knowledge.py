"""What the city knows about a family, as one account may see it ("Mon espace").

An account sees the dossier it is linked to: its number, its own adult's
contact details as the registry holds them, and the dossier's children.
Never another adult of the dossier: in a separated family each parent sees
its own address, phone and e-mail and the children, not the other parent's.
An account without a dossier yet sees what it sent in its family request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dossier_bridge.family_requests.validation import parse_date
from dossier_bridge.models import AccountLink, CorrectionRequest, Dossier, FamilyRequest, LinkStatus, Person

_LIVE = (LinkStatus.ACTIVE, LinkStatus.PENDING_ACTIVATION)


@dataclass(frozen=True)
class ContactDetails:
    last_name: str
    first_name: str
    email: str
    phone: str
    address: str
    postal_code: str
    town: str


@dataclass(frozen=True)
class Child:
    last_name: str
    first_name: str
    birth_date: dt.date | None


@dataclass
class WhatTheCityKnows:
    dossier_id: int | None = None
    dossier_number: str | None = None
    # Where this comes from: the registry (linked), the family's own request, or nothing yet.
    source: str = "none"
    link_status: str | None = None
    contact: ContactDetails | None = None
    children: list[Child] = field(default_factory=list)
    corrections: list[CorrectionRequest] = field(default_factory=list)


def live_link_of(session: Session, keycloak_user_id: str) -> AccountLink | None:
    """The account's link to a dossier adult: the active one first, else the one waiting for activation."""
    links = session.scalars(
        select(AccountLink).where(AccountLink.keycloak_user_id == keycloak_user_id, AccountLink.status.in_(_LIVE))
        .options(selectinload(AccountLink.person), selectinload(AccountLink.dossier).selectinload(Dossier.persons))
        .order_by(AccountLink.id.desc())
    ).all()
    return next((link for link in links if link.status is LinkStatus.ACTIVE), links[0] if links else None)


def what_the_city_knows(session: Session, keycloak_user_id: str) -> WhatTheCityKnows:
    corrections = list(session.scalars(
        select(CorrectionRequest).where(CorrectionRequest.keycloak_user_id == keycloak_user_id)
        .order_by(CorrectionRequest.id.desc())
    ))
    link = live_link_of(session, keycloak_user_id)
    if link is not None:
        return WhatTheCityKnows(
            dossier_id=link.dossier_id, dossier_number=link.dossier.number, source="registry",
            link_status=link.status.value, contact=_registry_contact(link.person),
            children=[Child(c.last_name, c.first_name, c.birth_date) for c in link.dossier.children],
            corrections=corrections,
        )
    request = session.scalars(
        select(FamilyRequest).where(FamilyRequest.keycloak_user_id == keycloak_user_id)
        .order_by(FamilyRequest.id.desc()).limit(1)
    ).first()
    if request is not None and request.submitted:
        dossier = session.get(Dossier, request.dossier_id) if request.dossier_id else None
        return WhatTheCityKnows(
            dossier_id=dossier.id if dossier else None, dossier_number=dossier.number if dossier else None,
            source="request", contact=_requested_contact(request), children=_requested_children(request),
            corrections=corrections,
        )
    return WhatTheCityKnows(corrections=corrections)


def _registry_contact(person: Person) -> ContactDetails:
    return ContactDetails(person.last_name, person.first_name, person.email or "", person.phone or "",
                          person.address or "", person.postal_code or "", person.town or "")


def _requested_contact(request: FamilyRequest) -> ContactDetails:
    data = request.submitted
    return ContactDetails(request.account_last_name, request.account_first_name, request.account_email,
                          data.get("phone") or "", data.get("address") or "", data.get("postal_code") or "",
                          data.get("town") or "")


def _requested_children(request: FamilyRequest) -> list[Child]:
    return [Child(c.get("last_name", ""), c.get("first_name", ""), parse_date(c.get("birth_date") or ""))
            for c in request.submitted.get("children", [])]
