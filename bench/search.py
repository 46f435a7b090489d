"""Per-request search benchmark: recall@5 and latency against a registry in SQLite.

For every duplicated family of a generated set, one dossier becomes the
"family request" (its number removed, as typed at sign-up) and the others
stay in the registry with every non-duplicated family. Each request is
searched with ``find_candidates(limit=5)``: recall@5 is the share of
requests whose family's dossier is among the five candidates.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.matching.search import find_candidates
from dossier_bridge.migrate import upgrade
from dossier_bridge.registry.csv_format import DossierRecord, read_dossier_file
from dossier_bridge.registry.importer import import_dossiers


@dataclass(frozen=True)
class SearchResult:
    registry_size: int
    requests: int
    recall_at_5: float
    first_rank_share: float
    p50_ms: float
    p99_ms: float
    import_seconds: float


def split_requests(records: list[DossierRecord], groups: list[list[str]], seed: int) -> tuple[list[DossierRecord], list[tuple[DossierRecord, set[str]]]]:
    by_number = {r.number: r for r in records}
    rng = random.Random(seed)
    requests: list[tuple[DossierRecord, set[str]]] = []
    held: set[str] = set()
    for group in groups:
        request = rng.choice(group)
        held.add(request)
        requests.append((by_number[request], set(group) - {request}))
    registry = [r for r in records if r.number not in held]
    return registry, requests


def run_search_benchmark(
    csv_path: Path, groups: list[list[str]], workdir: Path, max_requests: int, seed: int = 5
) -> SearchResult:
    records = read_dossier_file(csv_path)
    registry, requests = split_requests(records, groups, seed)
    database = workdir / f"registry-{len(registry)}.sqlite3"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    start = time.perf_counter()
    for offset in range(0, len(registry), 5000):
        with transaction(factory) as session:
            import_dossiers(session, registry[offset : offset + 5000])
    import_seconds = time.perf_counter() - start
    sample = random.Random(seed).sample(requests, min(max_requests, len(requests)))
    latencies: list[float] = []
    found = first = 0
    with factory() as session:
        # One warm-up query: the first one pays for loading the SQLite pages.
        find_candidates(session, FamilyProfile.from_persons(None, sample[0][0].persons))
        for record, expected in sample:
            profile = FamilyProfile.from_persons(None, record.persons)
            began = time.perf_counter()
            candidates = find_candidates(session, profile, limit=5)
            latencies.append((time.perf_counter() - began) * 1000)
            numbers = [c.dossier_number for c in candidates]
            found += bool(expected & set(numbers))
            first += bool(numbers and numbers[0] in expected)
    engine.dispose()
    latencies.sort()
    return SearchResult(
        registry_size=len(registry),
        requests=len(sample),
        recall_at_5=found / len(sample),
        first_rank_share=first / len(sample),
        p50_ms=statistics.median(latencies),
        p99_ms=latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))],
        import_seconds=import_seconds,
    )
