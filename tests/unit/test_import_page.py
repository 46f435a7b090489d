"""The staff import page: upload, a dry run that changes nothing, confirmation, the import, the history."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dossier_bridge.app import create_app
from dossier_bridge.config import Settings
from dossier_bridge.models import Dossier, ImportJob, ImportStatus, Person
from dossier_bridge.registry import import_jobs
from dossier_bridge.web.context import services

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample-dossiers.csv"
FILES = ROOT / "tests" / "data" / "imports"


@pytest.fixture
def app(database_url):
    return create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url, "BRIDGE_API_SECRET": "s"}))


@pytest.fixture
def staff(app, sign_in_staff):
    client = app.test_client()
    sign_in_staff(client, username="agent.demo")
    return client


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def token(client, path="/review/import/") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def upload(client, path: Path, name: str | None = None):
    return client.post("/review/import/", data={"csrf_token": token(client),
                                                "fichier": (io.BytesIO(path.read_bytes()), name or path.name)},
                       content_type="multipart/form-data")


def work(app) -> None:
    """What the worker does: run every waiting job."""
    while import_jobs.run_next(services(app).sessions) is not None:
        pass


def count(app, model) -> int:
    with services(app).sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def job_id_of(answer) -> int:
    return int(re.search(r"/review/import/(\d+)", answer.headers["Location"]).group(1))


def test_a_dry_run_shows_the_report_and_changes_nothing(app, staff):
    answer = upload(staff, FILES / "dates.csv")
    assert answer.status_code == 303
    job_id = job_id_of(answer)
    waiting = staff.get(f"/review/import/{job_id}?suivre=1")
    assert "Analyse en attente" in text(waiting)
    assert waiting.headers["Refresh"] == "3"
    work(app)
    page = text(staff.get(f"/review/import/{job_id}"))
    assert "Analyse terminée" in page and "Rien n'a encore été modifié" in page
    assert "Date de naissance impossible" in page and "31/02/2018" in page
    assert "Importer ces données" in page
    assert count(app, Dossier) == 0 and count(app, Person) == 0
    assert "Refresh" not in staff.get(f"/review/import/{job_id}?suivre=1").headers


def test_confirming_imports_and_records_who_and_when(app, staff):
    job_id = job_id_of(upload(staff, SAMPLE))
    work(app)
    confirm = staff.post(f"/review/import/{job_id}/confirmer", data={"csrf_token": token(staff, f"/review/import/{job_id}")})
    assert confirm.status_code == 303
    work(app)
    page = text(staff.get(f"/review/import/{job_id}"))
    assert "Import terminé" in page
    assert count(app, Dossier) == 7 and count(app, Person) == 21
    with services(app).sessions() as session:
        job = session.get(ImportJob, job_id)
        assert (job.status, job.staff_username, job.confirmed_by) == (ImportStatus.IMPORTED, "agent.demo", "agent.demo")
        assert job.content is None and job.confirmed_at is not None
    history = text(staff.get("/review/import/"))
    assert "sample-dossiers.csv" in history and "Importé" in history and "agent.demo" in history


def test_the_same_file_again_reports_0_changed(app, staff):
    for _ in range(2):
        job_id = job_id_of(upload(staff, SAMPLE))
        work(app)
        staff.post(f"/review/import/{job_id}/confirmer", data={"csrf_token": token(staff, f"/review/import/{job_id}")})
        work(app)
    with services(app).sessions() as session:
        report = import_jobs.report_of(session.get(ImportJob, job_id))
    assert report.changes.changed == 0 and report.changes.persons_unchanged == 21
    assert re.search(r"Dossiers modifiés</th>\s*<td>0</td>", text(staff.get(f"/review/import/{job_id}")))


def test_a_file_that_is_no_register_is_refused_with_its_line(app, staff, tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("nom;adresse\nDURAND;1 rue X\n", encoding="utf-8")
    job_id = job_id_of(upload(staff, bad))
    work(app)
    page = text(staff.get(f"/review/import/{job_id}"))
    assert "ne peut pas être lu comme un export de dossiers" in page
    assert "Ligne 1 :" in page and "En-tête non reconnu" in page
    assert "Importer ces données" not in page


def test_cancelling_drops_the_file_and_imports_nothing(app, staff):
    job_id = job_id_of(upload(staff, SAMPLE))
    work(app)
    staff.post(f"/review/import/{job_id}/annuler", data={"csrf_token": token(staff, f"/review/import/{job_id}")})
    again = staff.post(f"/review/import/{job_id}/confirmer", data={"csrf_token": token(staff)})
    assert again.status_code == 409
    work(app)
    assert count(app, Dossier) == 0
    with services(app).sessions() as session:
        assert session.get(ImportJob, job_id).content is None


def test_a_spreadsheet_export_in_windows_1252_says_its_encoding_and_keeps_its_accents(app, staff):
    job_id = job_id_of(upload(staff, FILES / "windows-1252.csv"))
    work(app)
    page = text(staff.get(f"/review/import/{job_id}"))
    assert re.search(r"Encodage détecté</th>\s*<td>Windows-1252</td>", page)
    rows = list(csv.reader(io.StringIO(staff.get(f"/review/import/{job_id}/rapport.csv").get_data(as_text=True)
                                       .lstrip("\ufeff")), delimiter=";"))
    assert ["", "Résumé", "Encodage détecté", "", "Windows-1252", "", ""] in rows
    staff.post(f"/review/import/{job_id}/confirmer", data={"csrf_token": token(staff, f"/review/import/{job_id}")})
    work(app)
    with services(app).sessions() as session:
        names = set(session.execute(select(Person.last_name, Person.first_name, Person.town)).all())
    assert ("ŒUVRARD", "Benoît", "Lèves") in names and ("LEFÈVRE", "Maëlys", "Lèves") in names


def test_the_csv_report_is_downloadable_and_formula_safe(app, staff, tmp_path):
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(SAMPLE.read_text(encoding="utf-8") + '104240;responsable;=HYPERLINK("x");Léa;;;;;;\n',
                       encoding="utf-8")
    job_id = job_id_of(upload(staff, hostile))
    work(app)
    answer = staff.get(f"/review/import/{job_id}/rapport.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "ligne"
    cells = [c for row in rows for c in row]
    assert "'=HYPERLINK(\"x\")" in cells and not any(c.startswith("=") for c in cells)


def test_upload_errors_are_french_and_change_nothing(app, staff, tmp_path):
    no_file = staff.post("/review/import/", data={"csrf_token": token(staff)}, content_type="multipart/form-data")
    assert no_file.status_code == 422 and "Choisissez un fichier" in text(no_file)
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    answer = upload(staff, empty)
    assert answer.status_code == 422 and "Ce fichier est vide" in text(answer)
    assert count(app, ImportJob) == 0


def test_a_whole_city_sized_file_is_accepted_and_a_bigger_one_refused_in_french(app, staff, tmp_path, monkeypatch):
    rows = [SAMPLE.read_text(encoding="utf-8").splitlines()[0]]
    rows += [f"{700000 + i};responsable;DURAND;Paul;01/02/1980;;;3 rue Nicole;28000;Chartres" for i in range(20_000)]
    big = tmp_path / "export-ville.csv"
    big.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert big.stat().st_size > 1_000_000  # far above the other forms' limit
    answer = upload(staff, big)
    assert answer.status_code == 303
    monkeypatch.setattr(import_jobs, "MAX_FILE_BYTES", 100_000)
    refused = upload(staff, big)
    assert refused.status_code == 413 and "Le fichier dépasse" in text(refused)
    assert count(app, ImportJob) == 1


def test_the_page_is_for_staff_only(app, sign_in_staff):
    anonymous = app.test_client()
    assert anonymous.get("/review/import/").status_code == 302
    staff = app.test_client()
    sign_in_staff(staff, username="agent.demo")
    job_id = job_id_of(upload(staff, SAMPLE))
    work(app)
    family = app.test_client()
    sign_in_staff(family, roles=["default-roles-portail-famille"], username="famille")
    for path in ("/review/import/", f"/review/import/{job_id}", f"/review/import/{job_id}/rapport.csv"):
        answer = family.get(path)
        assert answer.status_code == 403 and "sample-dossiers" not in text(answer)
    # Without the form token check in the way, the role alone refuses the actions.
    app.config["WTF_CSRF_ENABLED"] = False
    for path in (f"/review/import/{job_id}/confirmer", f"/review/import/{job_id}/annuler"):
        assert family.post(path).status_code == 403
    assert family.post("/review/import/", data={"fichier": (io.BytesIO(SAMPLE.read_bytes()), "x.csv")},
                       content_type="multipart/form-data").status_code == 403
    with services(app).sessions() as session:
        assert session.get(ImportJob, job_id).status == ImportStatus.ANALYSED
    assert count(app, ImportJob) == 1 and count(app, Dossier) == 0


def test_a_form_without_its_token_changes_nothing(app, staff):
    job_id = job_id_of(upload(staff, SAMPLE))
    work(app)
    assert staff.post(f"/review/import/{job_id}/confirmer").status_code == 400
    assert staff.post("/review/import/", data={"fichier": (io.BytesIO(SAMPLE.read_bytes()), "x.csv")},
                      content_type="multipart/form-data").status_code == 400
    work(app)
    assert count(app, Dossier) == 0 and count(app, ImportJob) == 1


def test_progress_is_shown_while_the_worker_runs(app, staff, monkeypatch):
    job_id = job_id_of(upload(staff, SAMPLE))
    seen: list[str] = []
    real = import_jobs._Progress.__call__

    def watching(self, phase, done, total):
        real(self, phase, done, total)
        seen.append(text(staff.get(f"/review/import/{job_id}?suivre=1")))

    monkeypatch.setattr(import_jobs._Progress, "__call__", watching)
    monkeypatch.setattr(import_jobs, "PROGRESS_EVERY_SECONDS", 0.0)
    work(app)
    assert any("Analyse en cours" in page and "<progress" in page and "Arrêter l'actualisation" in page
               for page in seen)


def test_a_worker_that_died_leaves_the_job_to_another(app, staff):
    job_id = job_id_of(upload(staff, SAMPLE))
    from sqlalchemy import update

    import datetime as dt

    with services(app).sessions.begin() as session:
        session.execute(update(ImportJob).where(ImportJob.id == job_id).values(
            status=ImportStatus.ANALYSING, updated_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)))
    work(app)
    with services(app).sessions() as session:
        assert session.get(ImportJob, job_id).status == ImportStatus.ANALYSED
