"""The long-lived objects a bridge process works with, built once from its settings.

The web application keeps one :class:`Services` (reached through
``web.context``); nothing here needs Flask.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.config import Settings
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.family_space.lost_number import LostNumberBudgets, LostNumberRateLimiter
from dossier_bridge.keycloak_users import FamilyAccounts, KeycloakUserDirectory
from dossier_bridge.mail_outbox import MailTemplates
from dossier_bridge.signin.sessions import SignInSessions, sign_ins_for
from dossier_bridge.verification.challenge import ChallengeIssuer
from dossier_bridge.verification.rate_limits import Budgets, VerifyRateLimiter


@dataclass(frozen=True)
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    verify_limiter: VerifyRateLimiter
    challenges: ChallengeIssuer
    directory: FamilyAccounts
    mail: MailTemplates
    # Signs the browser's cookie and seals the stored refresh tokens.
    session_key: bytes
    signin: SignInSessions
    lost_number_limiter: LostNumberRateLimiter

    @cached_property
    def autocommit_engine(self) -> Engine:
        """Connections whose statements each commit on their own (the dossier check: one read, one audit row).

        The check is on every sign-up's path: no BEGIN and COMMIT round trips while Keycloak waits,
        and no ORM session around two plain statements.
        """
        return make_engine(self.settings.database_url, autocommit=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Services":
        engine = make_engine(settings.database_url)
        # Without a configured secret (dev and tests), a per-process random key:
        # sign-ins then do not survive a restart, which is the safe failure.
        session_key = settings.session_secret.encode() if settings.session_secret else secrets.token_bytes(32)
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
            session_key=session_key,
            signin=sign_ins_for(settings, session_key),
            lost_number_limiter=LostNumberRateLimiter(
                settings.rate_limit_storage,
                LostNumberBudgets(settings.lost_number_limit_per_email, settings.lost_number_limit_per_address,
                                  settings.lost_number_limit_overall),
            ),
        )
