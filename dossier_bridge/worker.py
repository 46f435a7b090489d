"""The bridge's background worker: the periodic jobs, each in its own transaction.

Several workers may run (one per bridge host): every job works row by row
under the database's own locking, so running it twice does no harm; the
rounds that list every account (retention, the sweep of pending links) are
claimed in the database so that one worker runs each per interval.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from typing import Callable

from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.family_space.lost_number import answer_due
from dossier_bridge.keycloak_sync import apply_due
from dossier_bridge.keycloak_users import KeycloakUserDirectory
from dossier_bridge.mail_outbox import MailTemplates, SmtpSettings, send_due
from dossier_bridge.personal_data import accounts, retention
from dossier_bridge.personal_data.accounts import ListedOnce
from dossier_bridge.personal_data.keycloak_events import follow_events
from dossier_bridge.registry.import_jobs import run_next
from dossier_bridge.schedule import Every
from dossier_bridge.signin.sessions import purge_expired, session_policy
from dossier_bridge.verification import link_notices
from dossier_bridge.verification.activation import reconcile_pending_links

log = logging.getLogger("dossier_bridge.worker")


def run_forever(settings: Settings, stop: threading.Event | None = None) -> None:
    stop = stop or _stop_on_signals()
    sessions = make_session_factory(make_engine(settings.database_url))
    directory = KeycloakUserDirectory(settings)
    ttl = dt.timedelta(hours=settings.pending_link_ttl_hours)
    policy = session_policy(settings)
    smtp = SmtpSettings(settings.smtp_host, settings.smtp_port, settings.smtp_from, settings.smtp_from_name,
                        settings.mail_retry_base_seconds)
    mail = MailTemplates(settings.branding)
    periods = settings.retention
    every_retention_round = Every(sessions, "retention", settings.retention_interval_seconds)
    every_link_sweep = Every(sessions, "link sweep", settings.link_sweep_seconds)

    def confirm_link(session, link) -> None:
        link_notices.confirm(session, mail, link, settings.link_report_url, settings.api_secret)

    def accounts_seen(session, user_ids: set[str]) -> None:
        reconcile_pending_links(session, directory, ttl, on_activated=confirm_link, user_ids=user_ids)

    jobs: list[tuple[str, Callable[[], object]]] = [
        ("lost dossier numbers", lambda: _in_transaction(sessions, lambda s: answer_due(s, mail))),
        # Deletions first: an account deleted since the last round gets no more e-mail.
        ("Keycloak events", lambda: follow_events(sessions, directory, on_accounts_seen=accounts_seen)),
        ("e-mail outbox", lambda: send_due(sessions, smtp)),
        ("Keycloak updates", lambda: apply_due(sessions, directory)),
        ("account links", lambda: every_link_sweep(lambda now: _in_transaction(
            sessions, lambda s: reconcile_pending_links(s, directory, ttl, now, on_activated=confirm_link)))),
        ("ended sign-ins", lambda: _in_transaction(sessions, lambda s: purge_expired(s, policy))),
        ("retention", lambda: every_retention_round(lambda now: _retention(sessions, directory, mail, periods, now))),
    ]
    log.info("worker started; every %s s: %s", settings.worker_interval_seconds, ", ".join(n for n, _ in jobs))
    # Dossier imports take up to a minute: in a thread of their own, so that
    # e-mails and account updates are not held up meanwhile.
    imports = threading.Thread(target=_imports_forever, args=(sessions, stop, settings.worker_interval_seconds),
                               name="dossier imports", daemon=True)
    imports.start()
    while not stop.is_set():
        for name, job in jobs:
            try:
                outcome = job()
                log.debug("%s: %s", name, outcome)
            except Exception:  # noqa: BLE001 - one failing job must not stop the others
                log.exception("job %s failed; it will run again", name)
        stop.wait(settings.worker_interval_seconds)
    imports.join(timeout=5)
    log.info("worker stopped")


def _imports_forever(sessions, stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        try:
            ran = run_next(sessions)
        except Exception:  # noqa: BLE001 - the next round tries again
            log.exception("dossier import job failed; it will run again")
            ran = None
        if ran is None:
            stop.wait(interval)


def _in_transaction(sessions, work):
    with transaction(sessions) as session:
        return work(session)


def _retention(sessions, directory, mail, periods, now: dt.datetime) -> dict[str, object]:
    """Every purge job of docs/personal-data.md, each in its own transaction, on one listing of the accounts."""
    directory = ListedOnce(directory)
    return {
        "tables": _in_transaction(sessions, lambda s: retention.purge_tables(s, periods, now).counts),
        "deleted accounts found": _in_transaction(sessions, lambda s: retention.sweep_deleted_accounts(s, directory, now)),
        "never activated": accounts.purge_unactivated(sessions, directory, periods, now),
        "inactive": accounts.handle_inactive(sessions, directory, mail, periods, now),
    }


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop
