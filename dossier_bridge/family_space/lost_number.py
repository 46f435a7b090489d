""""J'ai perdu mon numéro de dossier": the number goes by e-mail to the registry's own address, never on screen.

The page answers the same for every address. It only stores the request
(after counting it against the budgets, before any other work); the worker
looks the address up among the registry's responsible adults later and, when
it finds one, queues an e-mail to that adult's address with the dossier
numbers. Neither the answer nor the time it takes says whether the registry
knows the address. Budgets: per typed address (a script cannot fill a
family's mailbox), per client network and for everybody together, like the
dossier check's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from limits import parse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossier_bridge.mail_outbox import MailTemplates, queue_mail
from dossier_bridge.models import Dossier, NumberReminder, Person, PersonRole
from dossier_bridge.verification.rate_limits import BudgetedLimiter, address_key

TEMPLATE = "number_reminder"
BATCH = 100


@dataclass(frozen=True)
class LostNumberBudgets:
    per_email: str
    per_address: str
    overall: str


class LostNumberRateLimiter(BudgetedLimiter):
    def __init__(self, storage_uri: str, budgets: LostNumberBudgets):
        super().__init__(storage_uri)
        self._per_email = parse(budgets.per_email)
        self._per_address = parse(budgets.per_address)
        self._overall = parse(budgets.overall)

    def acquire(self, email: str, address: str | None) -> bool:
        """Count this request against each budget; False (and nothing more counted) once one is spent."""
        budgets = [(self._per_email, ("lost-number-email", email))]
        network = address_key(address)
        if network:
            budgets.append((self._per_address, ("lost-number-address", network)))
        budgets.append((self._overall, ("lost-number-all",)))
        return self._spend(budgets) is None


def normalise_email(typed: str) -> str:
    return typed.strip().lower()


def ask(session: Session, limiter: LostNumberRateLimiter, email: str, client_ip: str | None) -> bool:
    """Store the request; False when a budget is spent (nothing stored then)."""
    email = normalise_email(email)
    if not limiter.acquire(email, client_ip):
        return False
    session.add(NumberReminder(email=email, client_ip=(client_ip or None) and client_ip[:45]))
    return True


def answer_due(session: Session, mail: MailTemplates, now: dt.datetime | None = None) -> int:
    """Handle the stored requests: mail each known adult its dossier numbers; returns how many e-mails were queued."""
    now = now or dt.datetime.now(dt.timezone.utc)
    pending = list(session.scalars(
        select(NumberReminder).where(NumberReminder.processed_at.is_(None)).order_by(NumberReminder.id).limit(BATCH)
    ))
    queued = 0
    for reminder in pending:
        reminder.mails_queued = _answer(session, mail, reminder) if reminder.email else 0
        queued += reminder.mails_queued
        reminder.processed_at = now
        # The address was needed to answer; the log keeps that a request came, not from whom.
        reminder.email = None
    return queued


def _answer(session: Session, mail: MailTemplates, reminder: NumberReminder) -> int:
    adults = session.execute(
        select(Person, Dossier.number).join(Dossier, Person.dossier_id == Dossier.id)
        .where(Person.role == PersonRole.RESPONSABLE, func.lower(Person.email) == reminder.email)
        .order_by(Dossier.number)
    ).all()
    # One e-mail per registry address (as the registry writes it), listing every dossier it belongs to.
    numbers: dict[str, list[str]] = defaultdict(list)
    names: dict[str, Person] = {}
    for person, number in adults:
        address = person.email.strip()
        if number not in numbers[address]:
            numbers[address].append(number)
        names.setdefault(address, person)
    for index, (address, found) in enumerate(numbers.items()):
        person = names[address]
        queue_mail(session, mail, f"number-reminder-{reminder.id}-{index}", address, TEMPLATE,
                   first_name=person.first_name, last_name=person.last_name, numbers=found)
    return len(numbers)
