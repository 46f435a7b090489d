"""Fellegi–Sunter parameters of the engine and how to override them.

For each feature, each comparison level has ``m`` (how often a true
duplicate pair shows that level) and ``u`` (how often two different families
brought together by blocking show it). A level adds ``log2(m / u)`` to the
pair's match weight; the weight plus the prior gives the probability shown
to staff as the score.

The defaults were learned by ``python -m bench.calibrate`` on the seeded
French benchmark set (counted on labelled blocked pairs, with add-one
smoothing), then rounded. To change them without touching the code, point
``MATCHING_CONFIG`` at a JSON file holding any subset of
``MatchingConfig``'s fields, for instance
``{"threshold": 0.6, "levels": {"phone": {"same": [0.7, 0.001]}}}``.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field, fields, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

# feature -> level -> (m, u). A level absent here (e.g. "na") weighs nothing.
DEFAULT_LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "adult": {
        "same": (0.80, 0.02),
        "swapped": (0.03, 0.0005),
        "close": (0.10, 0.01),
        "first_only": (0.04, 0.03),
        "last_only": (0.02, 0.35),
        "none": (0.01, 0.59),
    },
    "other_adult": {
        "match": (0.75, 0.02),
        "first_only": (0.10, 0.05),
        "last_only": (0.03, 0.20),
        "none": (0.12, 0.73),
    },
    "children": {
        "many": (0.55, 0.0005),
        "one": (0.35, 0.003),
        "slip": (0.07, 0.002),
        "none": (0.03, 0.99),
    },
    "phone": {"same": (0.70, 0.005), "different": (0.30, 0.995)},
    "email": {"same": (0.60, 0.003), "different": (0.40, 0.997)},
    "address": {
        "same": (0.70, 0.01),
        "same_street": (0.03, 0.03),
        "same_town": (0.17, 0.50),
        "different": (0.10, 0.46),
    },
}


@dataclass(frozen=True)
class MatchingConfig:
    levels: dict[str, dict[str, tuple[float, float]]] = field(default_factory=lambda: DEFAULT_LEVELS)
    # Prior odds (log2) that a blocked pair is a duplicate, before any evidence.
    prior_log2_odds: float = -4.0
    # find-duplicates and the registry report list pairs from this score on.
    threshold: float = 0.5
    # The review screen shows candidates from this score on (staff decide).
    search_min_score: float = 0.01
    # A blocking key shared by more families than this brings no candidate:
    # it says little (a very common name in a big town) and costs quadratically.
    max_block_size: int = 100
    # The same for weak keys (a first and last name, an address).
    max_weak_block_size: int = 20
    # The surname share (dossiers bearing it / all dossiers) at which the
    # learned weights apply unchanged; rarer names weigh more, commoner less.
    surname_reference_share: float = 0.002
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

    def probability(self, match_weight: float) -> float:
        return 1.0 / (1.0 + 2.0 ** -(match_weight + self.prior_log2_odds))

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


@lru_cache(maxsize=4)
def _load(path: str) -> MatchingConfig:
    return MatchingConfig.from_mapping(json.loads(Path(path).read_text(encoding="utf-8")))


def default_config() -> MatchingConfig:
    """The built-in settings, or those of the JSON file named by MATCHING_CONFIG."""
    path = os.environ.get("MATCHING_CONFIG")
    return _load(path) if path else MatchingConfig()
