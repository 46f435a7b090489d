"""One import of a billing export, from its bytes to its report: the code path of the console and the staff page.

Read the file (tolerantly, see ``csv_format``), refuse it when it is no
register or, in strict mode, when any row needed a warning; otherwise apply
it to the registry in one transaction, or only count what would change
(a dry run). A failure anywhere leaves the registry as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.db import transaction
from dossier_bridge.matching.report import gc_paused
from dossier_bridge.registry.csv_format import parse_export
from dossier_bridge.registry.import_report import DRY_RUN, IMPORTED, REFUSED, REFUSED_STRICT, ImportReport
from dossier_bridge.registry.importer import Progress, import_dossiers

OnSuccess = Callable[[Session, ImportReport], None]


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    strict: bool = False
    today: dt.date | None = None


def run_import(
    sessions: sessionmaker[Session],
    data: bytes,
    file_name: str,
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    on_success: OnSuccess | None = None,
) -> ImportReport:
    """The report of the import; ``on_success`` runs inside the import's transaction, last."""
    # Hundreds of thousands of small objects, none of them in a cycle: the
    # collector would scan them again and again for nothing.
    with gc_paused():
        return _run(sessions, data, file_name, ImportOptions(dry_run, strict, today), progress or _silent, on_success)


def _run(sessions: sessionmaker[Session], data: bytes, file_name: str, options: ImportOptions, progress: Progress,
         on_success: OnSuccess | None) -> ImportReport:
    progress("read", 0, len(data))
    parsed = parse_export(data, file_name, options.today)
    report = parsed.report
    progress("read", len(data), len(data))
    if report.status == REFUSED:
        return report
    if options.strict and (report.warnings or report.skipped):
        report.status = REFUSED_STRICT
        return report
    records = parsed.records
    del parsed  # the records are all the import needs from here on
    if options.dry_run:
        with sessions() as session:
            report.changes = import_dossiers(session, records, dry_run=True, progress=progress, report_missing=True)
            session.rollback()
        report.status = DRY_RUN
        return report
    with transaction(sessions) as session:
        report.changes = import_dossiers(session, records, progress=progress, report_missing=True)
        report.status = IMPORTED
        if on_success is not None:
            on_success(session, report)
    return report


def _silent(_phase: str, _done: int, _total: int) -> None:
    pass
