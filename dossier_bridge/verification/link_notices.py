"""An account has just been linked to a dossier: is that its adult, and who must be told?

Anyone holding an invoice (an ex-partner, a neighbour) can link an account
with the dossier number and a name. So when a link becomes active:

- the account's e-mail is the adult's own e-mail in the registry: the link is
  confirmed, nobody needs telling;
- otherwise every e-mail the registry knows for the dossier's responsible
  adults gets a notice with a link to report it, and staff see the link
  flagged; with no address to tell, the link is flagged for staff alone.

The report link carries a signed, long-lived token naming the link and the
address it was sent to, so that the report reaches staff with who made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier_bridge.mail_outbox import MailTemplates, queue_mail
from dossier_bridge.models import AccountLink, LinkConfirmation, LinkReport, Person, PersonRole, ReportStatus

REPORT_TOKEN_MAX_AGE_SECONDS = 90 * 24 * 3600
MAX_COMMENT = 2000


class InvalidReportToken(ValueError):
    pass


@dataclass(frozen=True)
class ReportTicket:
    link_id: int
    recipient: str


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="link-report")


def issue_report_token(secret: str, ticket: ReportTicket) -> str:
    return _serializer(secret).dumps([ticket.link_id, ticket.recipient])


def read_report_token(secret: str, token: str) -> ReportTicket:
    try:
        link_id, recipient = _serializer(secret).loads(token, max_age=REPORT_TOKEN_MAX_AGE_SECONDS)
        return ReportTicket(int(link_id), str(recipient))
    except (BadSignature, ValueError, TypeError) as exc:
        raise InvalidReportToken("the report link is invalid or expired") from exc


def _address(value: str | None) -> str:
    return (value or "").strip().lower()


def known_addresses(session: Session, dossier_id: int) -> list[str]:
    """The distinct e-mails the registry holds for the dossier's responsible adults."""
    query = select(Person.email).where(Person.dossier_id == dossier_id, Person.role == PersonRole.RESPONSABLE)
    return sorted({_address(e) for e in session.scalars(query) if _address(e)})


def confirm(session: Session, mail: MailTemplates, link: AccountLink, report_url: Callable[[str], str],
            secret: str) -> LinkConfirmation:
    """Decide how the newly active link is confirmed, and queue the notices (once per address)."""
    own = _address(link.email)
    if own and own == _address(link.person.email):
        link.confirmation = LinkConfirmation.EMAIL_MATCH
        return link.confirmation
    recipients = [address for address in known_addresses(session, link.dossier_id) if address != own]
    for recipient in recipients:
        token = issue_report_token(secret, ReportTicket(link.id, recipient))
        queue_mail(session, mail, f"link-{link.id}-notice-{recipient}", recipient, "link_notice",
                   dossier_number=link.dossier.number, adult=f"{link.person.first_name} {link.person.last_name}",
                   report_url=report_url(token))
    link.confirmation = LinkConfirmation.NOTICE_SENT if recipients else LinkConfirmation.NO_KNOWN_ADDRESS
    return link.confirmation


def report(session: Session, ticket: ReportTicket, comment: str | None) -> LinkReport:
    """Record the report (one open report per link and address: sending it twice records it once)."""
    link = session.get(AccountLink, ticket.link_id)
    if link is None:
        raise InvalidReportToken("the link no longer exists")
    existing = session.scalars(
        select(LinkReport).where(LinkReport.link_id == link.id, LinkReport.reporter_email == ticket.recipient,
                                 LinkReport.status == ReportStatus.OPEN)
    ).first()
    if existing is not None:
        return existing
    filed = LinkReport(link_id=link.id, reporter_email=ticket.recipient,
                       comment=(comment or "").strip()[:MAX_COMMENT] or None, status=ReportStatus.OPEN)
    session.add(filed)
    session.flush()
    return filed
