"""recordlinkage and splink on the duplicate benchmark, configured as their documentation advises.

``python -m bench.baselines TOOL train MODE TRAIN.csv TRUTH.csv MODEL``
``python -m bench.baselines TOOL predict MODEL EVAL.csv OUT.csv``

TOOL is ``splink`` or ``recordlinkage``; MODE is ``labels`` (trained with
the training file's true pairs, as the bridge's engine is) or
``unsupervised`` (EM / ECM, no labels, as their tutorials start). A model is
trained once on the training file, saved, and applied unchanged to every
evaluation file: no evaluation set is looked at before the weights are
frozen. The cores a tool may use come from ``BENCH_CORES`` (the runner also
pins the process to them).

Both read the file through the bridge's own reader and get the same
normalised values the bridge's engine compares: folded names (accents,
case, hyphens, particles), phones as ten national digits (+33, 0033, a
dropped zero), e-mails without case or dots, postal codes, towns, house
number and street name; every adult, every child (first names and birth
dates as lists), every phone and e-mail. Output: every scored pair with its
probability, ``numero_dossier_a;numero_dossier_b;score`` (pairs from 0.01, for
the precision-recall curves; 0.5 is the decision threshold, as for the bridge).
"""

from __future__ import annotations

import csv
import logging
import os
import pickle
import sys
from pathlib import Path

import pandas as pd

from dossier_bridge.matching.normalise import address_key, email_key, phone_key, postal_code_key, town_key
from dossier_bridge.matching.phonetic import phonetic_code
from dossier_bridge.names import fold, fold_compact
from dossier_bridge.registry.csv_format import read_dossier_file

MIN_SCORE = 0.01


def cores() -> int:
    return int(os.environ.get("BENCH_CORES") or os.cpu_count() or 1)


def flat_frame(path: Path) -> pd.DataFrame:
    """One row per dossier, the bridge's normalised values."""
    rows = []
    for record in read_dossier_file(path):
        adults = [p for p in record.persons if p.role == "responsable"]
        children = sorted((p for p in record.persons if p.role == "enfant"), key=lambda p: (p.birth_date is None, p.birth_date or 0))
        first = adults[0] if adults else None
        second = adults[1] if len(adults) > 1 else None
        phones = sorted({k for k in (phone_key(p.phone) for p in adults) if k})
        emails = sorted({k for k in (email_key(p.email) for p in adults) if k})
        home = next((p for p in record.persons if p.address or p.postal_code or p.town), None)
        number, street = address_key(home.address if home else None)
        child_firsts = sorted({fold_compact(c.first_name) for c in children if c.first_name})
        child_dates = sorted({c.birth_date.isoformat() for c in children if c.birth_date})
        rows.append({
            "unique_id": record.number,
            "surname": fold_compact(first.last_name) if first else None,
            "first_name": fold_compact(first.first_name) if first else None,
            "surname_2": fold_compact(second.last_name) if second else None,
            "first_name_2": fold_compact(second.first_name) if second else None,
            "dob": first.birth_date if first and first.birth_date else None,
            "adult_names": sorted({f"{fold_compact(a.first_name)} {fold_compact(a.last_name)}" for a in adults}) or None,
            "adult_surnames": sorted({fold_compact(a.last_name) for a in adults if a.last_name}) or None,
            "children_first": child_firsts or None,
            "children_dob": child_dates or None,
            "child1_first": fold_compact(children[0].first_name) if children else None,
            "child1_code": phonetic_code(fold_compact(children[0].first_name)) if children else None,
            "child1_dob": children[0].birth_date.isoformat() if children and children[0].birth_date else None,
            "children_first_text": " ".join(child_firsts) or None,
            "children_dob_text": " ".join(child_dates) or None,
            "phones": phones or None,
            "phone": phones[0] if phones else None,
            "phone_2": phones[1] if len(phones) > 1 else None,
            "emails": emails or None,
            "email": emails[0] if emails else None,
            # Sorted-neighbourhood keys: the name two ways, so a slip at either end stays near.
            "name_key": f"{fold_compact(first.last_name)} {fold_compact(first.first_name)}" if first else None,
            "name_key_2": f"{fold_compact(first.first_name)} {fold_compact(first.last_name)}" if first else None,
            "address": f"{number} {street}".strip() or None,
            "postcode": postal_code_key(home.postal_code) if home else None,
            "town": town_key(home.town) if home else None,
        })
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].where(frame[column].astype(bool), None)
    return frame


