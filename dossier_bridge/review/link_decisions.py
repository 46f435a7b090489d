"""Staff decisions on account links: undo a link an adult reported, or close the report.

Each decision is one transaction that records who, when, what and why, with
the state before and after, like the decisions on family requests. Undoing
frees the adult's place (the rightful adult can then sign up), removes the
dossier from the account in Keycloak (queued, retried until done) and tells
the account holder and the adult who reported it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from dossier_bridge.keycloak_attributes import DOSSIER_NUMBER, DOSSIER_STATUS
from dossier_bridge.keycloak_sync import queue_sync
from dossier_bridge.mail_outbox import MailTemplates, queue_mail
from dossier_bridge.models import (
    AccountLink, LinkAction, LinkConfirmation, LinkDecision, LinkReport, LinkStatus, ReportStatus,
)
from dossier_bridge.review.decisions import StaffMember

MAX_MESSAGE = 2000
RECENT = dt.timedelta(days=90)


class NotUndoable(Exception):
    """The link was already released (undone by another agent, or never activated)."""


class EmptyReason(Exception):
    pass


def flagged_links(session: Session, now: dt.datetime | None = None) -> tuple[list[AccountLink], list[AccountLink]]:
    """Links with an open report, then the other live links of the last 90 days not confirmed by e-mail."""
    now = now or dt.datetime.now(dt.timezone.utc)
    open_reports = session.scalars(
        select(LinkReport).where(LinkReport.status == ReportStatus.OPEN).order_by(LinkReport.created_at, LinkReport.id)
        .options(selectinload(LinkReport.link).selectinload(AccountLink.person),
                 selectinload(LinkReport.link).selectinload(AccountLink.dossier))
    )
    # Oldest report first, each link once (a link two adults reported is one row).
    reported = list(dict.fromkeys(filed.link for filed in open_reports))
    flagged = [c.value for c in LinkConfirmation if c.flagged]
    recent = [
        link for link in session.scalars(
            select(AccountLink).where(AccountLink.confirmation.in_(flagged), AccountLink.status == LinkStatus.ACTIVE,
                                      AccountLink.activated_at >= now - RECENT)
            .options(selectinload(AccountLink.person), selectinload(AccountLink.dossier))
            .order_by(AccountLink.activated_at.desc())
        )
        if link not in reported
    ]
    return reported, recent


def open_report_count(session: Session) -> int:
    return len(session.scalars(select(LinkReport.id).where(LinkReport.status == ReportStatus.OPEN)).all())


def undo(session: Session, mail: MailTemplates, link_id: int, staff: StaffMember,
         reason: str) -> tuple[LinkDecision, int]:
    """Returns the decision and the queued Keycloak update (to try at once)."""
    reason = (reason or "").strip()[:MAX_MESSAGE]
    if not reason:
        raise EmptyReason()
    link = session.get(AccountLink, link_id)
    if link is None:
        raise NotUndoable(link_id)
    before = _state(link)
    now = dt.datetime.now(dt.timezone.utc)
    # A conditional UPDATE: of two agents undoing at once, one does it, the other is told.
    moved = session.execute(
        update(AccountLink).where(AccountLink.id == link_id, AccountLink.status != LinkStatus.RELEASED)
        .values(status=LinkStatus.RELEASED, released_at=now, release_reason="undone_by_staff")
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise NotUndoable(link_id)
    session.refresh(link)
    reports = [r for r in link.reports if r.status is ReportStatus.OPEN]
    for filed in reports:
        filed.status, filed.closed_at = ReportStatus.UNDONE, now
    decision = _record(session, link, reports[0] if reports else None, LinkAction.UNDO, staff, reason, before)
    sync = queue_sync(session, link.keycloak_user_id, {DOSSIER_NUMBER: None, DOSSIER_STATUS: None}, None)
    number = link.dossier.number
    if link.email:
        queue_mail(session, mail, f"link-{link.id}-undone", link.email, "link_undone", dossier_number=number)
    for filed in reports:
        queue_mail(session, mail, f"link-report-{filed.id}-closed", filed.reporter_email, "link_report_undone",
                   dossier_number=number)
    return decision, sync.id


def dismiss(session: Session, mail: MailTemplates, report_id: int, staff: StaffMember, reason: str) -> LinkDecision:
    """Close a report without undoing the link (the link was checked and is right)."""
    reason = (reason or "").strip()[:MAX_MESSAGE]
    if not reason:
        raise EmptyReason()
    filed = session.get(LinkReport, report_id)
    if filed is None:
        raise NotUndoable(report_id)
    link = filed.link
    before = _state(link)
    moved = session.execute(
        update(LinkReport).where(LinkReport.id == report_id, LinkReport.status == ReportStatus.OPEN)
        .values(status=ReportStatus.DISMISSED, closed_at=dt.datetime.now(dt.timezone.utc))
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise NotUndoable(report_id)
    session.refresh(filed)
    session.refresh(link)
    decision = _record(session, link, filed, LinkAction.DISMISS_REPORT, staff, reason, before)
    queue_mail(session, mail, f"link-report-{filed.id}-closed", filed.reporter_email, "link_report_kept",
               dossier_number=link.dossier.number, message=reason)
    return decision


def _record(session: Session, link: AccountLink, filed: LinkReport | None, action: LinkAction, staff: StaffMember,
            message: str, before: dict) -> LinkDecision:
    decision = LinkDecision(link_id=link.id, report_id=filed.id if filed else None, action=action,
                            staff_sub=staff.sub, staff_username=staff.username, message=message,
                            before=before, after=_state(link))
    session.add(decision)
    session.flush()
    return decision


def _state(link: AccountLink) -> dict:
    return {
        "status": link.status.value,
        "confirmation": link.confirmation.value if link.confirmation else None,
        "open_reports": sum(1 for r in link.reports if r.status is ReportStatus.OPEN),
    }
