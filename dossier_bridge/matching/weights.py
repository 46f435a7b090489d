"""Fellegi–Sunter parameters of the engine and how to override them.

For each feature, each comparison level has ``m`` (how often a true
duplicate pair shows that level) and ``u`` (how often two different families
brought together by blocking show it). A level adds ``log2(m / u)`` to the
pair's match weight; the weight plus the prior gives the probability shown
to staff as the score.

The defaults were learned by ``python -m bench.calibrate`` (50,000 generated
French dossiers, seed 11, distinct from the benchmark's seeds; ``m`` counted
on the true pairs, ``u`` on 1.5 million random pairs, add-one smoothing),
then rounded. The weights are therefore those of any pair of dossiers, and
the prior is that of any pair: the score is the probability that the two
dossiers are one family, whatever the blocking did. Where the
generator is kinder than life, ``m`` was floored by hand and marked so: a
real family changes phone or e-mail, or is registered under a mother's
birth name, more often than the generator makes it, and a learned ``m`` near
zero would make one such change veto an otherwise certain match. To change them without touching the code, point
``MATCHING_CONFIG`` at a JSON file holding any subset of
``MatchingConfig``'s fields, for instance
``{"threshold": 0.6, "levels": {"phone": {"same": [0.7, 0.001]}}}``
(read with the rest of the configuration, in ``config.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Any

# feature -> level -> (m, u). A level absent here (e.g. "na") weighs nothing.
DEFAULT_LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "adult": {
        "same": (0.83, 0.000058),
        "swapped": (0.12, 0.00001),  # u floored: never seen among random pairs
        "close": (0.023, 0.00003),
        "fuzzy": (0.05, 0.0003),  # m raised: hand-typed registers slip twice in a name
        # m raised from the learned 0.011 and 0.013: a mother under her birth
        # name in one dossier, or the father alone in one dossier and the
        # mother alone in the other, are everyday cases the generator
        # underplays (checked on FEBRL 3/4, which the defaults never saw).
        "first_only": (0.05, 0.026),
        "last_only": (0.10, 0.0059),
        "none": (0.01, 0.968),  # m floored
    },
    # u conditional on the first adults agreeing: counted on false pairs that
    # share a first and last name key (a random pair would count the shared
    # surname twice, once here and once in "adult").
    "other_adult": {
        "match": (0.82, 0.0022),
        "first_only": (0.15, 0.0063),
        "last_only": (0.0125, 0.227),
        "none": (0.0174, 0.764),
    },
    # Billing exports seldom give adults' birth dates and the generator makes
    # none: set by hand (u of "same" is one day in 40 years of births).
    "adult_birth": {
        "same": (0.90, 0.00007),
        "close": (0.07, 0.0005),
        "different": (0.03, 0.9994),
    },
    "children": {
        "many": (0.505, 0.000001),
        "one": (0.423, 0.000013),
        "slip": (0.07, 0.000225),
        "none": (0.005, 0.9998),  # m floored
    },
    "phone": {"same": (0.80, 0.00001), "different": (0.20, 0.99999)},  # m and u floored
    "email": {"same": (0.80, 0.00001), "different": (0.20, 0.99999)},  # m and u floored
    "address": {
        # u raised from the learned 0.000041: in blocks of flats, whose
        # address lines rarely carry a flat number, many families share one.
        "same": (0.81, 0.0002),
        "same_street": (0.03, 0.0037),  # m floored: a mistyped house number
        "same_town": (0.045, 0.233),
        "different": (0.143, 0.763),
    },
}


@dataclass(frozen=True)
class MatchingConfig:
    levels: dict[str, dict[str, tuple[float, float]]] = field(default_factory=lambda: DEFAULT_LEVELS)
    # Prior: how many other dossiers of the same family a dossier has, on
    # average, in an import file or the registry (learned: 0.108). The prior
    # odds of one pair are this rate over the number of other dossiers.
    duplicate_rate: float = 0.108
    # find-duplicates and the registry report re-estimate that rate from the
    # data itself (see dedup.estimate_duplicate_rate), within these bounds.
    estimate_prior: bool = True
    min_duplicate_rate: float = 0.001
    max_duplicate_rate: float = 5.0
    # The same for a family request typed at sign-up: the share of families
    # without a dossier number that are in the registry nevertheless.
    request_known_rate: float = 0.3
    # find-duplicates and the registry report list pairs from this score on.
    threshold: float = 0.5
    # The review screen shows candidates from this score on (staff decide).
    search_min_score: float = 0.01
    # A blocking key shared by more families than this brings no candidate:
    # it says little (a very common name in a big town) and costs quadratically.
    max_block_size: int = 100
    # The same for weak keys (a first and last name, an address).
    max_weak_block_size: int = 10
    # The surname share (dossiers bearing it / all dossiers) at which the
    # learned weights apply unchanged; rarer names weigh more, commoner less.
    surname_reference_share: float = 0.0043
    surname_adjustment_bounds: tuple[float, float] = (-3.0, 4.0)

    def weight(self, feature: str, level: str) -> float:
        return self._weights.get((feature, level), 0.0)

    @cached_property
    def _weights(self) -> dict[tuple[str, str], float]:
        return {
            (feature, level): math.log2(m / u)
            for feature, levels in self.levels.items()
            for level, (m, u) in levels.items()
        }

    def surname_adjustment(self, share: float | None) -> float:
        if not share:
            return 0.0
        low, high = self.surname_adjustment_bounds
        return max(low, min(high, math.log2(self.surname_reference_share / share)))

    def prior_log2_odds(self, population: int, rate: float | None = None) -> float:
        """Odds that two dossiers drawn among ``population`` are one family."""
        share = (self.duplicate_rate if rate is None else rate) / max(population - 1, 1)
        share = min(share, 0.5)
        return math.log2(share / (1.0 - share))

    def probability(self, match_weight: float, prior_log2_odds: float) -> float:
        exponent = -(match_weight + prior_log2_odds)
        if exponent > 1000:
            return 0.0
        return 1.0 / (1.0 + 2.0**exponent)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> "MatchingConfig":
        base = cls()
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown matching settings: {', '.join(sorted(unknown))}")
        changes = {k: v for k, v in data.items() if k != "levels"}
        if "surname_adjustment_bounds" in changes:
            changes["surname_adjustment_bounds"] = tuple(changes["surname_adjustment_bounds"])
        levels = {feature: dict(values) for feature, values in base.levels.items()}
        for feature, values in (data.get("levels") or {}).items():
            if feature not in levels:
                raise ValueError(f"unknown matching feature {feature!r}")
            for level, pair in values.items():
                m, u = (float(x) for x in pair)
                if not (0 < m <= 1 and 0 < u <= 1):
                    raise ValueError(f"{feature}.{level}: m and u must be in ]0, 1]")
                levels[feature][level] = (m, u)
        return replace(base, levels=levels, **changes)
