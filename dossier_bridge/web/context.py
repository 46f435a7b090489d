"""The one way web code reaches the bridge's services: the typed :class:`Services` the factory installed."""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.config import Settings
from dossier_bridge.services import Services

_EXTENSION = "dossier_bridge"


def install(app: Flask, services: Services) -> None:
    app.extensions[_EXTENSION] = services


def services(app: Flask | None = None) -> Services:
    """The services of `app`, or of the application handling the current request."""
    return (app or current_app).extensions[_EXTENSION]


def settings() -> Settings:
    return services().settings


def sessions() -> sessionmaker[Session]:
    return services().sessions


def engine() -> Engine:
    return services().engine
