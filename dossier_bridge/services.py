"""The long-lived objects a bridge process works with, built once from its settings.

The web application keeps one :class:`Services` (reached through
``web.context``); nothing here needs Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.keycloak_users import KeycloakUserDirectory, UserDirectory
from dossier_bridge.mail_outbox import MailTemplates
from dossier_bridge.verification.challenge import ChallengeIssuer
from dossier_bridge.verification.rate_limits import Budgets, VerifyRateLimiter


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    verify_limiter: VerifyRateLimiter
    challenges: ChallengeIssuer
    directory: UserDirectory
    mail: MailTemplates

    @classmethod
    def from_settings(cls, settings: Settings) -> "Services":
        engine = make_engine(settings.database_url)
        limiter = VerifyRateLimiter(
            settings.rate_limit_storage,
            Budgets(settings.verify_limit_per_number, settings.verify_limit_per_address, settings.verify_limit_overall),
        )
        return cls(
            settings=settings,
            engine=engine,
            sessions=make_session_factory(engine),
            verify_limiter=limiter,
            challenges=ChallengeIssuer(settings.api_secret, limiter.spend_once, settings.challenge_cost),
            directory=KeycloakUserDirectory(settings),
            mail=MailTemplates(settings.branding),
        )
