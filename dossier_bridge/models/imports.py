"""Dossier imports started from the staff page: the uploaded file, its analysis, then the import itself.

The file is stored with the job, and the worker does the work: a 100,000-row
file takes longer than a web request should, and the page follows the
job's progress by reloading itself (no JavaScript needed). Every job keeps
who started and who confirmed it, when, the file's name and the report.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, Integer, LargeBinary, String, func
from sqlalchemy.orm import Mapped, deferred, mapped_column

from dossier_bridge.db import Base


class ImportStatus(str, enum.Enum):
    QUEUED = "queued"  # uploaded, its analysis (dry run) waits for the worker
    ANALYSING = "analysing"
    ANALYSED = "analysed"  # the report is shown; staff may confirm
    IMPORT_QUEUED = "import_queued"  # confirmed, waits for the worker
    IMPORTING = "importing"
    IMPORTED = "imported"
    REFUSED = "refused"  # the file cannot be read as a register: nothing changed
    FAILED = "failed"  # the import stopped on an error: nothing changed
    CANCELLED = "cancelled"

    @property
    def running(self) -> bool:
        return self in (ImportStatus.QUEUED, ImportStatus.ANALYSING, ImportStatus.IMPORT_QUEUED,
                        ImportStatus.IMPORTING)


class ImportJob(Base):
    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(Integer)
    # Dropped once the job is over: family data is kept in the registry, not twice.
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    status: Mapped[ImportStatus] = mapped_column(
        Enum(ImportStatus, name="import_status", values_callable=lambda e: [m.value for m in e], native_enum=False,
             length=20),
        index=True,
    )
    phase: Mapped[str] = mapped_column(String(20), default="")
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(String(500))
    staff_sub: Mapped[str] = mapped_column(String(64))
    staff_username: Mapped[str] = mapped_column(String(100))
    confirmed_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Moved on by every progress step: a job whose worker died shows a stale value.
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
