"""Typed SQLAlchemy models, one module per concern."""

from dossier_bridge.models.registry import Dossier, Person, PersonRole

__all__ = ["Dossier", "Person", "PersonRole"]
