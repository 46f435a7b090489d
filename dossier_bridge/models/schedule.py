"""When each of the workers' periodic rounds last started, shared by every worker."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from dossier_bridge.db import Base


class JobRound(Base):
    """One row per periodic job: the worker that moves `started_at` on runs the round."""

    __tablename__ = "job_round"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
