"""The bridge's e-mails: stored first, then sent by the worker, with retries, never twice.

Queuing happens inside the transaction of the event that causes the e-mail,
so an e-mail exists exactly when its event does. Sending claims one row at a
time (a conditional UPDATE), so two workers never send the same e-mail.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.branding import Branding
from dossier_bridge.db import transaction
from dossier_bridge.i18n import DEFAULT_LOCALE, bundle
from dossier_bridge.models import OutboxMail

log = logging.getLogger(__name__)

# A row left in "sending" this long (a worker died mid-send) is tried again.
STALE_CLAIM = dt.timedelta(minutes=10)
MAX_BACKOFF = dt.timedelta(hours=1)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    sender_name: str
    retry_base_seconds: float


class MailTemplates:
    """The bridge's e-mail templates, in French (the families' language), framed with the city's branding."""

    def __init__(self, branding: Branding):
        self._environment = Environment(
            loader=FileSystemLoader(Path(__file__).parent / "templates"),
            autoescape=select_autoescape(["html"]),
        )
        messages = bundle(DEFAULT_LOCALE)
        # The city's name, colours and contact, as on the Keycloak e-mails.
        self._environment.globals["branding"] = branding
        self._environment.globals["_"] = (
            lambda key, **values: messages.get(key, key).format(**values) if values else messages.get(key, key)
        )

    def render(self, template: str, **context: object) -> tuple[str, str, str]:
        """Subject, plain text and HTML of an e-mail template."""
        subject = bundle(DEFAULT_LOCALE)[f"mailSubject_{template}"].format(**context)
        text = self._environment.get_template(f"email/{template}.txt").render(subject=subject, **context)
        html = self._environment.get_template(f"email/{template}.html").render(subject=subject, **context)
        return subject, text, html


def queue_mail(session: Session, templates: MailTemplates, dedup_key: str, recipient: str, template: str, *,
               account: str | None = None, **context: object) -> OutboxMail:
    """Store an e-mail once per `dedup_key`; `account` names the Keycloak account it concerns, if any."""
    existing = session.scalars(select(OutboxMail).where(OutboxMail.dedup_key == dedup_key)).first()
    if existing is not None:
        return existing
    subject, text, html = templates.render(template, **context)
    mail = OutboxMail(dedup_key=dedup_key, recipient=recipient, subject=subject, text_body=text, html_body=html,
                      keycloak_user_id=account)
    session.add(mail)
    session.flush()
    return mail


def send_due(sessions: sessionmaker[Session], smtp: SmtpSettings, now: dt.datetime | None = None) -> int:
    """Send every e-mail that is due; returns how many went out."""
    now = now or dt.datetime.now(dt.timezone.utc)
    with sessions() as session:
        due = session.scalars(
            select(OutboxMail.id).where(
                or_(
                    (OutboxMail.status == "pending") & (OutboxMail.next_attempt_at <= now),
                    (OutboxMail.status == "sending") & (OutboxMail.claimed_at <= now - STALE_CLAIM),
                )
            ).order_by(OutboxMail.id).limit(100)
        ).all()
    return sum(_send_one(sessions, smtp, mail_id, now) for mail_id in due)


def _send_one(sessions: sessionmaker[Session], smtp: SmtpSettings, mail_id: int, now: dt.datetime) -> bool:
    with transaction(sessions) as session:
        claimed = session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.status.in_(("pending", "sending")))
            .values(status="sending", claimed_at=now)
        ).rowcount
        mail = session.get(OutboxMail, mail_id) if claimed else None
        message = _message(mail, smtp) if mail else None
    if message is None:
        return False
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=15) as client:
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        _schedule_retry(sessions, smtp, mail_id, now, exc)
        return False
    with transaction(sessions) as session:
        session.execute(update(OutboxMail).where(OutboxMail.id == mail_id).values(status="sent", sent_at=now, last_error=None))
    # The id leads to the recipient in the database; the log keeps no address.
    log.info("mail %s sent", mail_id)
    return True


def _schedule_retry(sessions, smtp: SmtpSettings, mail_id: int, now: dt.datetime, exc: Exception) -> None:
    with transaction(sessions) as session:
        mail = session.get(OutboxMail, mail_id)
        mail.attempts += 1
        delay = min(dt.timedelta(seconds=smtp.retry_base_seconds * 2 ** (mail.attempts - 1)), MAX_BACKOFF)
        mail.status = "pending"
        mail.next_attempt_at = now + delay
        mail.last_error = f"{exc.__class__.__name__}: {exc}"[:500]
    log.warning("mail %s not sent (%s); retry in %s", mail_id, exc.__class__.__name__, delay)


# Long French subjects are not folded: some readers drop the space between
# folded encoded words ("créé etva être vérifié").
_POLICY = email.policy.SMTP.clone(max_line_length=998)


def _message(mail: OutboxMail, smtp: SmtpSettings) -> EmailMessage:
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = mail.subject
    message["From"] = formataddr((smtp.sender_name, smtp.sender))
    message["To"] = mail.recipient
    # Stable per outbox row: a relay that sees the same e-mail twice can drop the copy.
    message["Message-ID"] = f"<outbox-{mail.id}-{mail.dedup_key.replace(' ', '-')[:80]}@{smtp.sender.split('@')[-1]}>"
    message.set_content(mail.text_body)
    message.add_alternative(mail.html_body, subtype="html")
    return message
