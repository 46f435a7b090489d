"""Learn the engine's m/u probabilities from a labelled training file.

``python -m bench.calibrate TRAIN.csv TRUTH.csv [--out CONFIG.json]``, or
``python -m bench.calibrate --dossiers 20000 --seed 11`` to generate the
training file first. Each feature's comparison levels are counted: ``m``
among the true pairs, ``u`` among random pairs of different families (the
usual Fellegi–Sunter practice: u measured on blocked pairs would be skewed
by the blocking itself, which brings together exactly the families that
agree on something), add-one smoothing. The output is a ``MATCHING_CONFIG``
file; nothing is adjusted by hand afterwards. The benchmark trains every
tool on the same training file and labels, then freezes them.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from bench.generator import generate, write_dataset
from bench.metrics import read_pairs
from dossier_bridge.matching.compare import compare
from dossier_bridge.matching.dedup import SurnameShares
from dossier_bridge.matching.features import family_features
from dossier_bridge.matching.profile import FamilyProfile
from dossier_bridge.matching.weights import DEFAULT_LEVELS, MatchingConfig
from dossier_bridge.registry.csv_format import read_dossier_file


def calibrate(csv_path: Path, truth_path: Path, seed: int = 11, random_pairs: int = 1_000_000) -> dict:
    records = read_dossier_file(csv_path)
    true_pairs = read_pairs(truth_path)
    families = [family_features(FamilyProfile.from_record(r)) for r in records]
    config = MatchingConfig()
    shares = SurnameShares.of(families)
    index = {f.number: i for i, f in enumerate(families)}
    rng = random.Random(seed)
    pairs = [(index[a], index[b]) for a, b in sorted(true_pairs) if a in index and b in index]
    pairs += [tuple(rng.sample(range(len(families)), 2)) for _ in range(random_pairs)]  # type: ignore[misc]
    counts: dict[bool, dict[str, Counter]] = {True: defaultdict(Counter), False: defaultdict(Counter)}
    same_name_shares: list[float] = []
    for i, j in pairs:
        a, b = families[i], families[j]
        is_match = tuple(sorted((a.number or "", b.number or ""))) in true_pairs
        comparison = compare(a, b, config, shares)
        for feature, level in comparison.levels.items():
            counts[is_match][feature][level] += 1
        if not is_match and comparison.levels.get("adult") == "same" and comparison.surname_share:
            same_name_shares.append(comparison.surname_share)
    levels: dict[str, dict[str, list[float]]] = {}
    for feature, known in DEFAULT_LEVELS.items():
        names = list(known)
        levels[feature] = {
            level: [round(_smoothed(counts[True][feature], level, names), 6),
                    round(_smoothed(counts[False][feature], level, names), 7)]
            for level in names
        }
    # The second adults are compared only once the first ones agree: their u
    # is counted on false pairs whose adults share a name, not on random
    # pairs (which would count the shared surname twice).
    conditional: Counter = Counter()
    for i, j in _same_name_pairs(families, rng):
        a, b = families[i], families[j]
        if tuple(sorted((a.number or "", b.number or ""))) not in true_pairs:
            conditional[compare(a, b, config, shares).levels.get("other_adult")] += 1
    names = list(DEFAULT_LEVELS["other_adult"])
    for level in names:
        levels["other_adult"][level][1] = round(_smoothed(conditional, level, names), 7)
    reference = math.exp(sum(map(math.log, same_name_shares)) / len(same_name_shares)) if same_name_shares else None
    return {
        "levels": levels,
        "duplicate_rate": round(len(true_pairs) * 2 / len(families), 4),
        "surname_reference_share": round(reference, 6) if reference else config.surname_reference_share,
    }


def _same_name_pairs(families, rng: random.Random, limit: int = 200_000) -> list[tuple[int, int]]:
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, family in enumerate(families):
        for adult in family.adults:
            if adult.first_code and adult.last:
                blocks[(adult.first_code, adult.last)].append(index)
    pairs = [p for members in blocks.values() for p in combinations(members[:50], 2) if p[0] != p[1]]
    rng.shuffle(pairs)
    return pairs[:limit]


def _smoothed(counter: Counter, level: str, names: list[str]) -> float:
    # "na" levels are left out: they weigh nothing by construction.
    total = sum(counter[n] for n in names)
    return (counter[level] + 1) / (total + len(names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Learn the engine's m/u probabilities from labelled data.")
    parser.add_argument("csv", type=Path, nargs="?", help="training file in the import format")
    parser.add_argument("truth", type=Path, nargs="?", help="its true pairs (numero_dossier_a;numero_dossier_b)")
    parser.add_argument("--dossiers", type=int, default=20_000, help="generate a training file of this size")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--random-pairs", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=None, help="write the MATCHING_CONFIG file here")
    args = parser.parse_args(argv)
    if args.csv is None:
        directory = Path(tempfile.mkdtemp(prefix="calibrate-"))
        args.csv, args.truth = write_dataset(generate(args.dossiers, args.seed), directory, "training")
    config = calibrate(args.csv, args.truth, args.seed, args.random_pairs)
    text = json.dumps(config, indent=1, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
