"""Candidates for one family among the registry's dossiers (the review screen).

One indexed query finds the dossiers sharing a blocking key with the family;
the rarest shared keys rank them; the best few hundred are scored in full.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossier_bridge.matching.blocking import blocking_keys, stat_key
from dossier_bridge.matching.dedup import MIN_FAMILIES_FOR_FREQUENCIES
from dossier_bridge.matching.features import FamilyFeatures, family_features
from dossier_bridge.matching.index import PERSON_COLUMNS
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.matching.scoring import score_pair
from dossier_bridge.matching.weights import MatchingConfig
from dossier_bridge.models.matching import MatchingKey
from dossier_bridge.models.registry import Dossier, Person

# A key shared by more dossiers than this is ignored by the search (e.g. a
# very common surname in the main postal code): other keys still find them.
SEARCH_MAX_BLOCK = 1000
# How many dossiers, ranked by their shared keys, are scored in full.
SCORED_CANDIDATES = 150


@dataclass(frozen=True)
class Candidate:
    dossier_number: str
    score: float
    reasons: list[str] = field(default_factory=list)
    dossier_id: int | None = None


def find_candidates(
    session: Session,
    family: FamilyProfile,
    limit: int = 5,
    config: MatchingConfig | None = None,
    exclude_numbers: frozenset[str] | None = None,
) -> list[Candidate]:
    """Dossiers that may be this family, most likely first, with reasons in French.

    A profile built from a dossier never finds that dossier itself.
    """
    config = config or MatchingConfig()
    features = family_features(family)
    excluded = set(exclude_numbers or ()) | ({family.number} if family.number else set())
    ranked = _ranked_dossier_ids(session, sorted(blocking_keys(features)))
    if not ranked:
        return []
    candidates = _load_families(session, ranked[:SCORED_CANDIDATES])
    total = _dossier_total(session)
    shares = _surname_shares(session, [features, *candidates.values()], total)
    prior = config.prior_log2_odds(total + 1, config.duplicate_rate if family.number else config.request_known_rate)
    found = []
    for dossier_id, other in candidates.items():
        if other.number in excluded:
            continue
        scored = score_pair(features, other, config, shares, prior)
        if scored.score >= config.search_min_score:
            found.append(Candidate(other.number or "", scored.score, scored.reasons(), dossier_id))
    found.sort(key=lambda c: (-c.score, c.dossier_number))
    return found[:limit]


def _ranked_dossier_ids(session: Session, keys: list[str]) -> list[int]:
    if not keys:
        return []
    rows = session.execute(select(MatchingKey.key, MatchingKey.dossier_id).where(MatchingKey.key.in_(keys))).all()
    members: dict[str, list[int]] = defaultdict(list)
    for key, dossier_id in rows:
        members[key].append(dossier_id)
    # A shared rare key (a phone) counts more than a shared common one (a
    # surname in a postal code): rank by the sum of 1 / block size.
    rank: dict[int, float] = defaultdict(float)
    for ids in members.values():
        if len(ids) > SEARCH_MAX_BLOCK:
            continue
        for dossier_id in ids:
            rank[dossier_id] += 1.0 / len(ids)
    return sorted(rank, key=lambda d: (-rank[d], d))


def _load_families(session: Session, dossier_ids: list[int]) -> dict[int, FamilyFeatures]:
    query = (
        select(*PERSON_COLUMNS, Dossier.number)
        .join(Dossier, Dossier.id == Person.dossier_id)
        .where(Person.dossier_id.in_(dossier_ids))
        .order_by(Person.dossier_id, Person.id)
    )
    persons: dict[int, list] = defaultdict(list)
    numbers: dict[int, str] = {}
    for row in session.execute(query):
        persons[row.dossier_id].append(row)
        numbers[row.dossier_id] = row.number
    return {
        dossier_id: family_features(FamilyProfile.from_persons(numbers[dossier_id], rows))
        for dossier_id, rows in persons.items()
    }


_TOTAL_CACHE: dict[int, tuple[float, int]] = {}
_TOTAL_TTL = 60.0


def _dossier_total(session: Session) -> int:
    """Registry size, cached a minute: it only scales the surname shares."""
    engine_id = id(session.get_bind())
    now = time.monotonic()
    cached = _TOTAL_CACHE.get(engine_id)
    if cached and now - cached[0] < _TOTAL_TTL:
        return cached[1]
    total = session.scalar(select(func.count(Dossier.id))) or 0
    _TOTAL_CACHE[engine_id] = (now, total)
    return total


def _surname_shares(session: Session, families: list[FamilyFeatures], total: int):
    surnames = sorted({adult.last for family in families for adult in family.adults if adult.last})
    keys = {stat_key(s): s for s in surnames}
    counts: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys)[start : start + 500]
        query = select(MatchingKey.key, func.count()).where(MatchingKey.key.in_(chunk)).group_by(MatchingKey.key)
        counts.update({keys[key]: count for key, count in session.execute(query)})
    total = max(total, 1)

    def share(surname: str) -> float | None:
        if total < MIN_FAMILIES_FOR_FREQUENCIES:
            return None
        count = counts.get(surname)
        return count / total if count else None

    return share
