"""Browser sign-ins to the bridge, kept on the server so that Keycloak can end them.

The browser's signed cookie holds only the random id of a :class:`SignInSession`;
everything the pages show, and the tokens that re-validate the sign-in, stay here.
Ending a sign-in (sign-out, Keycloak's back-channel logout, a failed
re-validation, a timeout) deletes its row.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dossier_bridge.db import Base


class SignInClient(str, enum.Enum):
    """The bridge's two browser clients in Keycloak."""

    FAMILY = "family"  # `portail`, lands on /famille
    STAFF = "staff"  # `dossier-bridge-ui`, the review screens


class SignInSession(Base):
    __tablename__ = "signin_session"

    # Random, 256 bits, in the signed cookie: the only thing the browser holds.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client: Mapped[SignInClient] = mapped_column(
        Enum(SignInClient, name="signin_client", values_callable=lambda e: [m.value for m in e],
             native_enum=False, length=20)
    )
    # Keycloak's user session (`sid` of the ID token and of the logout token).
    keycloak_sid: Mapped[str | None] = mapped_column(String(64), index=True)
    subject: Mapped[str] = mapped_column(String(64), index=True)
    # What the pages show (names, roles, dossier claims), refreshed at each re-validation.
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Encrypted with a key derived from the session secret.
    refresh_token: Mapped[str | None] = mapped_column(Text)
    id_token: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    validated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # The absolute end, whatever happens in between.
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class LogoutTokenUse(Base):
    """A back-channel logout token already acted on, kept until it expires (replays are refused)."""

    __tablename__ = "logout_token_use"

    jti: Mapped[str] = mapped_column(String(200), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
