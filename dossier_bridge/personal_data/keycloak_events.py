"""Learning about every account deletion, sign-in and activation from the events Keycloak keeps in its database.

Why Keycloak's own event store rather than an event listener in the
extension: Keycloak writes a user event (``DELETE_ACCOUNT``, the family's own
deletion) or an admin event (``DELETE`` on ``users/<id>``, staff in the admin
console or any admin API client, the bridge's retention jobs included) in its
database as part of the deletion. The record is therefore as durable as the
deletion itself, on every Keycloak node, with no queue of ours to keep
alive. The worker reads both logs from where it stopped; while the bridge is
down the events wait in Keycloak (``eventsExpiration``, 30 days in the
realm), and a daily sweep of the accounts the bridge holds catches anything
older (``retention.sweep_deleted_accounts``).

Reading is idempotent: the cursor moves on only after a page is handled,
each page is read again from a minute before the cursor, and handling an
event twice (erase, note a sign-in) changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable, Container

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.db import transaction, utc
from dossier_bridge.keycloak_users import EventLog
from dossier_bridge.models import AccountActivity, AccountErasure, KeycloakEventCursor
from dossier_bridge.personal_data.erasure import BY_FAMILY, BY_STAFF, erase_account

log = logging.getLogger(__name__)

USER_EVENTS, ADMIN_EVENTS = "user-events", "admin-events"
DELETE_ACCOUNT, LOGIN, REGISTER = "DELETE_ACCOUNT", "LOGIN", "REGISTER"
# A sign-in (password, identity provider) or a sign-up: the account is in use.
SIGN_IN_TYPES = (LOGIN, REGISTER)
# The family followed its activation link.
VERIFY_EMAIL = "VERIFY_EMAIL"
# After these an account may have become active (a sign-up alone never is: it has yet to verify its
# e-mail, and an identity provider's sign-up is followed by its LOGIN).
_MAY_BE_ACTIVE = (VERIFY_EMAIL, LOGIN)
PAGE = 100
# Events are read again from this far back: two events stored in the same
# millisecond, or written by a transaction that committed late, are not missed.
OVERLAP_MS = 60_000
_USER_PATH = "users/"


@dataclass
class FollowReport:
    deletions: int = 0
    sign_ins: int = 0
    activations: int = 0


# Told of the accounts of a page of events that may have become active (signed in, e-mail verified),
# in the transaction that handles the page: the worker moves those accounts' pending links on.
AccountsSeen = Callable[[Session, set[str]], object]


def follow_events(sessions: sessionmaker[Session], events: EventLog, now: dt.datetime | None = None,
                  on_accounts_seen: AccountsSeen | None = None) -> FollowReport:
    """Handle every event stored since the last round; raises DirectoryUnavailable when Keycloak does not answer."""
    now = now or dt.datetime.now(dt.timezone.utc)
    report = FollowReport()
    _follow(sessions, USER_EVENTS, now,
            lambda since, first: events.user_events((DELETE_ACCOUNT, *SIGN_IN_TYPES, VERIFY_EMAIL), since, first, PAGE),
            lambda session, page: _user_events(session, page, report, on_accounts_seen))
    _follow(sessions, ADMIN_EVENTS, now,
            lambda since, first: events.user_deletions_by_admins(since, first, PAGE),
            lambda session, page: _admin_events(session, page, report))
    return report


def _follow(sessions, name: str, now: dt.datetime, read, handle) -> None:
    since = max(_cursor(sessions, name, now) - OVERLAP_MS, 0)
    first = 0
    while True:
        page = read(since, first)
        with transaction(sessions) as session:
            handle(session, page)
            latest = max((int(e.get("time") or 0) for e in page), default=0)
            cursor = session.get(KeycloakEventCursor, name, with_for_update=True)
            cursor.last_time_ms = max(cursor.last_time_ms, latest)
        if len(page) < PAGE:
            return
        first += PAGE


def _cursor(sessions, name: str, now: dt.datetime) -> int:
    with transaction(sessions) as session:
        cursor = session.get(KeycloakEventCursor, name)
        if cursor is None:
            # First round: everything Keycloak still keeps is read.
            cursor = KeycloakEventCursor(name=name, last_time_ms=0, started_at=now)
            session.add(cursor)
        return cursor.last_time_ms


def _moment(event: dict) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(event.get("time") or 0) / 1000, dt.timezone.utc)


def _user_events(session: Session, page: list[dict], report: FollowReport,
                 on_accounts_seen: AccountsSeen | None) -> None:
    """A page of user events in a few statements: every round reads the last minute again, and at a
    busy hour that minute holds a thousand sign-ins."""
    sign_ins: dict[str, dt.datetime] = {}
    seen: set[str] = set()
    # One read of the page's erasures serves its deletions and its sign-ins alike.
    erased = _erasures(session, {e["userId"] for e in page if e.get("userId")})
    for event in page:
        user_id, kind = event.get("userId"), event.get("type")
        if not user_id:
            continue
        if kind == DELETE_ACCOUNT:
            _erase_once(session, erased, user_id, BY_FAMILY, _moment(event), report)
            continue
        if kind == VERIFY_EMAIL:
            report.activations += 1
        else:
            sign_ins[user_id] = max(sign_ins.get(user_id, _moment(event)), _moment(event))
            report.sign_ins += 1
        if kind in _MAY_BE_ACTIVE:
            seen.add(user_id)
    note_sign_ins(session, sign_ins, erased)
    if on_accounts_seen is not None and seen:
        on_accounts_seen(session, seen)


def _admin_events(session: Session, page: list[dict], report: FollowReport) -> None:
    deletions = {}
    for event in page:
        path = event.get("resourcePath") or ""
        user_id = path[len(_USER_PATH):] if path.startswith(_USER_PATH) else ""
        # A sub-resource of a user (a role mapping, a credential) is not the user itself.
        if event.get("operationType") == "DELETE" and user_id and "/" not in user_id:
            deletions[user_id] = _moment(event)
    erased = _erasures(session, set(deletions))
    for user_id, moment in deletions.items():
        # A deletion by the retention jobs was erased (and recorded as theirs) when they made it.
        _erase_once(session, erased, user_id, BY_STAFF, moment, report)


def _erasures(session: Session, user_ids: set[str]) -> dict[str, dt.datetime]:
    """When each of these accounts was erased, for those that were."""
    if not user_ids:
        return {}
    rows = session.execute(select(AccountErasure.keycloak_user_id, AccountErasure.erased_at)
                           .where(AccountErasure.keycloak_user_id.in_(user_ids)))
    return {user_id: utc(erased_at) for user_id, erased_at in rows}


def _erase_once(session: Session, erased: dict[str, dt.datetime], user_id: str, source: str,
                moment: dt.datetime, report: FollowReport) -> None:
    # An erasure made after the deletion covers it: the minute read again each round (after a
    # staff clean-up, hundreds of deletions) costs a query per page, not an erasure per event.
    if user_id in erased and erased[user_id] >= moment:
        return
    erase_account(session, user_id, source, deleted_at=moment)
    erased[user_id] = dt.datetime.now(dt.timezone.utc)
    report.deletions += 1


def note_sign_ins(session: Session, last: dict[str, dt.datetime], erased: Container[str]) -> None:
    """Record each account's latest sign-in; accounts in `erased` are left alone (events read again)."""
    if not last:
        return
    known = {a.keycloak_user_id: a for a in session.scalars(
        select(AccountActivity).where(AccountActivity.keycloak_user_id.in_(last)))}
    for user_id, moment in last.items():
        if user_id in erased:
            continue
        activity = known.get(user_id)
        if activity is None:
            session.add(AccountActivity(keycloak_user_id=user_id, last_sign_in_at=moment))
        elif activity.last_sign_in_at is None or utc(activity.last_sign_in_at) < moment:
            activity.last_sign_in_at = moment
    session.flush()


def following_since(session: Session) -> dt.datetime | None:
    """When the bridge began reading sign-ins: no account's last activity is known before this."""
    started = session.scalars(select(KeycloakEventCursor.started_at).where(KeycloakEventCursor.name == USER_EVENTS)).first()
    return utc(started) if started else None
