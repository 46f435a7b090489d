"""One import of a billing export, from its bytes to its report: the code path of the console and the staff page.

Read the file (tolerantly, see ``csv_format``), refuse it when it is no
register or, in strict mode, when any row needed a warning; otherwise apply
it to the registry in one transaction, or only count what would change
(a dry run). A failure anywhere leaves the registry as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from dossier_bridge.db import transaction
from dossier_bridge.registry.csv_format import parse_export
from dossier_bridge.registry.import_report import DRY_RUN, IMPORTED, REFUSED, REFUSED_STRICT, ImportReport
from dossier_bridge.registry.importer import Progress, import_dossiers


def run_import(
    sessions: sessionmaker[Session],
    data: bytes,
    file_name: str,
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    on_success: Callable[[Session, ImportReport], None] | None = None,
) -> ImportReport:
    """The report of the import; ``on_success`` runs inside the import's transaction, last."""
    progress = progress or (lambda *_: None)
    progress("read", 0, len(data))
    parsed = parse_export(data, file_name, today)
    report = parsed.report
    progress("read", len(data), len(data))
    if report.status == REFUSED:
        return report
    if strict and (report.warnings or report.skipped):
        report.status = REFUSED_STRICT
        return report
    if dry_run:
        with sessions() as session:
            report.changes = import_dossiers(session, parsed.records, dry_run=True, progress=progress,
                                             report_missing=True)
            session.rollback()
        report.status = DRY_RUN
        return report
    records = parsed.records
    del parsed  # the records are all the import needs from here on
    with transaction(sessions) as session:
        report.changes = import_dossiers(session, records, progress=progress, report_missing=True)
        report.status = IMPORTED
        if on_success is not None:
            on_success(session, report)
    return report
