"""Imports started from the staff page, run by the worker: upload, dry run, confirmation, import.

A job goes ``queued`` → ``analysing`` → ``analysed`` (the report of a dry
run: nothing changed yet) → on confirmation ``import_queued`` →
``importing`` → ``imported``; or ``refused`` (the file is no register),
``failed`` (the import stopped on an error and was rolled back) or
``cancelled``. The worker claims a job with a conditional UPDATE, so that
of several workers exactly one runs it, and runs it through the same code
as the console command (``import_run.run_import``). The import's final
state is written in the import's own transaction: a job is never
``imported`` without its dossiers, nor the reverse. A job whose worker died
(its progress stopped moving) is handed out again; an import is one
transaction, so running it again is safe.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.db import transaction
from dossier_bridge.models import ImportJob, ImportStatus
from dossier_bridge.registry.import_report import ImportReport
from dossier_bridge.registry.import_run import run_import
from dossier_bridge.staff import StaffMember

log = logging.getLogger(__name__)

# A file bigger than this is refused at upload (a 100,000-family export is about 35 MB).
MAX_FILE_BYTES = 100 * 2**20
# Progress is written at most this often.
PROGRESS_EVERY_SECONDS = 1.0
# A running job whose progress has not moved for this long lost its worker.
STALE_AFTER = dt.timedelta(minutes=15)
RECENT = 20


class FileTooLarge(Exception):
    pass


class EmptyFile(Exception):
    pass


def submit(session: Session, staff: StaffMember, file_name: str, content: bytes) -> ImportJob:
    """Store an uploaded file; the worker analyses it (a dry run) next."""
    if not content:
        raise EmptyFile()
    if len(content) > MAX_FILE_BYTES:
        raise FileTooLarge()
    job = ImportJob(
        file_name=(file_name or "export.csv")[-255:], file_size=len(content), content=content,
        status=ImportStatus.QUEUED, staff_sub=staff.sub, staff_username=staff.username[:100],
        phase="", progress_done=0, progress_total=len(content),
    )
    session.add(job)
    session.flush()
    return job


def confirm(session: Session, job_id: int, staff: StaffMember) -> bool:
    """Ask for the import of an analysed file; False when it is no longer waiting for that."""
    moved = session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == ImportStatus.ANALYSED)
        .values(status=ImportStatus.IMPORT_QUEUED, confirmed_by=staff.username[:100], confirmed_at=_now(),
                updated_at=_now(), phase="", progress_done=0)
        .execution_options(synchronize_session=False)
    ).rowcount
    return moved == 1


def cancel(session: Session, job_id: int) -> bool:
    moved = session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status.in_([ImportStatus.QUEUED, ImportStatus.ANALYSED]))
        .values(status=ImportStatus.CANCELLED, content=None, finished_at=_now(), updated_at=_now())
        .execution_options(synchronize_session=False)
    ).rowcount
    return moved == 1


def recent(session: Session, limit: int = RECENT) -> list[ImportJob]:
    return list(session.scalars(select(ImportJob).order_by(ImportJob.id.desc()).limit(limit)))


def report_of(job: ImportJob) -> ImportReport | None:
    return ImportReport.from_dict(job.report) if job.report else None


# -- the worker's side -------------------------------------------------------

def run_next(sessions: sessionmaker[Session], today: dt.date | None = None) -> int | None:
    """Run one waiting job (analysis or import); its id, or None when none waits."""
    _requeue_stale(sessions)
    with sessions() as session:
        waiting = session.execute(
            select(ImportJob.id, ImportJob.status)
            .where(ImportJob.status.in_([ImportStatus.QUEUED, ImportStatus.IMPORT_QUEUED]))
            .order_by(ImportJob.id).limit(1)
        ).first()
    if waiting is None:
        return None
    job_id, status = waiting
    running = ImportStatus.ANALYSING if status == ImportStatus.QUEUED else ImportStatus.IMPORTING
    with transaction(sessions) as session:
        claimed = session.execute(
            update(ImportJob).where(ImportJob.id == job_id, ImportJob.status == status)
            .values(status=running, updated_at=_now(), phase="read", progress_done=0)
            .execution_options(synchronize_session=False)
        ).rowcount
    if claimed != 1:
        return job_id  # another worker took it
    _run(sessions, job_id, dry_run=running == ImportStatus.ANALYSING, today=today)
    return job_id


def _run(sessions: sessionmaker[Session], job_id: int, dry_run: bool, today: dt.date | None) -> None:
    with sessions() as session:
        job = session.get(ImportJob, job_id)
        assert job is not None
        content, file_name = job.content or b"", job.file_name
    progress = _Progress(sessions, job_id)

    def finish(session: Session, report: ImportReport) -> None:
        session.execute(
            update(ImportJob).where(ImportJob.id == job_id)
            .values(status=ImportStatus.IMPORTED, report=report.to_dict(), content=None, phase="done",
                    progress_done=1, progress_total=1, finished_at=_now(), updated_at=_now(), error=None)
            .execution_options(synchronize_session=False)
        )

    try:
        report = run_import(sessions, content, file_name, dry_run=dry_run, progress=progress, today=today,
                            on_success=None if dry_run else finish)
    except Exception as exc:  # noqa: BLE001 - whatever stopped it, the registry was rolled back
        log.exception("import job %s stopped", job_id)
        _set(sessions, job_id, status=ImportStatus.FAILED, error=f"{exc.__class__.__name__}: {exc}"[:500],
             finished_at=_now())
        return
    if report.refused:
        _set(sessions, job_id, status=ImportStatus.REFUSED, report=report.to_dict(), content=None,
             finished_at=_now())
    elif dry_run:
        _set(sessions, job_id, status=ImportStatus.ANALYSED, report=report.to_dict(), phase="done")


class _Progress:
    """Writes a job's progress in short transactions of their own, at most once a second.

    SQLite has one writer at a time: once the import itself writes, its
    progress can no longer be stored until it commits, so the page shows
    the phase ("écriture") without a count for that last part.
    """

    def __init__(self, sessions: sessionmaker[Session], job_id: int):
        self.sessions = sessions
        self.job_id = job_id
        self.last = 0.0
        self.phase = ""
        self.single_writer = sessions.kw["bind"].dialect.name == "sqlite"
        self.writing = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and now - self.last < PROGRESS_EVERY_SECONDS:
            return
        if self.writing and self.single_writer:
            return
        self.writing = self.writing or phase in ("write", "index")
        self.phase, self.last = phase, now
        _set(self.sessions, self.job_id, phase=phase, progress_done=done, progress_total=max(total, 1))


def _requeue_stale(sessions: sessionmaker[Session]) -> None:
    limit = _now() - STALE_AFTER
    with transaction(sessions) as session:
        for running, waiting in ((ImportStatus.ANALYSING, ImportStatus.QUEUED),
                                 (ImportStatus.IMPORTING, ImportStatus.IMPORT_QUEUED)):
            session.execute(
                update(ImportJob).where(ImportJob.status == running, ImportJob.updated_at < limit)
                .values(status=waiting, updated_at=_now(), phase="")
                .execution_options(synchronize_session=False)
            )


def _set(sessions: sessionmaker[Session], job_id: int, **values) -> None:
    with transaction(sessions) as session:
        session.execute(update(ImportJob).where(ImportJob.id == job_id).values(updated_at=_now(), **values)
                        .execution_options(synchronize_session=False))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
