"""/accessibilite states what the audit grid says, in the form the law sets; it cannot drift from the grid."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from dossier_bridge.accessibility.audit import load
from dossier_bridge.accessibility.statement import result
from dossier_bridge.app import create_app
from dossier_bridge.config import Settings

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "docs" / "accessibility"
THEME_MESSAGES = ROOT / "themes" / "portail-famille" / "login" / "messages"


def page_text(html: str) -> str:
    main = html[html.index("<main"):html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")


def statement(database_url: str, audit_dir: Path, lang: str = "fr", **env: str) -> str:
    app = create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url,
                                        "BRIDGE_ACCESSIBILITY_AUDIT_DIR": str(audit_dir), **env}))
    answer = app.test_client().get(f"/accessibilite?lang={lang}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def with_one_failure(tmp_path: Path) -> Path:
    folder = tmp_path / "accessibility"
    shutil.copytree(AUDIT, folder)
    with (folder / "grid.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    for row in rows:
        if row["criterion"] == "8.6" and row["page"] == "aide":
            row.update(status="NC", note="Le titre de la page d'aide ne dit pas de quelle aide il s'agit.")
    with (folder / "grid.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_the_statement_gives_the_rate_level_sample_date_contact_and_recourse_from_the_grid(database_url):
    outcome = result(load(AUDIT))
    text = page_text(statement(database_url, AUDIT))
    level = {"totale": "totalement conforme", "partielle": "partiellement conforme", "non": "non conforme"}[outcome.level]
    assert f"est {level} avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.2" in text
    assert f"{outcome.respected} critères respectés sur {outcome.applicable} critères applicables" in text
    assert re.search(r"révèle que : ?[\d,]+ % des critères|révèle que [\d,]+ % des critères", text)
    for page in load(AUDIT).pages:
        assert page.name_fr in text, page.id
    assert "Cette déclaration a été établie le 29 novembre 2026" in text
    assert "portail-famille@ville-chartres.example" in text
    assert "Défenseur des droits" in text and "Libre réponse 71120, 75342 Paris CEDEX 07" in text
    assert "axe-core" in text and "W3C Nu HTML Checker" in text


def test_a_non_conformity_in_the_grid_appears_with_its_reason_and_lowers_the_rate(database_url, tmp_path):
    html = statement(database_url, with_one_failure(tmp_path))
    text = page_text(html)
    outcome = result(load(with_one_failure(tmp_path / "again")))
    assert outcome.level == "partielle"
    assert "est partiellement conforme avec le référentiel" in text
    assert "Critère 8.6 : Pour chaque page web ayant un titre de page, ce titre est-il pertinent ?" in text
    assert "Le titre de la page d'aide ne dit pas de quelle aide il s'agit." in text
    assert "Pages concernées : Aide : se connecter et s'inscrire." in text
    assert f"révèle que {outcome.respected * 100 // outcome.applicable}," in text  # never rounded up to 100
    assert "Accessibilité : partiellement conforme" in html  # every page's footer


def test_without_a_complete_audit_the_portal_is_declared_non_conforme(database_url, tmp_path):
    text = page_text(statement(database_url, tmp_path / "no-audit-here"))
    assert "est non conforme avec le référentiel" in text
    assert "Aucun résultat d'audit complet" in text
    assert "révèle que" not in text


def test_the_english_statement_marks_the_grid_s_french_words(database_url, tmp_path):
    html = statement(database_url, with_one_failure(tmp_path), lang="en")
    assert "The Portail Famille is partially compliant" in page_text(html)
    assert '<span lang="fr">Criterion 8.6: Pour chaque page web' in html
    assert '<span lang="fr">Le titre de la page d&#39;aide' in html


def test_the_plans_are_linked_when_the_city_publishes_them(database_url):
    html = statement(database_url, AUDIT, PORTAIL_A11Y_PLAN_URL="https://www.chartres.example/schema",
                     PORTAIL_A11Y_ACTION_PLAN_URL="javascript:alert(1)")
    assert 'href="https://www.chartres.example/schema"' in html
    assert "javascript:" not in html


def test_the_grid_can_be_downloaded(database_url):
    app = create_app(Settings.from_env({"BRIDGE_DATABASE_URL": database_url}))
    answer = app.test_client().get("/accessibilite/grille.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.get_data(as_text=True).startswith("criterion;page;status;evidence;note")


@pytest.mark.parametrize("lang, words", [
    ("fr", {"totale": "totalement conforme", "partielle": "partiellement conforme", "non": "non conforme"}),
    ("en", {"totale": "fully compliant", "partielle": "partially compliant", "non": "not compliant"}),
])
def test_the_keycloak_pages_mention_the_level_the_grid_gives(lang, words):
    """The home page (Keycloak's sign-in page) must show "Accessibilité : <level>": its message follows the grid."""
    messages = (THEME_MESSAGES / f"messages_{lang}.properties").read_text(encoding="utf-8")
    mention = re.search(r"^pfAccessibilityStatus=(.*)$", messages, re.MULTILINE).group(1)
    assert mention.endswith(words[result(load(AUDIT)).level]), mention
