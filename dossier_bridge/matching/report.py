"""Duplicate reports: over an import file (no database) and over the registry.

Also the bodies of the ``find-duplicates``, ``duplicates-report`` and
``matching-reindex`` console commands (operators' words are English; the
reasons column is French, for staff).
"""

from __future__ import annotations

import csv
import gc
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from sqlalchemy.orm import Session

from dossier_bridge.matching.dedup import DuplicatePair, find_duplicate_pairs
from dossier_bridge.matching.features import family_features
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.matching.index import registry_families
from dossier_bridge.matching.weights import MatchingConfig, default_config
from dossier_bridge.registry.import_report import ImportReport

OUTPUT_HEADER = ("numero_dossier_a", "numero_dossier_b", "score")


def registry_duplicates(
    session: Session, min_score: float | None = None, config: MatchingConfig | None = None
) -> list[tuple[str, str, float, list[str]]]:
    """Likely duplicate dossiers of the registry: (number_a, number_b, score, reasons), most likely first."""
    with gc_paused():
        families = [family for _, family in registry_families(session.connection())]
        pairs = find_duplicate_pairs(families, config or default_config(), min_score)
    return [(p.number_a, p.number_b, p.score, p.reasons()) for p in pairs]


def format_score(score: float) -> str:
    return f"{score:.4f}"


def write_pairs(pairs: list[DuplicatePair], out: TextIO) -> None:
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(OUTPUT_HEADER)
    for pair in pairs:
        writer.writerow((pair.number_a, pair.number_b, format_score(pair.score)))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk run.

    A 100k-dossier file makes millions of small acyclic objects; the
    collector would rescan them again and again (a third of the run time)
    for nothing to free.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def find_duplicates_in_file(path: Path, min_score: float | None = None, out: TextIO | None = None) -> ImportReport:
    """``dossier-bridge find-duplicates``: the file is read as the import reads it.

    Rows the import would skip are left out, imperfect rows take part with
    whatever they have (a dossier without a first name, or without adults).
    Returns the reading report; a refused file writes nothing.
    """
    from dossier_bridge.registry.csv_format import parse_export

    with gc_paused():
        parsed = parse_export(path.read_bytes(), path.name)
        report = parsed.report
        if report.refused:
            return report
        families = [family_features(FamilyProfile.from_record(r)) for r in parsed.records]
        # The parsed rows are dropped before the scoring workers fork: they
        # would otherwise be copied into each of them.
        del parsed
        pairs = find_duplicate_pairs(families, min_score=min_score)
    write_pairs(pairs, out or sys.stdout)
    return report


def write_registry_report(rows: list[tuple[str, str, float, list[str]]], out: TextIO) -> None:
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow((*OUTPUT_HEADER, "raisons"))
    for number_a, number_b, score, reasons in rows:
        writer.writerow((number_a, number_b, format_score(score), " ; ".join(reasons)))


def registry_report(database_url: str, min_score: float | None = None, out: TextIO | None = None) -> None:
    """``dossier-bridge duplicates-report``."""
    from dossier_bridge.db import make_engine, make_session_factory, transaction
    from dossier_bridge.migrate import upgrade

    upgrade(database_url)
    engine = make_engine(database_url)
    with transaction(make_session_factory(engine)) as session:
        rows = registry_duplicates(session, min_score)
    engine.dispose()
    write_registry_report(rows, out or sys.stdout)


def reindex(database_url: str) -> int:
    """``dossier-bridge matching-reindex``."""
    from dossier_bridge.db import make_engine
    from dossier_bridge.matching.index import rebuild_keys_on
    from dossier_bridge.migrate import upgrade

    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        count = rebuild_keys_on(connection)
    engine.dispose()
    return count


# Longer lists of reading findings are cut short on the console.
_CONSOLE_FINDINGS = 200


def find_duplicates_command(path: Path, min_score: float | None = None) -> int:
    """``dossier-bridge find-duplicates``: exit status 0, 1 (not a register) or 2 (no file)."""
    if not path.is_file():
        print(f"error: {path}: no such file", file=sys.stderr)
        return 2
    report = find_duplicates_in_file(path, min_score)
    lines = report.lines_en()
    for line in lines[:_CONSOLE_FINDINGS]:
        print(f"{path}: {line}", file=sys.stderr)
    if len(lines) > _CONSOLE_FINDINGS:
        print(f"{path}: ... and {len(lines) - _CONSOLE_FINDINGS} more (import-dossiers --dry-run --report FILE.csv "
              "lists them all)", file=sys.stderr)
    if report.refused:
        print(f"error: {path} cannot be read as a dossier export; no duplicate search was made", file=sys.stderr)
        return 1
    print(f"{path}: {report.rows_read} rows read, {report.dossiers_read} dossiers compared; "
          f"{len(report.warnings)} warnings, {len(report.skipped)} rows skipped", file=sys.stderr)
    return 0
