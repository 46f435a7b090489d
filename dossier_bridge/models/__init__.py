"""Typed SQLAlchemy models, one module per concern."""

from dossier_bridge.models.registry import Dossier, Person, PersonRole
from dossier_bridge.models.links import AccountLink, LinkStatus, VerificationAttempt
from dossier_bridge.models.matching import MatchingKey
from dossier_bridge.models.news import NewsItem

__all__ = [
    "AccountLink", "Dossier", "LinkStatus", "MatchingKey", "NewsItem", "Person", "PersonRole", "VerificationAttempt",
]