def family_ids(frame: pd.DataFrame, truth: Path) -> pd.Series:
    """A family identifier per dossier from the true pairs (connected components)."""
    parent = {n: n for n in frame["unique_id"]}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in _truth_pairs(truth):
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    return frame["unique_id"].map(root)


def _truth_pairs(truth: Path) -> list[tuple[str, str]]:
    with truth.open(encoding="utf-8") as source:
        reader = csv.reader(source, delimiter=";")
        next(reader, None)
        return [(row[0], row[1]) for row in reader if len(row) >= 2]


# -- splink -----------------------------------------------------------------

def splink_settings():
    """Comparisons and blocking as splink's documentation builds them for people."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.ArrayIntersectAtSizes("adult_names", [2]),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.ArrayIntersectAtSizes("children_first", [2, 1]),
            cl.ArrayIntersectAtSizes("children_dob", [2, 1]),
            cl.ArrayIntersectAtSizes("phones", [1]),
            cl.ArrayIntersectAtSizes("emails", [1]),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.88]),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "first_name"),
            block_on("adult_surnames", arrays_to_explode=["adult_surnames"]),
            block_on("phones", arrays_to_explode=["phones"]),
            block_on("emails", arrays_to_explode=["emails"]),
            block_on("children_dob", arrays_to_explode=["children_dob"]),
            block_on("address", "postcode"),
            block_on("dob"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _splink_linker(frame: pd.DataFrame, settings):
    import duckdb
    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    connection = duckdb.connect()
    connection.execute(f"SET threads TO {cores()}")
    db_api = DuckDBAPI(connection=connection)
    return Linker(db_api.register(frame), settings, log_level=logging.WARNING)


def _deterministic_rules():
    from splink import block_on

    return [block_on("phones", arrays_to_explode=["phones"]), block_on("emails", arrays_to_explode=["emails"]),
            block_on("surname", "first_name", "dob")]


def train_splink(mode: str, frame: pd.DataFrame, truth: Path, model: Path) -> None:
    from splink import block_on

    if mode == "labels":
        frame = frame.assign(family_id=family_ids(frame, truth))
    linker = _splink_linker(frame, splink_settings())
    linker.training.estimate_probability_two_random_records_match(_deterministic_rules(), recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    if mode == "labels":
        linker.training.estimate_m_from_label_column("family_id")
    else:
        # Each EM session cannot learn the columns it blocks on: several
        # sessions on different columns cover every comparison.
        for rule in (block_on("surname", "first_name"), block_on("phone"), block_on("child1_dob"),
                     block_on("address", "postcode")):
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
    linker.misc.save_model_to_json(str(model), overwrite=True)


def predict_splink(model: Path, frame: pd.DataFrame) -> list[tuple[str, str, float]]:
    import json

    linker = _splink_linker(frame, json.loads(model.read_text(encoding="utf-8")))
    # The share of duplicates differs from file to file; splink estimates it
    # from the file itself, without labels (the bridge does the same).
    linker.training.estimate_probability_two_random_records_match(_deterministic_rules(), recall=0.7)
    predictions = linker.inference.predict(threshold_match_probability=MIN_SCORE).as_pandas_dataframe()
    return [(str(r.unique_id_l), str(r.unique_id_r), float(r.match_probability)) for r in predictions.itertuples()]


# -- recordlinkage ----------------------------------------------------------

def _rl_candidates(frame: pd.DataFrame):
    """Several blocking passes, joined: the indexing recordlinkage's guide advises for large files."""
    import recordlinkage as rl

    indexer = rl.Index()
    for columns in (["surname", "first_name"], ["phone"], ["email"], ["child1_dob", "child1_code"],
                    ["address", "postcode"], ["surname", "dob"], ["surname", "postcode"]):
        indexer.block(columns)
    indexer.block(left_on="phone", right_on="phone_2")
    indexer.block(left_on="surname", right_on="surname_2")
    # Typing slips in names: sorted neighbourhood on the whole name, not on
    # the surname alone (every MARTIN would meet every MARTIN).
    indexer.sortedneighbourhood("name_key", window=5)
    indexer.sortedneighbourhood("name_key_2", window=5)
    indexed = frame.set_index("unique_id")
    return indexer.index(indexed), indexed


