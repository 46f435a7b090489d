"""The dossier bridge of the Portail Famille."""

from dossier_bridge.app import create_app

__all__ = ["create_app"]
