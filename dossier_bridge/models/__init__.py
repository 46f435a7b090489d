"""Typed SQLAlchemy models, one module per concern."""

from dossier_bridge.models.registry import Dossier, Person, PersonRole
from dossier_bridge.models.links import (
    AccountLink, LinkAction, LinkConfirmation, LinkDecision, LinkReport, LinkStatus, ReportStatus, VerificationAttempt,
)
from dossier_bridge.models.matching import MatchingKey
from dossier_bridge.models.family_requests import (
    Decision, DecisionAction, DossierCounter, FamilyRequest, ProposedUpdate, RequestStatus,
)
from dossier_bridge.models.imports import ImportJob, ImportStatus
from dossier_bridge.models.news import NewsItem
from dossier_bridge.models.outbox import KeycloakSync, OutboxMail
from dossier_bridge.models.personal_data import (
    AccountActivity, AccountErasure, CorrectionRequest, CorrectionStatus, KeycloakEventCursor, NumberReminder,
)
from dossier_bridge.models.schedule import JobRound
from dossier_bridge.models.signin import LogoutTokenUse, SignInClient, SignInSession

__all__ = [
    "AccountActivity", "AccountErasure", "AccountLink", "CorrectionRequest", "CorrectionStatus", "Decision",
    "DecisionAction", "Dossier", "DossierCounter", "FamilyRequest", "ImportJob", "ImportStatus", "JobRound",
    "KeycloakEventCursor", "KeycloakSync", "LinkAction", "LinkConfirmation", "LinkDecision", "LinkReport",
    "LinkStatus", "LogoutTokenUse", "MatchingKey", "NewsItem", "NumberReminder", "OutboxMail", "Person",
    "PersonRole", "ProposedUpdate", "ReportStatus", "RequestStatus", "SignInClient", "SignInSession",
    "VerificationAttempt",
]
