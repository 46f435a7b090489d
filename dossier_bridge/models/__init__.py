"""Typed SQLAlchemy models, one module per concern."""

from dossier_bridge.models.registry import Dossier, Person, PersonRole
from dossier_bridge.models.matching import MatchingKey

__all__ = ["Dossier", "MatchingKey", "Person", "PersonRole"]