def _rl_features(frame: pd.DataFrame):
    import recordlinkage as rl

    candidates, indexed = _rl_candidates(frame)
    compare = rl.Compare(n_jobs=cores())
    for column in ("surname", "first_name", "surname_2", "first_name_2", "address", "town"):
        compare.string(column, column, method="jarowinkler", threshold=0.88, label=column)
    compare.string("surname", "surname_2", method="jarowinkler", threshold=0.88, label="surname_x")
    compare.string("children_first_text", "children_first_text", method="jarowinkler", threshold=0.85,
                   label="children_first")
    compare.string("children_dob_text", "children_dob_text", method="levenshtein", threshold=0.85,
                   label="children_dob")
    for column in ("dob", "child1_dob", "phone", "email", "postcode"):
        compare.exact(column, column, label=column)
    compare.exact("phone", "phone_2", label="phone_x")
    return compare.compute(candidates, indexed)


def train_recordlinkage(mode: str, frame: pd.DataFrame, truth: Path, model: Path) -> None:
    import recordlinkage as rl

    features = _rl_features(frame)
    if mode == "labels":
        truth_pairs = {tuple(sorted(p)) for p in _truth_pairs(truth)}
        matches = pd.MultiIndex.from_tuples([p for p in features.index if tuple(sorted(p)) in truth_pairs])
        # The supervised twin of the ECM model the guide starts with.
        classifier = rl.NaiveBayesClassifier(binarize=None)
        classifier.fit(features, matches)
    else:
        classifier = rl.ECMClassifier(binarize=None)
        classifier.fit(features)
    with model.open("wb") as out:
        pickle.dump(classifier, out)


def predict_recordlinkage(model: Path, frame: pd.DataFrame) -> list[tuple[str, str, float]]:
    with model.open("rb") as source:
        classifier = pickle.load(source)
    features = _rl_features(frame)
    if features.empty:
        return []
    probabilities = classifier.prob(features)
    return [(str(a), str(b), float(p)) for (a, b), p in probabilities.items() if p >= MIN_SCORE]


TOOLS = {
    "splink": (train_splink, predict_splink),
    "recordlinkage": (train_recordlinkage, predict_recordlinkage),
}


def write_scored(pairs: list[tuple[str, str, float]], target: Path) -> None:
    pairs = sorted(pairs, key=lambda p: -p[2])
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(("numero_dossier_a", "numero_dossier_b", "score"))
        writer.writerows((a, b, f"{s:.6f}") for a, b, s in pairs)


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    for name in ("splink", "recordlinkage"):
        logging.getLogger(name).setLevel(logging.WARNING)
    tool, action, *rest = argv
    train, predict = TOOLS[tool]
    if action == "train":
        mode, source, truth, model = rest
        train(mode, flat_frame(Path(source)), Path(truth), Path(model))
    else:
        model, source, target = rest
        write_scored(predict(Path(model), flat_frame(Path(source))), Path(target))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
