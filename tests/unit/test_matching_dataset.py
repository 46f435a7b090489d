"""The fixed French dataset with known pairs, and the find-duplicates contract."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier_bridge.cli import main
from dossier_bridge.matching.dedup import duplicates_in_records
from dossier_bridge.registry.csv_format import read_dossier_file

DATA = Path(__file__).resolve().parents[1] / "data"
FAMILIES = DATA / "matching_families.csv"


def true_pairs() -> set[tuple[str, str]]:
    with (DATA / "matching_families.truth.csv").open(encoding="utf-8") as source:
        rows = list(csv.reader(source, delimiter=";"))[1:]
    return {tuple(sorted(row[:2])) for row in rows}  # type: ignore[misc]


def test_precision_and_recall_floors_on_the_fixed_french_dataset():
    truth = true_pairs()
    found = {(p.number_a, p.number_b) for p in duplicates_in_records(read_dossier_file(FAMILIES))}
    hits = len(found & truth)
    assert hits / len(truth) >= 0.95, f"recall {hits}/{len(truth)}; missed {sorted(truth - found)}"
    assert hits / max(len(found), 1) >= 0.90, f"precision {hits}/{len(found)}; extra {sorted(found - truth)}"


def test_every_true_pair_outranks_every_hard_negative():
    truth = true_pairs()
    pairs = duplicates_in_records(read_dossier_file(FAMILIES), min_score=0.0)
    lowest_true = min(p.score for p in pairs if (p.number_a, p.number_b) in truth)
    highest_false = max(p.score for p in pairs if (p.number_a, p.number_b) not in truth)
    assert lowest_true > highest_false


@pytest.fixture
def run(monkeypatch, tmp_path):
    # No database is configured: find-duplicates must not need one.
    monkeypatch.delenv("BRIDGE_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(main, ["find-duplicates", *args])

    return invoke


def test_find_duplicates_prints_the_contract_csv_most_likely_first(run):
    result = run(str(FAMILIES))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "numero_dossier_a;numero_dossier_b;score"
    rows = [line.split(";") for line in lines[1:]]
    scores = [float(r[2]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert {tuple(sorted(r[:2])) for r in rows} >= true_pairs()
    assert all(len(r) == 3 for r in rows)


def test_find_duplicates_accepts_commas_and_a_bom(run, tmp_path):
    text = FAMILIES.read_text(encoding="utf-8").replace(";", ",")
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run(str(path))
    assert result.exit_code == 0
    assert "200101;200102;" in result.stdout


def test_imperfect_rows_are_listed_with_their_line_and_the_search_still_runs(run, tmp_path):
    lines = FAMILIES.read_text(encoding="utf-8").splitlines()
    assert "12/03/2016" in lines[3] and ";enfant;" in lines[6]
    lines[3] = lines[3].replace("12/03/2016", "31/02/2016")
    lines[6] = lines[6].replace(";enfant;", ";parent-ou-enfant;")
    path = tmp_path / "imperfect.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.stderr
    assert "line 4: warning:" in result.stderr and "date_naissance" in result.stderr
    assert "line 7: warning:" in result.stderr and "role" in result.stderr
    assert {tuple(sorted(line.split(";")[:2])) for line in result.stdout.splitlines()[1:]} >= true_pairs()


def test_a_dossier_without_first_names_still_takes_part(run, tmp_path):
    rows = [line.split(";") for line in FAMILIES.read_text(encoding="utf-8").splitlines()]
    pair = sorted(true_pairs())[0]
    for row in rows[1:]:
        if row[0] == pair[0]:
            row[3] = ""  # every first name of one dossier of a true pair lost
    path = tmp_path / "no-first-names.csv"
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0
    assert "missing" in result.stderr or "no prenom" in result.stderr
    assert f"{pair[0]};{pair[1]};" in result.stdout


def test_hostile_content_gets_a_line_not_a_traceback(run, tmp_path):
    lines = FAMILIES.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(";")
    fields[7] = "x" * 131_073  # beyond the csv module's field limit
    lines[1] = ";".join(fields)
    lines[2] = lines[2].replace(";", "\x00;", 1)
    path = tmp_path / "hostile.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "line 2: warning: adresse longer than" in result.stderr
    assert "line 3: warning: NUL bytes removed" in result.stderr
    assert {tuple(sorted(line.split(";")[:2])) for line in result.stdout.splitlines()[1:]} >= true_pairs()


def test_a_file_that_is_no_register_gets_line_numbered_errors_and_a_failure_status(run, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("nom;adresse\nDUPONT;12 rue X\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert "line 1: no recognisable header" in result.stderr
    assert "numero_dossier_a" not in result.stdout


def test_a_missing_file_fails_clearly(run, tmp_path):
    result = run(str(tmp_path / "absent.csv"))
    assert result.exit_code != 0
    assert "no such file" in result.stderr


def test_output_is_plain_csv_readable_by_a_spreadsheet(run):
    result = run(str(FAMILIES))
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=";"))
    assert rows and set(rows[0]) == {"numero_dossier_a", "numero_dossier_b", "score"}
