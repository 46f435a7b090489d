"""Duplicate reports: over an import file (no database) and over the registry.

What the ``find-duplicates`` and ``duplicates-report`` console commands
print (the reasons column is French, for staff).
"""

from __future__ import annotations

import csv
import gc
from contextlib import contextmanager
from typing import Iterator, TextIO

from sqlalchemy.orm import Session

from dossier_bridge.matching.dedup import DuplicatePair, find_duplicate_pairs
from dossier_bridge.matching.index import registry_families
from dossier_bridge.matching.weights import MatchingConfig

OUTPUT_HEADER = ("numero_dossier_a", "numero_dossier_b", "score")


def registry_duplicates(
    session: Session, min_score: float | None = None, config: MatchingConfig | None = None
) -> list[tuple[str, str, float, list[str]]]:
    """Likely duplicate dossiers of the registry: (number_a, number_b, score, reasons), most likely first."""
    with gc_paused():
        families = [family for _, family in registry_families(session.connection())]
        pairs = find_duplicate_pairs(families, config or MatchingConfig(), min_score)
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


def write_registry_report(rows: list[tuple[str, str, float, list[str]]], out: TextIO) -> None:
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow((*OUTPUT_HEADER, "raisons"))
    for number_a, number_b, score, reasons in rows:
        writer.writerow((number_a, number_b, format_score(score), " ; ".join(reasons)))
