"""The three staff decisions, each one transaction that records who, when, what, before and after.

A decision names the request version it was taken on; the conditional
UPDATE that moves the request on lets exactly one of two agents acting at
once win. The Keycloak update and the family's e-mail are queued in the
same transaction and carried out afterwards, retried until done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from dossier_bridge.family_requests.service import account_adult
from dossier_bridge.family_requests.validation import parse_date
from dossier_bridge.keycloak_attributes import DOSSIER_NUMBER, DOSSIER_STATUS, DossierStatus
from dossier_bridge.keycloak_sync import queue_sync
from dossier_bridge.mail_outbox import MailTemplates, queue_mail
from dossier_bridge.models import (
    AccountLink, Decision, DecisionAction, Dossier, FamilyRequest, LinkConfirmation, LinkStatus, PersonRole,
    ProposedUpdate, RequestStatus,
)
from dossier_bridge.registry.csv_format import DossierRecord, PersonRecord
from dossier_bridge.registry.allocation import allocate_dossier_number
from dossier_bridge.registry.importer import import_dossiers
from dossier_bridge.verification.identity import find_adult
from dossier_bridge.verification.service import live_link

MAX_MESSAGE = 2000


@dataclass(frozen=True)
class StaffMember:
    sub: str
    username: str


class Conflict(Exception):
    """Another agent acted on the request first (or it changed since the page was shown)."""


class UnknownDossier(Exception):
    pass


class EmptyMessage(Exception):
    pass


def create_dossier(session: Session, mail: MailTemplates, request_id: int, version: int, staff: StaffMember) -> Decision:
    request = _claim(session, request_id, version, RequestStatus.CREATED)
    number = allocate_dossier_number(session)
    import_dossiers(session, [DossierRecord(number, 0, _persons(request))])
    dossier = session.scalars(select(Dossier).where(Dossier.number == number).options(selectinload(Dossier.persons))).one()
    dossier.source = "review"
    holder = dossier.responsables[0]
    session.add(AccountLink(dossier_id=dossier.id, person_id=holder.id, keycloak_user_id=request.keycloak_user_id,
                            email=request.account_email, status=LinkStatus.ACTIVE, activated_at=_now(),
                            confirmation=LinkConfirmation.STAFF))
    return _finish(session, mail, request, staff, DecisionAction.CREATE_DOSSIER, dossier)


def attach_to_dossier(session: Session, mail: MailTemplates, request_id: int, version: int, dossier_number: str,
                      staff: StaffMember) -> Decision:
    dossier = session.scalars(
        select(Dossier).where(Dossier.number == dossier_number).options(selectinload(Dossier.persons))
    ).one_or_none()
    if dossier is None:
        raise UnknownDossier(dossier_number)
    request = _claim(session, request_id, version, RequestStatus.ATTACHED)
    holder = find_adult(account_adult(request), dossier.responsables)
    if holder is not None and live_link(session, holder.id) is None:
        session.add(AccountLink(dossier_id=dossier.id, person_id=holder.id, keycloak_user_id=request.keycloak_user_id,
                                email=request.account_email, status=LinkStatus.ACTIVE, activated_at=_now(),
                                confirmation=LinkConfirmation.STAFF))
    decision = _finish(session, mail, request, staff, DecisionAction.ATTACH_DOSSIER, dossier)
    # What the family typed may be newer than the billing system's data: staff decide.
    session.add(ProposedUpdate(dossier_id=dossier.id, decision_id=decision.id,
                               data={"account": _account(request), **request.submitted}))
    return decision


def request_info(session: Session, mail: MailTemplates, request_id: int, version: int, message: str,
                 staff: StaffMember) -> Decision:
    message = (message or "").strip()
    if not message:
        raise EmptyMessage()
    request = _claim(session, request_id, version, RequestStatus.INFO_REQUESTED)
    request.staff_message = message[:MAX_MESSAGE]
    return _finish(session, mail, request, staff, DecisionAction.REQUEST_INFO, None)


def _claim(session: Session, request_id: int, version: int, new_status: RequestStatus) -> FamilyRequest:
    moved = session.execute(
        update(FamilyRequest)
        .where(FamilyRequest.id == request_id, FamilyRequest.version == version,
               FamilyRequest.status == RequestStatus.PENDING_REVIEW)
        .values(status=new_status, version=FamilyRequest.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise Conflict(request_id)
    request = session.get(FamilyRequest, request_id, populate_existing=True)
    return request


def _finish(session: Session, mail: MailTemplates, request: FamilyRequest, staff: StaffMember,
            action: DecisionAction, dossier: Dossier | None) -> Decision:
    now = _now()
    if dossier is not None:
        request.dossier_id = dossier.id
        request.decided_at = now
    decision = Decision(
        request_id=request.id, action=action, staff_sub=staff.sub, staff_username=staff.username,
        dossier_id=dossier.id if dossier else None, message=request.staff_message if dossier is None else None,
        before={"status": RequestStatus.PENDING_REVIEW.value, "version": request.version - 1},
        after={"status": request.status.value, "version": request.version,
               "dossier_number": dossier.number if dossier else None},
    )
    session.add(decision)
    session.flush()
    if dossier is not None:
        queue_sync(session, request.keycloak_user_id,
                   {DOSSIER_NUMBER: dossier.number, DOSSIER_STATUS: DossierStatus.LINKED.value}, decision.id)
        queue_mail(session, mail, f"request-{request.id}-complete", request.account_email, "signup_complete",
                   first_name=request.account_first_name, last_name=request.account_last_name,
                   dossier_number=dossier.number)
    else:
        queue_sync(session, request.keycloak_user_id, {DOSSIER_STATUS: DossierStatus.INFO_REQUESTED.value}, decision.id)
        queue_mail(session, mail, f"request-{request.id}-info-v{request.version}", request.account_email,
                   "details_requested", first_name=request.account_first_name, last_name=request.account_last_name,
                   message=request.staff_message)
    return decision


def _persons(request: FamilyRequest) -> list[PersonRecord]:
    data = request.submitted
    home = {"address": data.get("address") or None, "postal_code": data.get("postal_code") or None,
            "town": data.get("town") or None}
    # The birth date FranceConnect vouched for, when it did, enters the registry with the adult.
    persons = [PersonRecord(0, PersonRole.RESPONSABLE.value, request.account_last_name, request.account_first_name,
                            account_adult(request).birth_date, request.account_email, data.get("phone") or None, **home)]
    second = data.get("second_parent")
    if second:
        persons.append(PersonRecord(0, PersonRole.RESPONSABLE.value, second["last_name"], second["first_name"], None,
                                    second.get("email") or None, second.get("phone") or None, **home))
    for child in data.get("children", []):
        persons.append(PersonRecord(0, PersonRole.ENFANT.value, child["last_name"], child["first_name"],
                                    parse_date(child["birth_date"]), None, None, **home))
    return persons


def _account(request: FamilyRequest) -> dict[str, str]:
    return {"last_name": request.account_last_name, "first_name": request.account_first_name,
            "email": request.account_email}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
