"""What staff see: the queue of requests and one request beside its possible duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from dossier_bridge.family_requests.service import account_adult
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.matching.search import Candidate, find_candidates
from dossier_bridge.matching.weights import MatchingConfig
from dossier_bridge.models import AccountLink, Decision, Dossier, FamilyRequest, KeycloakSync, LinkStatus, RequestStatus

PAGE_SIZE = 50


@dataclass
class QueuePage:
    requests: list[FamilyRequest]
    counts: dict[str, int]
    status: str
    search: str


def queue_page(session: Session, status: str = RequestStatus.PENDING_REVIEW.value, search: str = "") -> QueuePage:
    counts = dict(session.execute(select(FamilyRequest.status, func.count()).group_by(FamilyRequest.status)).all())
    counts = {s.value: counts.get(s, 0) for s in RequestStatus}
    query = select(FamilyRequest).order_by(FamilyRequest.submitted_at, FamilyRequest.id).limit(PAGE_SIZE)
    if status in counts:
        query = query.where(FamilyRequest.status == RequestStatus(status))
    search = search.strip()[:100]
    if search:
        pattern = f"%{search}%"
        query = query.where(or_(FamilyRequest.account_last_name.ilike(pattern),
                                FamilyRequest.account_first_name.ilike(pattern),
                                FamilyRequest.account_email.ilike(pattern)))
    return QueuePage(list(session.scalars(query)), counts, status, search)


@dataclass
class RequestView:
    request: FamilyRequest
    candidates: list[tuple[Candidate, Dossier]]
    decisions: list[Decision]
    pending_keycloak: bool
    # The account's live links to dossiers: a decision that linked it can be undone from there (RGAA 11.12).
    links: list[AccountLink] = field(default_factory=list)


def request_view(session: Session, request_id: int, config: MatchingConfig, limit: int = 5) -> RequestView | None:
    request = session.get(FamilyRequest, request_id)
    if request is None:
        return None
    candidates = find_candidates(session, profile_of(request), limit=limit, config=config)
    dossiers = {
        d.id: d for d in session.scalars(
            select(Dossier).where(Dossier.id.in_([c.dossier_id for c in candidates])).options(selectinload(Dossier.persons))
        )
    }
    decision_ids = [d.id for d in request.decisions]
    pending = bool(decision_ids) and session.scalar(
        select(func.count()).select_from(KeycloakSync)
        .where(KeycloakSync.decision_id.in_(decision_ids), KeycloakSync.status == "pending")
    ) > 0
    links = list(session.scalars(
        select(AccountLink).where(AccountLink.keycloak_user_id == request.keycloak_user_id,
                                  AccountLink.status != LinkStatus.RELEASED)
        .options(selectinload(AccountLink.dossier))
    ))
    return RequestView(request, [(c, dossiers[c.dossier_id]) for c in candidates if c.dossier_id in dossiers],
                       list(request.decisions), pending, links)


def profile_of(request: FamilyRequest) -> FamilyProfile:
    data = request.submitted
    adults = [{"last_name": request.account_last_name, "first_name": request.account_first_name,
               "email": request.account_email, "phone": data.get("phone"),
               "birth_date": account_adult(request).birth_date}]
    if data.get("second_parent"):
        adults.append(data["second_parent"])
    return FamilyProfile.from_dict({**data, "adults": adults})
