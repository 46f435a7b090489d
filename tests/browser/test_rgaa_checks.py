"""The automated RGAA checks find what they are meant to find: each one passes on a small sound page
and reports the defect planted in a copy of it. Without this, a check that silently looks at
nothing would pass every page of the sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier_bridge.accessibility.audit import load
from tests.browser.rgaa.checks import CHECKS, Visit

AUDIT = load(Path(__file__).resolve().parents[2] / "docs" / "accessibility")
# The checks that need the stack's own services (axe-core runs in every sample page's test) or the grid.
NOT_HERE = {"axe", "markup", "inventory"}

STYLE = """
body { font: 16px/1.5 Arial, sans-serif; margin: 0; }
a:focus-visible, button:focus-visible, input:focus-visible, [tabindex]:focus-visible { outline: 3px solid #000; outline-offset: 2px; }
main:focus { outline: none; }
.skip-link { position: absolute; left: -999px; } .skip-link:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
input { border: 2px solid #4a4f57; font: inherit; }
button { border: 2px solid #14325c; background: #14325c; color: #fff; font: inherit; }
"""
SOUND = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Inscription – Portail Famille – Ville de Chartres</title><style>{style}</style></head>
<body><a class="skip-link" href="#contenu">Aller au contenu</a>
<header><nav aria-label="Liens utiles"><ul><li><a href="#aide">Aide</a></li>
<li><a href="#en" lang="en" hreflang="en">English</a></li></ul></nav></header>
<main id="contenu" tabindex="-1"><h1>Inscription</h1>
<p>Les champs marqués d'un astérisque (*) sont obligatoires.</p>
{summary}<form action="#" novalidate>
<label for="firstName">Prénom <span aria-hidden="true">*</span></label>
<input id="firstName" name="firstName" autocomplete="given-name" aria-required="true" {invalid}>
{more}<button type="submit">Créer mon compte</button></form>
<h2>Besoin d'aide ?</h2><p>Écrivez-nous.</p></main>
<footer><p>Ville de Chartres</p></footer></body></html>"""


def render(page, replace: dict[str, str] | None = None, **parts: str) -> None:
    values = {"style": STYLE, "summary": "", "invalid": "", "more": "", **parts}
    html = SOUND.format(**values)
    for old, new in (replace or {}).items():
        assert old in html, old
        html = html.replace(old, new)
    page.set_content(html)


def run(page, check: str, failed_long_form: bool = False) -> list[str]:
    return CHECKS[check](page, Visit("inscription", "fr", AUDIT, failed_long_form))


@pytest.mark.parametrize("check", [c for c in CHECKS if c not in NOT_HERE])
def test_a_sound_page_passes(page, check):
    render(page)
    assert run(page, check) == []


def test_a_sound_error_summary_passes(page):
    summary = ('<div data-error-summary tabindex="-1" autofocus><h2>Le formulaire contient une erreur</h2>'
               '<ul><li><a href="#firstName">Indiquez votre prénom.</a></li></ul></div>')
    render(page, summary=summary, invalid='aria-invalid="true" aria-describedby="firstName-error"',
           more='<p id="firstName-error">Indiquez votre prénom.</p>',
           replace={"<title>Inscription": "<title>Erreur : Inscription"})
    page.wait_for_function("document.activeElement.hasAttribute('data-error-summary')")
    assert run(page, "error_summary", failed_long_form=True) == []


PLANTED = [
    ("autocomplete", {'autocomplete="given-name" ': ""}, {}, "firstName: purpose 'missing'"),
    ("autocomplete", {'autocomplete="given-name"': 'autocomplete="prenom"'}, {}, "is not a valid purpose"),
    ("autocomplete", {}, {"more": '<label for="x">Numéro fiscal</label><input id="x" name="x">'}, "x: unclassified field"),
    ("form_hints", {}, {"more": '<label for="postalCode">Code postal</label><input id="postalCode" name="postalCode" autocomplete="postal-code">'},
     "postalCode: no format hint"),
    ("form_hints", {'aria-required="true"': 'aria-required="true" aria-describedby="nowhere"'}, {}, "which does not exist"),
    ("form_hints", {'Prénom <span aria-hidden="true">*</span>': "Prénom"}, {}, "required but its label has no mark"),
    ("form_hints", {"(*) sont obligatoires": "sont obligatoires"}, {}, "no note saying what the * means"),
    ("form_hints", {}, {"invalid": 'aria-invalid="true"'}, "in error, but no message is linked to it"),
    ("title", {"<title>Inscription – Portail Famille – Ville de Chartres": "<title>Portail"}, {}, "does not end with the site's name"),
    ("title", {"<title>Inscription –": "<title>Accueil –"}, {}, "does not name the page's heading"),
    ("title", {}, {"invalid": 'aria-invalid="true"'}, "the page shows errors but its title does not say so"),
    ("language", {'<html lang="fr">': '<html lang="en">'}, {}, "expected 'fr'"),
    ("language", {'lang="en" hreflang="en"': 'hreflang="en"'}, {}, "is not marked lang=en"),
    ("language", {"<p>Écrivez-nous.</p>": "<p>Please write to us and we will answer.</p>"}, {}, "text in the other language"),
    ("language", {'lang="en" hreflang': 'lang="english!" hreflang'}, {}, "invalid language code"),
    ("structure", {"<h2>Besoin": "<h4>Besoin", "aide ?</h2>": "aide ?</h4>"}, {}, "heading level jumps from 1 to 4"),
    ("structure", {"<h2>Besoin": "<h1>Besoin", "aide ?</h2>": "aide ?</h1>"}, {}, "2 level-1 headings"),
    ("structure", {"<footer><p>Ville de Chartres</p></footer>": ""}, {}, "0 contentinfo landmarks"),
    ("names_roles", {}, {"more": '<button type="button"></button>'}, "has no accessible name"),
    ("names_roles", {}, {"more": '<div tabindex="0">Cliquez</div>'}, "is in the tab order with role"),
    ("names_roles", {"Créer mon compte</button>": "Créer mon compte</button><a href='#x' aria-label='Suite'>Lire la suite</a>"}, {},
     "is named 'Suite'"),
    ("skip_link", {'<a class="skip-link" href="#contenu">Aller au contenu</a>': ""}, {}, "is not the skip link"),
    ("skip_link", {'.skip-link:focus { left: 8px;': '.skip-link:focus { left: -999px;'}, {}, "not visible when focused"),
    ("keyboard", {"button:focus-visible, ": ""}, {}, "focus not visible on button"),
    ("keyboard", {}, {"more": '<input id="later" name="later" tabindex="3" aria-label="Plus tard">'}, "positive tabindex"),
    ("forced_colours", {"a:focus-visible, button:focus-visible, input:focus-visible, [tabindex]:focus-visible { outline: 3px solid #000;":
                        "a:focus-visible, button:focus-visible, input:focus-visible, [tabindex]:focus-visible { outline: none; box-shadow: 0 0 0 3px #000;"},
     {}, "forced colours: focus not visible"),
    ("forced_colours", {"button { border: 2px solid #14325c;": "button { border: 0;"}, {}, "loses its edge"),
    ("non_text_contrast", {"input { border: 2px solid #4a4f57;": "input { border: 1px solid #dddddd;"}, {}, "border contrast"),
    ("css_content", {"</style>": "h1::before { content: 'Étape 1 : '; }</style>"}, {}, "text only in CSS"),
    ("motion", {"</style>": "@keyframes blink { to { opacity: .5; } } h1 { animation: blink 1s infinite; }</style>"}, {}, "never stops"),
    ("motion", {"</style>": "a { transition: color .3s; }</style>"}, {}, "reduced motion: transition"),
    # A box sized in pixels around text sized for the user's font size: the text outgrows it.
    ("zoom", {"</style>": "h2 { font-size: 1rem; line-height: 1.25; height: 22px; overflow: hidden; }</style>"}, {}, "is clipped by h2"),
    ("text_spacing", {"</style>": "main > p { width: 260px; line-height: 20px; height: 48px; overflow: hidden; }</style>"}, {},
     "text spacing:"),
    ("reflow", {"</style>": "main p { width: 600px; }</style>"}, {}, "320 px: the page scrolls sideways"),
    ("reflow", {"</style>": "h2 { margin: 0 0 -1.2em; }</style>"}, {}, "overlap"),
    ("reflow", {"</style>": "main { display: flex; flex-direction: column; } form { order: -1; }</style>",
                "<p>Les champs": "<p><a href='#aide'>Aide</a> Les champs"}, {}, "back up to"),
]


@pytest.mark.parametrize("check, replace, parts, expected", PLANTED, ids=[f"{p[0]}-{i}" for i, p in enumerate(PLANTED)])
def test_a_planted_defect_is_reported(page, check, replace, parts, expected):
    render(page, replace, **parts)
    problems = run(page, check)
    assert any(expected in p for p in problems), problems


def test_the_error_summary_check_reports_a_missing_or_unfocused_summary(page):
    render(page, invalid='aria-invalid="true" aria-describedby="e"', more='<p id="e">Indiquez votre prénom.</p>')
    assert any("0 error summaries" in p for p in run(page, "error_summary", failed_long_form=True))
    render(page, summary='<div data-error-summary><p>Erreurs</p><ul><li><a href="#nowhere">?</a></li></ul></div>',
           invalid='aria-invalid="true" aria-describedby="e"', more='<p id="e">Indiquez votre prénom.</p>')
    problems = run(page, "error_summary", failed_long_form=True)
    for expected in ("does not have the focus", "has no heading", "summary links ['nowhere']", "does not say the form has errors"):
        assert any(expected in p for p in problems), (expected, problems)


def test_the_inventory_check_holds_the_grid_to_the_page(page):
    """The grid says "no frame" on the sign-up page: a page with a frame contradicts it."""
    render(page, more='<iframe title="Carte" srcdoc="<p>carte</p>"></iframe>')
    problems = CHECKS["inventory"](page, Visit("inscription", "fr", AUDIT))
    assert any("grid says 2.1 is NA but the page has frame" in p for p in problems), problems
