"""Likely duplicate pairs among many families: an import file or the registry.

Families sharing a blocking key are compared, all others are not; a key
shared by too many families is skipped (it would cost quadratically and
says little), the others still bring those families together.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from dossier_bridge.matching.blocking import blocking_keys, is_weak
from dossier_bridge.matching.features import FamilyFeatures, family_features
from dossier_bridge.matching.profile import FamilyProfile, NumberedPersons
from dossier_bridge.matching.compare import compare
from dossier_bridge.matching.scoring import PairScore, match_weight, score_pair
from dossier_bridge.matching.weights import MatchingConfig


@dataclass(frozen=True)
class DuplicatePair:
    number_a: str
    number_b: str
    score: float
    detail: PairScore

    def reasons(self) -> list[str]:
        return self.detail.reasons()


# Below this many families, name frequencies say nothing reliable.
MIN_FAMILIES_FOR_FREQUENCIES = 500
# Below this many, the duplicate rate is not re-estimated from the file.
MIN_FAMILIES_FOR_PRIOR = 1000


class SurnameShares:
    """Share of the families bearing each surname, counted once per family."""

    def __init__(self, counts: Counter[str], total: int):
        self._counts = counts
        self._total = max(total, 1)

    @classmethod
    def of(cls, families: Sequence[FamilyFeatures]) -> "SurnameShares":
        counts: Counter[str] = Counter()
        for family in families:
            counts.update({adult.last for adult in family.adults if adult.last})
        return cls(counts, len(families))

    def __call__(self, surname: str) -> float | None:
        if self._total < MIN_FAMILIES_FOR_FREQUENCIES:
            return None
        count = self._counts.get(surname)
        return count / self._total if count else None


def candidate_pairs(
    keys_by_family: Iterable[Iterable[str]], max_block_size: int, max_weak_block_size: int | None = None
) -> set[tuple[int, int]]:
    weak_limit = max_block_size if max_weak_block_size is None else max_weak_block_size
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keys_by_family):
        for key in keys:
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if len(members) < 2 or len(members) > (weak_limit if is_weak(key) else max_block_size):
            continue
        for position, first in enumerate(members):
            for second in members[position + 1 :]:
                pairs.add((first, second))
    return pairs


def find_duplicate_pairs(
    families: Sequence[FamilyFeatures],
    config: MatchingConfig | None = None,
    min_score: float | None = None,
    keys: Sequence[Iterable[str]] | None = None,
) -> list[DuplicatePair]:
    """Pairs scoring at least ``min_score`` (default: the configured threshold), most likely first."""
    config = config or MatchingConfig()
    threshold = config.threshold if min_score is None else min_score
    shares = SurnameShares.of(families)
    keys = keys if keys is not None else [blocking_keys(f) for f in families]
    pairs = sorted(candidate_pairs(keys, config.max_block_size, config.max_weak_block_size))
    context = _ScoringContext(families, config, shares)
    weighted = _score_all(context, pairs)
    rate = estimate_duplicate_rate(weighted, len(families), config) if config.estimate_prior else config.duplicate_rate
    prior = config.prior_log2_odds(len(families), rate)
    found: list[DuplicatePair] = []
    for i, j, weight in weighted:
        if config.probability(weight, prior) < threshold:
            continue
        a, b = families[i], families[j]
        scored = score_pair(a, b, config, shares, prior)
        first, second = sorted((a.number or "", b.number or ""))
        found.append(DuplicatePair(first, second, scored.score, scored))
    found.sort(key=lambda p: (-p.score, p.number_a, p.number_b))
    return found


def estimate_duplicate_rate(weighted: Sequence[tuple[int, int, float]], population: int, config: MatchingConfig) -> float:
    """How many other dossiers of its family a dossier has, learned from the file itself.

    The prior is the one parameter that differs most from one file to the
    next (a clean export against a merge of two systems), and the weights
    alone tell it: the expected number of true pairs is the sum of the
    pairs' probabilities, which in turn depend on the prior. A few rounds of
    this fixed point (the E and M steps of EM for the prior alone) settle it.
    """
    rate = config.duplicate_rate
    # A small file says too little about its own duplicate rate.
    if population < MIN_FAMILIES_FOR_PRIOR or not weighted:
        return rate
    weights = [w for _, _, w in weighted]
    for _ in range(30):
        prior = config.prior_log2_odds(population, rate)
        expected = sum(config.probability(w, prior) for w in weights)
        new_rate = min(max(2.0 * expected / population, config.min_duplicate_rate), config.max_duplicate_rate)
        if abs(new_rate - rate) < 1e-4 * rate:
            return new_rate
        rate = new_rate
    return rate


# Pairs weighing less than this cannot reach any useful probability (the
# prior odds are far below one): they are dropped at once.
_WEIGHT_FLOOR = 0.0


@dataclass(frozen=True)
class _ScoringContext:
    families: Sequence[FamilyFeatures]
    config: MatchingConfig
    shares: SurnameShares

    def keep(self, pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int, float]]:
        kept = []
        for i, j in pairs:
            a, b = self.families[i], self.families[j]
            if a.number == b.number:
                continue
            weight = match_weight(compare(a, b, self.config, self.shares), self.config)
            if weight >= _WEIGHT_FLOOR:
                kept.append((i, j, weight))
        return kept


# Below this many pairs, starting worker processes costs more than it saves.
_PARALLEL_FROM = 100_000
_context: _ScoringContext | None = None


def _keep_chunk(chunk: Sequence[tuple[int, int]]) -> list[tuple[int, int, float]]:
    assert _context is not None
    return _context.keep(chunk)


def _score_all(context: _ScoringContext, pairs: list[tuple[int, int]]) -> list[tuple[int, int, float]]:
    """(i, j, match weight) of the pairs worth keeping; on several cores when there are many.

    Workers are forked so that they share the parsed families without
    pickling them; they send back only the few pairs kept.
    """
    # The cores this process may run on (a container or taskset may allow fewer than the machine has).
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8)
    if len(pairs) < _PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return context.keep(pairs)
    global _context
    _context = context
    try:
        size = max(1, len(pairs) // (workers * 4))
        chunks = [pairs[start : start + size] for start in range(0, len(pairs), size)]
        with mp.get_context("fork").Pool(workers) as pool:
            return [pair for kept in pool.imap_unordered(_keep_chunk, chunks) for pair in kept]
    finally:
        _context = None


def families_of(records: Iterable[NumberedPersons]) -> list[FamilyFeatures]:
    """The comparison features of an import file's dossiers."""
    return [family_features(FamilyProfile.from_record(r)) for r in records]


def duplicates_in_records(
    records: Sequence[NumberedPersons], config: MatchingConfig | None = None, min_score: float | None = None
) -> list[DuplicatePair]:
    return find_duplicate_pairs(families_of(records), config, min_score)
