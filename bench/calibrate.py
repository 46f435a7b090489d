"""Learn the engine's m/u probabilities from labelled generated data.

``python -m bench.calibrate [--dossiers 30000] [--seed 11]`` generates a
French set with a seed distinct from the benchmark's and counts each
feature's comparison levels: ``m`` among the true pairs, ``u`` among random
pairs of different families (as in the usual Fellegi–Sunter practice: u
measured on blocked pairs would be skewed by the blocking itself, which
brings together exactly the families that agree on something). It prints
the ``levels``/``duplicate_rate``/``surname_reference_share`` settings as
JSON, ready for ``MATCHING_CONFIG`` or for ``weights.DEFAULT_LEVELS``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter, defaultdict

from bench.generator import generate
from dossier_bridge.matching.compare import compare
from dossier_bridge.matching.dedup import SurnameShares
from dossier_bridge.matching.features import family_features
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.matching.weights import DEFAULT_LEVELS, MatchingConfig
from dossier_bridge.registry.csv_format import HEADER, parse_dossier_bytes


def calibrate(dossiers: int, seed: int, random_pairs: int = 2_000_000) -> dict:
    data = generate(dossiers, seed)
    text = ";".join(HEADER) + "\n" + "\n".join(";".join(row) for row in data.rows) + "\n"
    records = parse_dossier_bytes(text.encode("utf-8"))
    families = [family_features(FamilyProfile.from_record(r)) for r in records]
    config = MatchingConfig()
    shares = SurnameShares.of(families)
    index = {f.number: i for i, f in enumerate(families)}
    rng = random.Random(seed)
    pairs = [(index[a], index[b]) for a, b in sorted(data.true_pairs)]
    pairs += [tuple(rng.sample(range(len(families)), 2)) for _ in range(random_pairs)]  # type: ignore[misc]
    counts = {True: defaultdict(Counter), False: defaultdict(Counter)}
    totals = Counter()
    same_name_shares: list[float] = []
    for i, j in pairs:
        a, b = families[i], families[j]
        is_match = tuple(sorted((a.number, b.number))) in data.true_pairs
        totals[is_match] += 1
        comparison = compare(a, b, config, shares)
        for feature, level in comparison.levels.items():
            counts[is_match][feature][level] += 1
        if not is_match and comparison.levels.get("adult") == "same" and comparison.surname_share:
            same_name_shares.append(comparison.surname_share)
    levels: dict[str, dict[str, list[float]]] = {}
    for feature, known in DEFAULT_LEVELS.items():
        names = list(known)
        levels[feature] = {}
        for level in names:
            m = _smoothed(counts[True][feature], level, names)
            u = _smoothed(counts[False][feature], level, names)
            levels[feature][level] = [round(m, 5), round(u, 6)]
    reference = math.exp(sum(map(math.log, same_name_shares)) / len(same_name_shares)) if same_name_shares else None
    all_pairs = len(families) * (len(families) - 1) // 2
    return {
        "levels": levels,
        "duplicate_rate": round(len(data.true_pairs) * 2 / len(families), 4),
        "_prior_log2_odds": round(math.log2(len(data.true_pairs) / (all_pairs - len(data.true_pairs))), 3),
        "surname_reference_share": round(reference, 5) if reference else config.surname_reference_share,
        "_pairs_counted": {"true": totals[True], "random": totals[False]},
    }


def _smoothed(counter: Counter, level: str, names: list[str]) -> float:
    # "na" levels are left out: they weigh nothing by construction.
    total = sum(counter[n] for n in names)
    return (counter[level] + 1) / (total + len(names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Learn m/u probabilities from generated data.")
    parser.add_argument("--dossiers", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--random-pairs", type=int, default=2_000_000)
    args = parser.parse_args(argv)
    print(json.dumps(calibrate(args.dossiers, args.seed, args.random_pairs), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
