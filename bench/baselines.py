"""Baselines for the duplicate benchmark: recordlinkage and splink on the same file.

``python -m bench.baselines {recordlinkage,splink} FILE.csv OUT.csv``

Both read the import file through the bridge's own reader and see one flat
row per dossier, lightly cleaned the way their tutorials do (lower case,
no accents, phone digits only): first adult's and second adult's names,
children's first names and birth dates, phone, e-mail, address, postal code,
town. They write ``numero_dossier_a;numero_dossier_b;score`` like
``find-duplicates``.
"""

from __future__ import annotations

import csv
import logging
import re
import sys
from pathlib import Path

import pandas as pd

from dossier_bridge.names import fold
from dossier_bridge.registry.csv_format import read_dossier_file

COLUMNS = [
    "unique_id", "last", "first", "dob", "last2", "first2", "children_first", "child1_first", "child1_date",
    "children_dates", "phone", "email", "address", "postcode", "town",
]


def flat_frame(path: Path) -> pd.DataFrame:
    rows = []
    for record in read_dossier_file(path):
        adults = [p for p in record.persons if p.role == "responsable"]
        children = sorted((p for p in record.persons if p.role == "enfant"), key=lambda p: p.birth_date or 0)
        first_adult = adults[0]
        second = adults[1] if len(adults) > 1 else None
        phones = [re.sub(r"\D", "", p.phone) for p in adults if p.phone]
        emails = [p.email.lower() for p in adults if p.email]
        rows.append(
            {
                "unique_id": record.number,
                "last": fold(first_adult.last_name) or None,
                "first": fold(first_adult.first_name) or None,
                "dob": first_adult.birth_date.isoformat() if first_adult.birth_date else None,
                "last2": fold(second.last_name) if second else None,
                "first2": fold(second.first_name) if second else None,
                "children_first": " ".join(sorted(fold(c.first_name) for c in children)) or None,
                "child1_first": fold(children[0].first_name) if children else None,
                "child1_date": children[0].birth_date.isoformat() if children and children[0].birth_date else None,
                "children_dates": " ".join(c.birth_date.isoformat() for c in children if c.birth_date) or None,
                "phone": phones[0] if phones else None,
                "email": emails[0] if emails else None,
                "address": fold(first_adult.address) or None,
                "postcode": first_adult.postal_code,
                "town": fold(first_adult.town) or None,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def run_recordlinkage(frame: pd.DataFrame) -> list[tuple[str, str, float]]:
    """Sorted neighbourhood on the surname, Jaro-Winkler comparisons, ECM (unsupervised)."""
    import recordlinkage as rl

    frame = frame.set_index("unique_id")
    indexer = rl.Index()
    indexer.sortedneighbourhood("last", window=9)
    candidates = indexer.index(frame)
    compare = rl.Compare()
    for column in ("last", "first", "first2", "children_first", "address", "town"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    for column in ("child1_date", "phone", "email", "postcode"):
        compare.exact(column, column, label=column)
    compare.string("dob", "dob", method="levenshtein", threshold=0.85, label="dob")
    features = compare.compute(candidates, frame)
    classifier = rl.ECMClassifier(binarize=None)
    matches = classifier.fit_predict(features)
    probabilities = classifier.prob(features.loc[matches]) if len(matches) else []
    return [(str(a), str(b), float(p)) for (a, b), p in zip(matches, probabilities)]


def run_splink(frame: pd.DataFrame) -> list[tuple[str, str, float]]:
    """Splink 4/5 on DuckDB, trained without labels as its tutorials do."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("last"),
            cl.NameComparison("first"),
            cl.NameComparison("first2"),
            cl.LevenshteinAtThresholds("dob", [1, 2]),
            cl.JaroWinklerAtThresholds("children_first", [0.9, 0.8]),
            cl.ExactMatch("children_dates"),
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.8]),
            cl.ExactMatch("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("last", "first"),
            block_on("phone"),
            block_on("email"),
            block_on("child1_date"),
            block_on("last", "postcode"),
            block_on("dob"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    table = db_api.register(frame)
    linker = Linker(table, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("phone", "last"), block_on("email"), block_on("last", "first", "dob")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    # Each EM session cannot learn the columns it blocks on: three sessions
    # on different columns cover every comparison.
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("last", "first"))
    if frame["child1_date"].notna().any():
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("child1_date"))
    if frame["phone"].notna().any():
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    if frame["dob"].notna().any():
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return [
        (str(row.unique_id_l), str(row.unique_id_r), float(row.match_probability))
        for row in predictions.itertuples()
    ]


def main(argv: list[str]) -> int:
    tool, source, target = argv
    frame = flat_frame(Path(source))
    pairs = {"recordlinkage": run_recordlinkage, "splink": run_splink}[tool](frame)
    pairs.sort(key=lambda p: -p[2])
    with open(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(("numero_dossier_a", "numero_dossier_b", "score"))
        writer.writerows((a, b, f"{s:.4f}") for a, b, s in pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
