"""`dossier-bridge import-dossiers`: imperfect rows imported with warnings, unusable rows listed, bad files refused.

Each fixed file of tests/data/imports holds one kind of imperfection a real
billing export has; every test checks what reached the registry, not only
what was printed.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from dossier_bridge.cli import main
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.models import Dossier, MatchingKey, Person
from dossier_bridge.registry import importer
from dossier_bridge.registry.csv_format import parse_export

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample-dossiers.csv"
FILES = ROOT / "tests" / "data" / "imports"
HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"


@pytest.fixture
def run_cli(database_url, monkeypatch):
    monkeypatch.setenv("BRIDGE_DATABASE_URL", database_url)

    def run(*args: str):
        return CliRunner().invoke(main, list(args))

    return run


def snapshot(url: str) -> list[tuple]:
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        rows = session.execute(
            select(Dossier.number, Person.role, Person.last_name, Person.first_name, Person.birth_date,
                   Person.email, Person.phone, Person.address, Person.postal_code, Person.town, Person.id,
                   Dossier.updated_at, Person.name_as_exported)
            .join(Person).order_by(Person.id)
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def persons(url: str) -> list[tuple]:
    """(number, role, last name, first name, birth date) of every person, in file order."""
    return [row[:5] for row in snapshot(url)]


def count(url: str, model) -> int:
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        value = session.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return value


def test_importing_the_sample_twice_changes_nothing_the_second_time(run_cli, database_url):
    first = run_cli("import-dossiers", str(SAMPLE))
    assert first.exit_code == 0, first.output
    assert "7 created" in first.output
    before = snapshot(database_url)
    second = run_cli("import-dossiers", str(SAMPLE))
    assert second.exit_code == 0, second.output
    assert "dossiers: 0 created, 0 updated, 7 unchanged; 0 changed" in second.output
    assert "persons: 0 created, 0 updated, 21 unchanged" in second.output
    assert snapshot(database_url) == before


def test_a_corrected_export_updates_the_person_in_place(run_cli, database_url, tmp_path):
    run_cli("import-dossiers", str(SAMPLE))
    changed = tmp_path / "changed.csv"
    changed.write_text(SAMPLE.read_text().replace("02 37 11 22 33", "06 00 00 00 01"), encoding="utf-8")
    result = run_cli("import-dossiers", str(changed))
    assert "1 updated" in result.output
    phones = [row[6] for row in snapshot(database_url)]
    assert "06 00 00 00 01" in phones and "02 37 11 22 33" not in phones


def test_a_newer_export_says_which_fields_changed_and_keeps_what_disappeared(run_cli, database_url, tmp_path):
    run_cli("import-dossiers", str(SAMPLE))
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    newer = [line.replace("12/03/2016", "13/03/2016").replace("12 rue du Bourg", "14 rue du Bourg")
             for line in lines if not line.startswith(("104236;", "104239;enfant;ŒUVRARD;Jeanne"))]
    path = tmp_path / "newer.csv"
    path.write_text("\n".join(newer) + "\n", encoding="utf-8")
    before = count(database_url, Person)
    result = run_cli("import-dossiers", str(path))
    assert result.exit_code == 0, result.output
    # Léa's birth date was corrected: she is updated, not created anew.
    assert "persons: 0 created, 4 updated" in result.output
    assert "fields changed: adresse 4, date_naissance 1" in result.output
    assert "kept although absent from the file: 1 dossier, 1 person" in result.output
    assert "104236" in result.output
    assert count(database_url, Person) == before
    lea = [p for p in persons(database_url) if p[3] == "Léa"]
    assert lea == [("104233", "enfant", "LEFEVRE", "Léa", dt.date(2016, 3, 13))]


def test_a_structurally_broken_file_reports_the_line_and_changes_nothing(run_cli, database_url, tmp_path):
    run_cli("import-dossiers", str(SAMPLE))
    before = snapshot(database_url)
    broken = tmp_path / "broken.csv"
    broken.write_text(HEADER + "\n" + "200001;responsable;DURAND\n" * 3 + "200002;responsable;MARTIN;Paul;;;;;;\n",
                      encoding="utf-8")
    result = run_cli("import-dossiers", str(broken))
    assert result.exit_code == 1
    assert "line 2: 3 of 4 rows do not have 10 fields" in result.output
    assert "nothing was imported" in result.output
    assert snapshot(database_url) == before


def test_a_missing_file_is_a_clear_error(run_cli):
    result = run_cli("import-dossiers", "/nonexistent/dossiers.csv")
    assert result.exit_code == 2
    assert "no such file" in result.output


# -- one fixed file per imperfection ----------------------------------------

MARCH_12 = dt.date(2016, 3, 12)

CASES = {
    "nom_complet.csv": (
        {(2, "name_split"), (4, "name_split"), (5, "name_split")},
        [("300001", "responsable", "Fournier", "Sophie", dt.date(1986, 5, 14)),
         ("300001", "enfant", "FOURNIER", "Léa", MARCH_12),
         ("300002", "responsable", "DE LA FONTAINE", "Marie-Hélène", dt.date(1979, 9, 9)),
         ("300003", "responsable", "Bernard", "Thomas", dt.date(1984, 9, 2)),
         ("300003", "enfant", "BERNARD", "Hugo", dt.date(2018, 11, 30))],
    ),
    "prenom_manquant.csv": (
        {(2, "missing_first_name"), (4, "missing_first_name")},
        [("300011", "responsable", "MARTIN", "", dt.date(1982, 10, 11)),
         ("300011", "enfant", "MARTIN", "Inès", dt.date(2014, 2, 19)),
         ("300012", "responsable", "LE GALL", "", None)],
    ),
    "dates.csv": (
        {(4, "date_interpreted"), (5, "impossible_birth_date"), (6, "missing_birth_date"),
         (7, "impossible_birth_date"), (8, "foreign_digits"), (9, "unreadable_birth_date")},
        [("300021", "responsable", "PETIT", "Julie", dt.date(1986, 5, 14)),
         ("300021", "enfant", "PETIT", "Emma", dt.date(2016, 3, 1)),
         ("300021", "enfant", "PETIT", "Jules", dt.date(2016, 3, 9)),
         ("300021", "enfant", "PETIT", "Zoé", None),
         ("300021", "enfant", "PETIT", "Noé", None),
         ("300021", "enfant", "PETIT", "Lina", None),
         ("300021", "enfant", "PETIT", "Rose", dt.date(2019, 4, 3)),
         ("300021", "enfant", "PETIT", "Paul", None)],
    ),
    "enfants_seuls.csv": (
        {(2, "no_adult")},
        [("300031", "enfant", "ROUX", "Adam", dt.date(2017, 8, 8)),
         ("300031", "enfant", "ROUX", "Eva", dt.date(2019, 1, 21)),
         ("300032", "enfant", "MOREAU", "Jade", dt.date(2015, 7, 5)),
         ("300032", "responsable", "MOREAU", "Claire", dt.date(1990, 12, 25))],
    ),
    "doublons.csv": (
        {(4, "same_person_twice"), (6, "duplicate_line")},
        [("300041", "responsable", "GARNIER", "Élodie", dt.date(1983, 7, 13)),
         ("300041", "enfant", "GARNIER", "Matteo", dt.date(2016, 5, 26)),
         ("300041", "enfant", "GARNIER", "Zoé", dt.date(2013, 12, 1))],
    ),
    "zeros_perdus.csv": (
        {(2, "phone_zero_restored"), (2, "postal_code_zero_restored"), (3, "postal_code_zero_restored")},
        [("300051", "responsable", "BLANC", "Nadia", dt.date(1985, 6, 3)),
         ("300051", "enfant", "BLANC", "Yanis", dt.date(2019, 4, 14))],
    ),
    "telephones_courriels.csv": (
        {(3, "email_spaces"), (4, "invalid_email"), (6, "invalid_phone")},
        [("300061", "responsable", "GIRARD", "Pierre", dt.date(1980, 2, 2)),
         ("300061", "responsable", "GIRARD", "Anne", dt.date(1982, 3, 3)),
         ("300062", "responsable", "LEROY", "Marc", dt.date(1978, 4, 4)),
         ("300063", "responsable", "MEYER", "Sarah", dt.date(1985, 5, 5)),
         ("300064", "responsable", "KLEIN", "Tom", dt.date(1986, 6, 6))],
    ),
    "casse.csv": (
        set(),
        [("300071", "responsable", "Dupont", "Jean-Pierre", dt.date(1984, 9, 2)),
         ("300071", "responsable", "DUPONT", "Camille", dt.date(1986, 5, 14)),
         ("300071", "enfant", "Dupont", "Léa", MARCH_12)],
    ),
    "colonnes_vides.csv": (
        set(),
        [("300081", "responsable", "FAURE", "Lucie", dt.date(1986, 5, 14)),
         ("300081", "enfant", "FAURE", "Louis", MARCH_12)],
    ),
    "guillemets.csv": (
        set(),
        [("300091", "responsable", "LEMAIRE", "Anne", dt.date(1986, 5, 14)),
         ("300091", "enfant", "LEMAIRE", "Tom", MARCH_12),
         ("300092", "responsable", "D'ALMEIDA", 'José "Zé"', dt.date(1980, 1, 1))],
    ),
    "lignes_inutilisables.csv": (
        {(3, "no_name"), (4, "no_dossier_number"), (5, "bad_dossier_number")},
        [("300101", "responsable", "VIDAL", "Marc", dt.date(1980, 1, 1)),
         ("300102", "responsable", "ROGER", "Inès", dt.date(1983, 1, 1))],
    ),
    "windows-1252.csv": (
        set(),
        [("300111", "responsable", "LEFÈVRE", "Hélène", dt.date(1986, 5, 14)),
         ("300111", "responsable", "ŒUVRARD", "Benoît", dt.date(1981, 2, 6)),
         ("300111", "enfant", "LEFÈVRE", "Zoé", dt.date(2013, 12, 1)),
         ("300111", "enfant", "LEFÈVRE", "Maëlys", dt.date(2020, 9, 15))],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_imperfect_file_imports_the_right_rows_with_the_right_warnings(name, run_cli, database_url):
    expected_findings, expected_persons = CASES[name]
    result = run_cli("import-dossiers", str(FILES / name))
    assert result.exit_code == 0, result.output
    reported = {(int(line.split(":")[1].split()[1]), kind) for line in result.stderr.splitlines()
                if ": line " in line for kind in [_kind_of(line)]}
    assert {(line, _severity(kind)) for line, kind in expected_findings} == reported
    read = parse_export((FILES / name).read_bytes()).report
    assert {(f.line, f.kind) for f in read.findings} == expected_findings
    assert persons(database_url) == expected_persons


def _severity(kind: str) -> str:
    return "skipped" if kind in ("no_name", "no_dossier_number", "bad_dossier_number") else "warning"


def _kind_of(console_line: str) -> str:
    return console_line.split(": line ", 1)[1].split(": ")[1]


@pytest.mark.parametrize("name", sorted(CASES))
def test_importing_each_file_again_reports_0_changed(name, run_cli, database_url):
    run_cli("import-dossiers", str(FILES / name))
    before = snapshot(database_url)
    again = run_cli("import-dossiers", str(FILES / name))
    assert again.exit_code == 0
    assert "; 0 changed;" in again.output and " 0 updated" in again.output
    assert snapshot(database_url) == before


def test_nothing_is_lost_every_row_is_imported_merged_or_listed(run_cli, database_url):
    rows = 0
    for name in sorted(CASES):
        rows += sum(1 for _ in csv.reader((FILES / name).open(encoding="cp1252" if "1252" in name else "utf-8"),
                                          delimiter=";")) - 1
    listed = 0
    for name in sorted(CASES):
        result = run_cli("import-dossiers", str(FILES / name))
        listed += sum(1 for line in result.stderr.splitlines()
                      if ": skipped: " in line or "same as line" in line or "is already listed on line" in line)
    assert count(database_url, Person) + listed == rows


def test_a_windows_1252_file_keeps_its_accents_and_says_its_encoding(run_cli, database_url):
    result = run_cli("import-dossiers", str(FILES / "windows-1252.csv"))
    assert "(Windows-1252)" in result.output
    stored = snapshot(database_url)
    assert {row[2] for row in stored} == {"LEFÈVRE", "ŒUVRARD"}
    assert {row[7] for row in stored} == {"12 rue de l'Étang"} and {row[9] for row in stored} == {"Lèves"}


def test_split_names_keep_the_original_and_zeros_are_restored(run_cli, database_url):
    run_cli("import-dossiers", str(FILES / "nom_complet.csv"))
    run_cli("import-dossiers", str(FILES / "zeros_perdus.csv"))
    rows = {(r[0], r[3]): r for r in snapshot(database_url)}
    assert rows[("300001", "Sophie")][12] == "Fournier Sophie"
    assert rows[("300001", "Léa")][12] is None
    assert rows[("300051", "Nadia")][6] == "06 12 34 56 78" and rows[("300051", "Nadia")][8] == "01000"


def test_phones_and_emails_in_any_form_are_stored_one_way(run_cli, database_url):
    run_cli("import-dossiers", str(FILES / "telephones_courriels.csv"))
    rows = {r[3]: r for r in snapshot(database_url)}
    assert (rows["Pierre"][5], rows["Pierre"][6]) == ("pierre.girard@example.org", "06 11 22 33 44")
    assert (rows["Anne"][5], rows["Anne"][6]) == ("anne.girard@example.org", "02 37 11 22 33")
    assert (rows["Marc"][5], rows["Marc"][6]) == (None, "06 98 76 54 32")
    assert rows["Sarah"][6] == "07 65 43 21 09" and rows["Tom"][6] is None


def test_quoted_separators_and_line_breaks_stay_inside_their_field(run_cli, database_url):
    run_cli("import-dossiers", str(FILES / "guillemets.csv"))
    addresses = {r[3]: r[7] for r in snapshot(database_url)}
    assert addresses["Anne"] == "12 rue du Bourg; bâtiment B"
    assert addresses["Tom"] == "Résidence les Tilleuls 12 rue du Bourg"


def test_imported_dossiers_get_their_duplicate_detection_keys(run_cli, database_url):
    run_cli("import-dossiers", str(SAMPLE))
    assert count(database_url, MatchingKey) > 7 * 3


# -- strict mode and the report file -----------------------------------------

def test_strict_refuses_a_file_with_any_warning_and_changes_nothing(run_cli, database_url):
    result = run_cli("import-dossiers", "--strict", str(FILES / "prenom_manquant.csv"))
    assert result.exit_code == 1
    assert "line 2: warning: no prenom for 'MARTIN'" in result.output
    assert "refused (warnings in strict mode); nothing was imported" in result.output
    assert count(database_url, Dossier) == 0


def test_strict_accepts_a_clean_file_and_reformatting_alone(run_cli, database_url):
    assert run_cli("import-dossiers", "--strict", str(SAMPLE)).exit_code == 0
    assert run_cli("import-dossiers", "--strict", str(FILES / "casse.csv")).exit_code == 0
    assert count(database_url, Dossier) == 8


def test_dry_run_counts_and_changes_nothing(run_cli, database_url):
    result = run_cli("import-dossiers", "--dry-run", str(SAMPLE))
    assert result.exit_code == 0
    assert "7 created" in result.output and "(dry run)" in result.output
    assert count(database_url, Dossier) == 0


def test_the_report_file_is_a_french_spreadsheet_table_with_every_finding(run_cli, tmp_path):
    target = tmp_path / "rapport.csv"
    result = run_cli("import-dossiers", "--report", str(target), str(FILES / "dates.csv"))
    assert result.exit_code == 0
    rows = list(csv.reader(target.open(encoding="utf-8-sig"), delimiter=";"))
    assert rows[0] == ["ligne", "gravité", "type", "colonne", "valeur lue", "valeur retenue", "message"]
    summary = {row[2]: row[4] for row in rows if row[1] == "Résumé"}
    assert summary["Lignes lues"] == "8" and summary["Dossiers créés"] == "1"
    lines = [row for row in rows if row[0] == "5"]
    assert lines == [["5", "Avertissement", "Date de naissance impossible", "date_naissance", "31/02/2018", "",
                      "Date de naissance « 31/02/2018 » impossible (inexistante, future ou avant 1900) : importé "
                      "sans date."]]


# -- hostile and broken content ----------------------------------------------

def test_a_field_longer_than_the_csv_limit_gets_a_line_not_a_traceback(run_cli, database_url, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(f"{HEADER}\n300201;responsable;VIDAL;Marc;;;;{'x' * 131_073};28000;Chartres\n"
                    f"300201;enfant;{'Y' * 131_073};Léo;12/03/2016;;;;;\n"
                    "300202;responsable;ROGER;Inès;;;;;;\n", encoding="utf-8")
    result = run_cli("import-dossiers", str(path))
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "line 2: warning: adresse longer than 200 characters: left out" in result.output
    assert "line 3: skipped: nom longer than 100 characters: row skipped" in result.output
    assert [p[3] for p in persons(database_url)] == ["Marc", "Inès"]


def test_nul_bytes_invisible_characters_and_other_digits_are_cleaned_and_named(run_cli, database_url, tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_bytes((f"{HEADER}\n300301;responsable;DU\x00RAND;Paul;;;;;;\n"
                      "300301;responsable;\u202eDNARUD;L\u200béa;;;;;٢٨٠٠٠;Chartres\n").encode("utf-8"))
    result = run_cli("import-dossiers", str(path))
    assert result.exit_code == 0, result.output
    assert "line 2: warning: NUL bytes removed" in result.output
    assert "line 3: warning: nom: invisible or control characters removed" in result.output
    assert "line 3: warning: code_postal '٢٨٠٠٠' uses digits of another script, read as '28000'" in result.output
    rows = snapshot(database_url)
    assert [(r[2], r[3], r[8]) for r in rows] == [("DURAND", "Paul", None), ("DNARUD", "Léa", "28000")]


@pytest.mark.parametrize("content", [
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00xl/workbook.xml",
    bytes(range(256)) * 50,
    b"nom;prenom;telephone\nDURAND;Paul;0612345678\n",
    (HEADER + '\n300401;responsable;"DURAND;Paul;;;;;;\n300402;responsable;MARTIN;Léa;;;;;;\n').encode(),
])
def test_a_file_that_is_no_register_changes_nothing(content, run_cli, database_url, tmp_path):
    run_cli("import-dossiers", str(SAMPLE))
    before = snapshot(database_url)
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run_cli("import-dossiers", str(path))
    assert result.exit_code == 1
    assert "bad.csv: line " in result.output and "nothing was imported" in result.output
    assert snapshot(database_url) == before


def test_an_import_failing_half_way_leaves_the_registry_as_it_was(run_cli, database_url, monkeypatch):
    run_cli("import-dossiers", str(FILES / "casse.csv"))
    before = snapshot(database_url)

    def broken_index(*_args, **_kwargs):
        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT INTO matching_key", {}, Exception("disk full"))

    monkeypatch.setattr(importer, "replace_keys", broken_index)
    result = run_cli("import-dossiers", str(SAMPLE))
    assert result.exit_code == 1
    assert "the database refused the import (OperationalError" in result.output
    assert "nothing was imported" in result.output
    assert snapshot(database_url) == before
