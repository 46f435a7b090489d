"""Typed SQLAlchemy models, one module per concern."""

from dossier_bridge.models.registry import Dossier, Person, PersonRole
from dossier_bridge.models.links import AccountLink, LinkStatus, VerificationAttempt
from dossier_bridge.models.matching import MatchingKey

__all__ = [
    "AccountLink", "Dossier", "LinkStatus", "MatchingKey", "Person", "PersonRole", "VerificationAttempt",
]
