"""`dossier-bridge import-dossiers`: idempotent, and all-or-nothing on a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from dossier_bridge.cli import main
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.models import Dossier, Person

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-dossiers.csv"
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
                   Dossier.updated_at)
            .join(Person).order_by(Person.id)
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_importing_the_sample_twice_changes_nothing_the_second_time(run_cli, database_url):
    first = run_cli("import-dossiers", str(SAMPLE))
    assert first.exit_code == 0, first.output
    assert "7 dossiers created" in first.output
    before = snapshot(database_url)
    second = run_cli("import-dossiers", str(SAMPLE))
    assert second.exit_code == 0, second.output
    assert "0 dossiers created, 0 persons created, 0 updated, 21 unchanged" in second.output
    assert snapshot(database_url) == before


def test_a_corrected_export_updates_the_person_in_place(run_cli, database_url, tmp_path):
    run_cli("import-dossiers", str(SAMPLE))
    changed = tmp_path / "changed.csv"
    changed.write_text(SAMPLE.read_text().replace("02 37 11 22 33", "06 00 00 00 01"), encoding="utf-8")
    result = run_cli("import-dossiers", str(changed))
    assert "1 updated" in result.output
    phones = [row[6] for row in snapshot(database_url)]
    assert "06 00 00 00 01" in phones and "02 37 11 22 33" not in phones


def test_a_broken_file_reports_the_line_and_imports_nothing(run_cli, database_url, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text(
        HEADER + "\n"
        "200001;responsable;DURAND;Paul;;;;;;\n"
        "200001;enfant;DURAND;Max;31/13/2015;;;;;\n",
        encoding="utf-8",
    )
    result = run_cli("import-dossiers", str(broken))
    assert result.exit_code == 1
    assert "line 3: date_naissance '31/13/2015' is not a calendar date" in result.output
    assert "nothing was imported" in result.output
    engine = make_engine(database_url)
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0
    engine.dispose()


def test_a_missing_file_is_a_clear_error(run_cli):
    result = run_cli("import-dossiers", "/nonexistent/dossiers.csv")
    assert result.exit_code == 2
    assert "no such file" in result.output
