"""Access to the objects the factory put on the application."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.config import Settings


def settings() -> Settings:
    return current_app.extensions["bridge.settings"]


def sessions() -> sessionmaker[Session]:
    return current_app.extensions["bridge.sessions"]


def engine() -> Engine:
    return current_app.extensions["bridge.engine"]
