"""The bridge's background worker: the periodic jobs, each in its own transaction.

Several workers may run (one per bridge host): every job works row by row
under the database's own locking, so running it twice does no harm.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from typing import Callable

from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.keycloak_sync import apply_due
from dossier_bridge.keycloak_users import KeycloakUserDirectory
from dossier_bridge.mail_outbox import MailTemplates, SmtpSettings, send_due
from dossier_bridge.verification import link_notices
from dossier_bridge.verification.activation import reconcile_pending_links

log = logging.getLogger("dossier_bridge.worker")


def run_forever(settings: Settings, stop: threading.Event | None = None) -> None:
    stop = stop or _stop_on_signals()
    sessions = make_session_factory(make_engine(settings.database_url))
    directory = KeycloakUserDirectory(settings)
    ttl = dt.timedelta(hours=settings.pending_link_ttl_hours)
    smtp = SmtpSettings(settings.smtp_host, settings.smtp_port, settings.smtp_from, settings.smtp_from_name,
                        settings.mail_retry_base_seconds)
    mail = MailTemplates(settings.branding)

    def confirm_link(session, link) -> None:
        link_notices.confirm(session, mail, link, settings.link_report_url, settings.api_secret)

    jobs: list[tuple[str, Callable[[], object]]] = [
        ("e-mail outbox", lambda: send_due(sessions, smtp)),
        ("Keycloak updates", lambda: apply_due(sessions, directory)),
        ("account links", lambda: _in_transaction(
            sessions, lambda s: reconcile_pending_links(s, directory, ttl, on_activated=confirm_link))),
    ]
    log.info("worker started; every %s s: %s", settings.worker_interval_seconds, ", ".join(n for n, _ in jobs))
    while not stop.is_set():
        for name, job in jobs:
            try:
                outcome = job()
                log.debug("%s: %s", name, outcome)
            except Exception:  # noqa: BLE001 - one failing job must not stop the others
                log.exception("job %s failed; it will run again", name)
        stop.wait(settings.worker_interval_seconds)
    log.info("worker stopped")


def _in_transaction(sessions, work):
    with transaction(sessions) as session:
        return work(session)


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop
