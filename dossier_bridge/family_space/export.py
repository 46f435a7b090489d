""""Télécharger mes données": everything the bridge holds for one account, with what Keycloak holds.

Only rows that belong to the account: its links (and the registry's record
of its own adult and of the dossier's children), its family requests, the
decisions taken on them, its correction requests and the e-mails sent to it.
Nothing of another adult of the dossier, and no staff member's identity.
The file is JSON, indented, in UTF-8, with French keys: a family can read it,
and another service can load it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dossier_bridge.models import (
    AccountLink, CorrectionRequest, Decision, Dossier, FamilyRequest, OutboxMail,
)

FORMAT_VERSION = 1


def _time(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def account_export(session: Session, keycloak_user_id: str, keycloak: dict[str, Any] | None,
                   portal_name: str, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or dt.datetime.now(dt.timezone.utc)
    return {
        "a_propos": {
            "portail": portal_name,
            "genere_le": _time(now),
            "version_du_format": FORMAT_VERSION,
            "compte": keycloak_user_id,
        },
        "compte_keycloak": keycloak,
        "rattachements": _links(session, keycloak_user_id),
        "demandes_famille": _requests(session, keycloak_user_id),
        "demandes_de_correction": _corrections(session, keycloak_user_id),
        "courriels": _mails(session, keycloak_user_id),
    }


def _links(session: Session, user_id: str) -> list[dict[str, Any]]:
    links = session.scalars(
        select(AccountLink).where(AccountLink.keycloak_user_id == user_id)
        .options(selectinload(AccountLink.person), selectinload(AccountLink.dossier).selectinload(Dossier.persons))
        .order_by(AccountLink.id)
    )
    return [{
        "numero_dossier": link.dossier.number,
        "etat": link.status.value,
        "adresse_de_rattachement": link.email,
        "cree_le": _time(link.created_at),
        "active_le": _time(link.activated_at),
        "libere_le": _time(link.released_at),
        "motif_de_liberation": link.release_reason,
        "confirmation": link.confirmation.value if link.confirmation else None,
        # What staff decided about the link (undone, report closed), never which agent.
        "decisions": [{"decision": d.action.value, "le": _time(d.created_at), "message": d.message}
                      for d in link.decisions],
        # The registry's record of this account's own adult, and of the dossier's children.
        "responsable": {
            "nom": link.person.last_name, "prenom": link.person.first_name, "courriel": link.person.email,
            "telephone": link.person.phone, "adresse": link.person.address,
            "code_postal": link.person.postal_code, "ville": link.person.town,
        },
        "enfants": [{"nom": c.last_name, "prenom": c.first_name, "date_de_naissance": _date(c.birth_date)}
                    for c in link.dossier.children],
    } for link in links]


def _requests(session: Session, user_id: str) -> list[dict[str, Any]]:
    requests = session.scalars(
        select(FamilyRequest).where(FamilyRequest.keycloak_user_id == user_id)
        .options(selectinload(FamilyRequest.decisions).selectinload(Decision.dossier))
        .order_by(FamilyRequest.id)
    )
    return [{
        "numero": request.id,
        "etat": request.status.value,
        "envoyee_le": _time(request.submitted_at),
        "decidee_le": _time(request.decided_at),
        "compte": {"nom": request.account_last_name, "prenom": request.account_first_name,
                   "courriel": request.account_email},
        "informations_envoyees": request.submitted,
        "message_des_services": request.staff_message,
        # What was decided and when; which agent decided is the city's record, not the family's.
        "decisions": [{"decision": d.action.value, "le": _time(d.created_at),
                       "numero_dossier": d.dossier.number if d.dossier else None, "message": d.message}
                      for d in request.decisions],
    } for request in requests]


def _corrections(session: Session, user_id: str) -> list[dict[str, Any]]:
    corrections = session.scalars(
        select(CorrectionRequest).where(CorrectionRequest.keycloak_user_id == user_id).order_by(CorrectionRequest.id)
    )
    return [{"numero": c.id, "etat": c.status.value, "envoyee_le": _time(c.created_at), "message": c.message,
             "reponse": c.answer, "repondue_le": _time(c.answered_at)} for c in corrections]


def _mails(session: Session, user_id: str) -> list[dict[str, Any]]:
    mails = session.scalars(select(OutboxMail).where(OutboxMail.keycloak_user_id == user_id).order_by(OutboxMail.id))
    return [{"destinataire": m.recipient, "objet": m.subject, "etat": m.status, "cree_le": _time(m.created_at),
             "envoye_le": _time(m.sent_at), "texte": m.text_body or None} for m in mails]
