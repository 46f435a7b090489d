"""The outbox: stored first, retried with backoff while SMTP is down, never sent twice."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from sqlalchemy import select

from dossier_bridge import mail_outbox
from dossier_bridge.branding import Branding
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.models import OutboxMail


MAIL = mail_outbox.MailTemplates(Branding())
SMTP = mail_outbox.SmtpSettings("127.0.0.1", 2525, "portail@ville.example", "Portail Famille", 10)


class FakeSmtp:
    """Stands in for an SMTP server (unit tests may stub I/O)."""

    sent: list = []
    up = True

    def __init__(self, host, port, timeout):
        if not FakeSmtp.up:
            raise ConnectionRefusedError("SMTP down")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, message):
        FakeSmtp.sent.append(message)


@pytest.fixture
def sessions(database_url, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSmtp)
    FakeSmtp.sent, FakeSmtp.up = [], True
    return make_session_factory(make_engine(database_url))


def queue(sessions, key="request-1-received"):
    with transaction(sessions) as session:
        mail_outbox.queue_mail(session, MAIL, key, "famille@example.org", "request_received",
                               first_name="Camille", last_name="Lefèvre", request_id=1)


def test_an_event_queues_its_mail_once(sessions):
    queue(sessions)
    queue(sessions)
    with sessions() as session:
        mails = session.scalars(select(OutboxMail)).all()
    assert len(mails) == 1
    assert mails[0].subject == "Portail Famille : votre dossier a été créé et va être vérifié"
    assert "va être vérifié par nos services" in mails[0].text_body
    assert "<html" in mails[0].html_body and "Camille" in mails[0].html_body


def test_sent_with_text_and_html_parts(sessions, due_time):
    now = due_time
    queue(sessions)
    assert mail_outbox.send_due(sessions, SMTP, now) == 1
    message = FakeSmtp.sent[0]
    assert message["To"] == "famille@example.org"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


def test_smtp_down_then_up_sends_exactly_once(sessions, due_time):
    now = due_time
    queue(sessions)
    FakeSmtp.up = False
    assert mail_outbox.send_due(sessions, SMTP, now) == 0
    with sessions() as session:
        mail = session.scalars(select(OutboxMail)).one()
        assert (mail.status, mail.attempts) == ("pending", 1)
        retry_at = mail.next_attempt_at if mail.next_attempt_at.tzinfo else mail.next_attempt_at.replace(tzinfo=dt.timezone.utc)
    assert retry_at == now + dt.timedelta(seconds=10)
    FakeSmtp.up = True
    assert mail_outbox.send_due(sessions, SMTP, now) == 0  # not due yet: backoff
    later = now + dt.timedelta(seconds=11)
    assert mail_outbox.send_due(sessions, SMTP, later) == 1
    assert mail_outbox.send_due(sessions, SMTP, later + dt.timedelta(hours=2)) == 0
    assert len(FakeSmtp.sent) == 1


def test_backoff_doubles_and_is_capped(sessions, due_time):
    now = due_time
    queue(sessions)
    FakeSmtp.up = False
    moment = now
    delays = []
    for _ in range(12):
        mail_outbox.send_due(sessions, SMTP, moment)
        with sessions() as session:
            mail = session.scalars(select(OutboxMail)).one()
            at = mail.next_attempt_at if mail.next_attempt_at.tzinfo else mail.next_attempt_at.replace(tzinfo=dt.timezone.utc)
        delays.append((at - moment).total_seconds())
        moment = at
    assert delays[:4] == [10, 20, 40, 80]
    assert max(delays) == 3600


def test_the_log_of_a_sent_mail_holds_no_address(sessions, due_time, caplog):
    queue(sessions)
    with caplog.at_level("DEBUG"):
        mail_outbox.send_due(sessions, SMTP, now=due_time)
    assert FakeSmtp.sent and "famille@example.org" not in caplog.text
