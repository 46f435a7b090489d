"""Typed SQLAlchemy models, one module per concern."""

from dossier_bridge.models.registry import Dossier, Person, PersonRole
from dossier_bridge.models.links import (
    AccountLink, LinkAction, LinkConfirmation, LinkDecision, LinkReport, LinkStatus, ReportStatus, VerificationAttempt,
)
from dossier_bridge.models.matching import MatchingKey
from dossier_bridge.models.family_requests import (
    Decision, DecisionAction, DossierCounter, FamilyRequest, ProposedUpdate, RequestStatus,
)
from dossier_bridge.models.news import NewsItem
from dossier_bridge.models.outbox import KeycloakSync, OutboxMail

__all__ = [
    "AccountLink", "LinkAction", "LinkConfirmation", "LinkDecision", "LinkReport", "ReportStatus", "Decision", "DecisionAction", "Dossier", "DossierCounter", "FamilyRequest", "KeycloakSync",
    "LinkStatus", "MatchingKey", "NewsItem", "OutboxMail", "Person", "PersonRole", "ProposedUpdate",
    "RequestStatus", "VerificationAttempt",
]
