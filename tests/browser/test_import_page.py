"""The staff import page in a real browser, with the real worker: accessible, usable with the keyboard only."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import BRIDGE
from tests.browser.test_accessibility import AGENT, sign_in
from tests.browser.test_keyboard import tab_to
from tests.support.family_space import stopped

HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"
# Long enough for the worker to be seen at work (an analysis of a few seconds).
BIG_FAMILIES = 12_000


def numbers(count: int) -> list[str]:
    start = random.randint(10_000_000, 89_999_999)
    return [str(start + i) for i in range(count)]


def small_export(path: Path) -> Path:
    a, b = numbers(2)
    path.write_text("\n".join([
        HEADER,
        f"{a};responsable;Fournier Sophie;;14/05/1986;sophie.fournier@example.org;612345678;12 rue du Bourg;28000;Chartres",
        f"{a};enfant;FOURNIER;Léa;2016-03-12;;;12 rue du Bourg;28000;Chartres",
        f"{b};responsable;MARTIN;;11/10/1982;;;27 avenue Jean Mermoz;28000;Chartres",
        f";responsable;SANS;Numéro;;;;;;",
    ]) + "\n", encoding="utf-8")
    return path


def big_export(path: Path) -> Path:
    rows = [HEADER]
    for number in numbers(BIG_FAMILIES):
        rows.append(f"{number};responsable;DURAND;Paul;01/02/1980;;06 11 22 33 44;3 rue Nicole;28000;Chartres")
        rows.append(f"{number};enfant;DURAND;Léo;01/02/2016;;;3 rue Nicole;28000;Chartres")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def open_import_page(page: Page) -> None:
    page.goto(f"{BRIDGE}/review/import/")
    page.wait_for_selector("#kc-form-login")
    sign_in(page, *AGENT)
    page.wait_for_url(f"{BRIDGE}/review/import/**")
    page.wait_for_load_state("networkidle")


def choose_file_with_the_keyboard(page: Page, path: Path) -> None:
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "fichier")
    # The system's file dialog can take long to be asked for on a loaded machine.
    with page.expect_file_chooser(timeout=60_000) as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))
    tab_to(page, lambda s: s["tag"] == "BUTTON" and "Analyser" in s["text"])
    page.keyboard.press("Enter")


def test_import_with_the_keyboard_only_and_every_state_accessible(page, assert_accessible, tmp_path):
    open_import_page(page)
    assert_accessible(page, "the import page")
    choose_file_with_the_keyboard(page, small_export(tmp_path / "export.csv"))
    # The page follows the worker by reloading itself, then shows the dry run's report.
    page.wait_for_selector("text=Analyse terminée", timeout=120_000)
    assert page.locator("text=Nom et prénom dans une même colonne").count() >= 1
    assert page.locator("text=Numéro de dossier absent").count() >= 1
    assert_accessible(page, "the report of a dry run")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Importer ces données", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Import terminé", timeout=120_000)
    assert_accessible(page, "the report of an import")
    page.goto(f"{BRIDGE}/review/import/")
    assert page.locator("table.imports tbody tr").first.inner_text().count("export.csv") == 1
    assert_accessible(page, "the import page with its history")


def test_the_progress_page_is_accessible_and_can_stop_reloading(page, assert_accessible, tmp_path, stack, stack_env):
    open_import_page(page)
    # The worker waits until the page has been checked and told to stop reloading: a fast
    # machine would otherwise finish the analysis first, and the page would have no progress left.
    with stopped(stack, stack_env, ["worker"]):
        page.set_input_files("#fichier", str(big_export(tmp_path / "gros-export.csv")))
        page.click("button:has-text('Analyser le fichier')")
        page.wait_for_selector("progress")
        assert page.locator("text=Arrêter l'actualisation automatique").count() == 1
        assert_accessible(page, "the progress of an analysis")
        page.click("text=Arrêter l'actualisation automatique")
        page.wait_for_selector("text=Suivre la progression")
    page.click("text=Suivre la progression")
    page.wait_for_selector("text=Analyse terminée", timeout=180_000)
    # Nothing of the big file is imported unless staff confirm it: cancel it.
    page.click("button:has-text('Annuler sans rien importer')")
    page.wait_for_selector("text=Cet import a été annulé")
    assert_accessible(page, "a cancelled import")


@pytest.mark.parametrize("path", ["/review/import/", "/review/import/1"])
def test_a_family_account_gets_403(page, family_user, path):
    from tests.browser.conftest import open_login

    username, password, _ = family_user
    open_login(page)
    sign_in(page, username, password)
    page.wait_for_url(f"{BRIDGE}/**")
    # The staff sign-in reuses the family's Keycloak session, then the role is checked.
    answer = page.goto(f"{BRIDGE}{path}")
    page.wait_for_selector("h1")
    assert answer is not None and answer.status == 403
    assert page.locator("text=réservée aux agents").count() >= 1
