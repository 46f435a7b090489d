"""How the browser reaches each page of the audit sample (``docs/accessibility/sample.csv``), in a given state.

Each opener leaves the page as a family or an agent sees it, style sheets
applied. Staff pages share one signed-in browser context per language; every
other page gets a fresh context, so that no page inherits another's state.
"""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import Browser, BrowserContext, Page

from devstack.paths import ROOT, VENV_BIN
from tests.conftest import HEADER
from tests.support import franceconnect as fc
from tests.support import maildev
from tests.support.signup import Family, activate, register as register_by_http
from tests.support.users import PASSWORD, make_family_user, unique

BRIDGE = "http://localhost:5000"
REALM_URL = "http://localhost:8080/realms/portail-famille"
LOCALES = {"fr": "fr-FR", "en": "en-GB"}
VIEWPORT = {"width": 1280, "height": 900}
_RESET_LINK = re.compile(r'href="(http[^"]+login-actions/action-token[^"]+)"')


@dataclass
class SampleEnv:
    """What the openers share: the browser, the admin API, the bridge's secret, signed-in staff contexts."""

    browser: Browser
    kc_admin: Any
    bridge_env: dict[str, str]
    staff: tuple[str, str]
    _staff_contexts: dict[str, BrowserContext] = field(default_factory=dict)
    _request_ids: list[int] = field(default_factory=list)
    _duplicates: list[str] = field(default_factory=list)
    _report_urls: list[str] = field(default_factory=list)
    _corrections: list[str] = field(default_factory=list)
    report_sent: bool = False
    _import_jobs: list[str] = field(default_factory=list)

    def new_context(self, lang: str) -> BrowserContext:
        context = self.browser.new_context(viewport=VIEWPORT, locale=LOCALES[lang])
        context.set_default_timeout(20000)
        return context

    def staff_context(self, lang: str) -> BrowserContext:
        if lang not in self._staff_contexts:
            context = self.new_context(lang)
            page = context.new_page()
            page.goto(f"{BRIDGE}/review/")
            sign_in(page, *self.staff)
            page.wait_for_url(f"{BRIDGE}/review/**")
            page.close()
            self._staff_contexts[lang] = context
        return self._staff_contexts[lang]

    def family_request(self) -> int:
        """A family request waiting for review, with at least one possible duplicate in the registry."""
        if not self._request_ids:
            token = uuid.uuid4().hex
            answer = requests.post(
                f"{BRIDGE}/api/v1/family-requests", headers={"Authorization": f"Bearer {self.bridge_env['BRIDGE_API_SECRET']}"},
                json={"keycloak_user_id": f"rgaa-{token[:12]}", "idempotency_key": token,
                      "account": {"last_name": "Lefèvre", "first_name": "Camille", "email": f"{token[:8]}@example.org"},
                      "address": "12 rue du Bourg", "postal_code": "28000", "town": "Chartres", "phone": "02 37 11 22 33",
                      "second_parent": {}, "children": [{"last_name": "Lefèvre", "first_name": "Léa", "birth_date": "12/03/2016"}]},
                timeout=15,
            )
            assert answer.status_code == 201, answer.text
            self._request_ids.append(answer.json()["id"])
        return self._request_ids[0]

    def import_dossiers(self, *dossiers: list[tuple[str, str, str, str, str]]) -> list[str]:
        """Dossiers imported with the CLI, each a list of (role, last name, first name, birth date, e-mail); their numbers."""
        numbers = [str(random.randint(10_000_000, 99_999_999)) for _ in dossiers]
        rows = [HEADER] + [f"{number};{role};{last};{first};{born};{email};;3 rue des Lices;28000;Chartres"
                           for number, persons in zip(numbers, dossiers) for role, last, first, born, email in persons]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "dossiers.csv"
            path.write_text("\n".join(rows) + "\n", encoding="utf-8")
            result = subprocess.run([str(VENV_BIN / "dossier-bridge"), "import-dossiers", str(path)],
                                    env=self.bridge_env, cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return numbers

    def duplicate_dossiers(self) -> None:
        """Two dossiers of the registry that are likely the same family (billing duplicates), imported once."""
        if not self._duplicates:
            self._duplicates += self.import_dossiers(
                *([("responsable", "Rgaa-Doublon", first, "14/02/1980", ""), ("enfant", "Rgaa-Doublon", "Inès", "02/05/2015", "")]
                  for first in ("Jean-Pierre", "Jean Pierre")))

    def report_url(self) -> str:
        """The link of the notice sent to a dossier's known adult when another address linked an account to it."""
        if not self._report_urls:
            email = f"{unique('rgaa-parent')}@example.org"
            number, = self.import_dossiers([("responsable", "RGAALIEN", "Maud", "", email),
                                            ("enfant", "RGAALIEN", "Noé", "05/07/2016", "")])
            intruder = Family("Rgaalien", "Maud", number)
            register_by_http(intruder)
            activate(intruder.email)
            notice = maildev.wait_for_mail(email, "vient d'être rattaché")[0]
            self._report_urls.append(re.search(r"(http://localhost:5000/signalement/\S+)", notice.text).group(1))
            self._report_urls.append(number)
        return self._report_urls[0]

    def reported_dossier(self) -> str:
        self.report_url()
        return self._report_urls[1]

    def family_with_dossier(self) -> tuple[str, str]:
        """A family account whose family request the bridge holds: "Mon espace" shows what the city knows."""
        username, password, user_id = make_family_user(self.kc_admin, prefix="rgaa")
        token = uuid.uuid4().hex
        answer = requests.post(
            f"{BRIDGE}/api/v1/family-requests", headers={"Authorization": f"Bearer {self.bridge_env['BRIDGE_API_SECRET']}"},
            json={"keycloak_user_id": user_id, "idempotency_key": token,
                  "account": {"last_name": "Testeur", "first_name": "Camille", "email": f"{token[:8]}@example.org"},
                  "address": "12 rue du Bourg", "postal_code": "28000", "town": "Chartres", "phone": "02 37 11 22 33",
                  "second_parent": {}, "children": [{"last_name": "Testeur", "first_name": "Léa", "birth_date": "12/03/2016"}]},
            timeout=15,
        )
        assert answer.status_code == 201, answer.text
        return username, password

    def correction(self) -> str:
        """The address of a family's correction request waiting for staff, sent once through the family's form."""
        if not self._corrections:
            context = self.new_context("fr")
            page = context.new_page()
            try:
                open_family_space_with_dossier(page, self)
                send_correction(page)
            finally:
                context.close()
            staff = self.staff_context("fr").new_page()
            try:
                staff.goto(f"{BRIDGE}/review/corrections/")
                staff.click("main table tbody a")
                staff.wait_for_selector("#answer")
                self._corrections.append(staff.url)
            finally:
                staff.close()
        return self._corrections[0]

    def import_job(self) -> str:
        """The address of a staff import's page once its dry run is over, uploaded once through the import page."""
        if not self._import_jobs:
            rows = [HEADER] + [f"{number};responsable;RGAAIMPORT;Aline;14/05/1986;;;3 rue des Lices;28000;Chartres"
                               for number in (str(random.randint(10_000_000, 99_999_999)) for _ in range(2))]
            page = self.staff_context("fr").new_page()
            try:
                with tempfile.TemporaryDirectory() as folder:
                    path = Path(folder) / "export-rgaa.csv"
                    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
                    page.goto(f"{BRIDGE}/review/import/")
                    page.set_input_files("#fichier", str(path))
                    page.click("form.upload button[type=submit]")
                    page.wait_for_url(re.compile(r"/review/import/\d+"))
                # The dry run is over when the page offers the decision (confirm or cancel).
                page.wait_for_selector("#decision", timeout=120_000)
                self._import_jobs.append(page.url.split("?")[0])
            finally:
                page.close()
        return self._import_jobs[0]

    def close(self) -> None:
        for context in self._staff_contexts.values():
            context.close()


@dataclass(frozen=True)
class Opener:
    open: Callable[[Page, SampleEnv], None]
    staff: bool = False
    # The state after a failed submit of a long form: its error summary is checked.
    failed_long_form: bool = False


@contextmanager
def visit(env: SampleEnv, opener: Opener, lang: str) -> Iterator[Page]:
    context = env.staff_context(lang) if opener.staff else env.new_context(lang)
    page = context.new_page()
    try:
        opener.open(page, env)
        page.wait_for_load_state("networkidle")
        yield page
    finally:
        page.close()
        if not opener.staff:
            context.close()


# ---- Keycloak pages (families) ----

def sign_in(page: Page, username: str, password: str) -> None:
    page.wait_for_selector("#kc-form-login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#kc-login")


def open_login(page: Page, _env: SampleEnv | None = None) -> None:
    page.goto(f"{BRIDGE}/famille/connexion")
    page.wait_for_selector("#kc-form-login")


def open_login_with_error(page: Page, env: SampleEnv) -> None:
    open_login(page, env)
    sign_in(page, "personne-inconnue", "mauvais-mot-de-passe")
    page.wait_for_selector("#input-error-username")


def open_registration(page: Page, env: SampleEnv) -> None:
    open_login(page, env)
    page.click("#pf-register-link")
    page.wait_for_selector("#kc-register-form")


def open_registration_with_errors(page: Page, env: SampleEnv) -> None:
    open_registration(page, env)
    page.fill("#firstName", "Camille")
    page.fill("#email", "pas-une-adresse")
    page.fill("#password", "court")
    page.fill("#dossierNumber", "12")
    page.click("#kc-register-form [type=submit]")
    page.wait_for_selector("[aria-invalid='true']")


def register(page: Page, env: SampleEnv) -> str:
    open_registration(page, env)
    username = unique("rgaa")
    for name, value in {"firstName": "Camille", "lastName": "Testeur", "email": f"{username}@example.org",
                        "username": username, "password": PASSWORD, "password-confirm": PASSWORD}.items():
        page.fill(f"#{name}", value)
    page.click("#kc-register-form [type=submit]")
    page.wait_for_url(re.compile(r"VERIFY_EMAIL|required-action"))
    return username


def open_registration_with_challenge(page: Page, env: SampleEnv) -> None:
    """A number someone else spent the checks of: the form asks for a proof of work (ALTCHA)."""
    number, = env.import_dossiers([("responsable", "RGAADEFI", "Anne", "", ""), ("enfant", "RGAADEFI", "Loïc", "05/07/2016", "")])
    for attempt in range(6):
        requests.post(f"{BRIDGE}/api/v1/dossiers/verify", timeout=15,
                      headers={"Authorization": f"Bearer {env.bridge_env['BRIDGE_API_SECRET']}"},
                      json={"dossier_number": number, "last_name": f"Inconnu{attempt}", "first_name": "X",
                            "client_ip": f"203.0.113.{random.randint(1, 254)}"})
    open_registration(page, env)
    username = unique("rgaa")
    for name, value in {"firstName": "Anne", "lastName": "Rgaadefi", "email": f"{username}@example.org",
                        "username": username, "password": PASSWORD, "password-confirm": PASSWORD,
                        "dossierNumber": number}.items():
        page.fill(f"#{name}", value)
    page.click("#kc-register-form [type=submit]")
    page.wait_for_selector("altcha-widget")
    page.wait_for_function("() => customElements.get('altcha-widget') !== undefined")


def open_verify_email(page: Page, env: SampleEnv) -> None:
    register(page, env)
    page.wait_for_selector("#kc-page-title")


def open_family_information(page: Page, env: SampleEnv) -> None:
    username, password, user_id = make_family_user(env.kc_admin, prefix="rgaa")
    env.kc_admin.update_user(user_id, {**env.kc_admin.get_user(user_id), "requiredActions": ["family-info"]})
    open_login(page, env)
    sign_in(page, username, password)
    page.wait_for_selector("#kc-family-info-form")


def open_family_information_with_errors(page: Page, env: SampleEnv) -> None:
    open_family_information(page, env)
    page.fill("#postalCode", "2800")
    page.fill("#phone", "12")
    page.click("#family-submit")
    page.wait_for_selector("#input-error-postalCode")


def through_franceconnect(page: Page, env: SampleEnv, person: fc.Person) -> None:
    """The FranceConnect button of the home page, then the stand-in (FranceConnect's own pages, not ours)."""
    open_login(page, env)
    page.click("#social-franceconnect")
    page.wait_for_selector("input[name=identity]")
    page.check(f"#identity-{person.id}")
    page.click("#standin-login")


def open_franceconnect_identity(page: Page, env: SampleEnv) -> None:
    through_franceconnect(page, env, fc.Person("Julien Pierre", "ROUSSEAU", "1988-07-21").register())
    page.wait_for_selector("#kc-idp-review-profile-form")


def open_franceconnect_dossier(page: Page, env: SampleEnv) -> None:
    open_franceconnect_identity(page, env)
    page.click("#pf-idp-review-confirm")
    page.wait_for_selector("#kc-family-dossier-form")


def open_franceconnect_existing_account(page: Page, env: SampleEnv) -> None:
    username, _, _ = make_family_user(env.kc_admin, prefix="rgaa")
    person = fc.Person("Camille", "TESTEUR", "1990-01-31", email=f"{username}@example.org").register()
    through_franceconnect(page, env, person)
    page.click("#pf-idp-review-confirm")
    page.wait_for_selector("#linkAccount")


def open_franceconnect_link_password(page: Page, env: SampleEnv) -> None:
    open_franceconnect_existing_account(page, env)
    page.click("#linkAccount")
    page.wait_for_selector("#kc-form-login")


def open_family_space(page: Page, env: SampleEnv) -> None:
    username, password, _ = make_family_user(env.kc_admin, prefix="rgaa")
    open_login(page, env)
    sign_in(page, username, password)
    page.wait_for_url(f"{BRIDGE}/famille/**")


def open_family_space_with_dossier(page: Page, env: SampleEnv) -> None:
    open_login(page, env)
    sign_in(page, *env.family_with_dossier())
    page.wait_for_url(f"{BRIDGE}/famille/**")
    page.wait_for_selector("#known-heading")


def send_correction(page: Page) -> None:
    page.click("#report-error-link")
    page.fill("#message", "Le prénom de ma fille s'écrit Léa, avec un accent.")
    page.click("#correction-submit")
    page.wait_for_selector("#known-heading")


def open_family_space_after_correction(page: Page, env: SampleEnv) -> None:
    """Mon espace with what the city knows, a correction request sent and its confirmation."""
    open_family_space_with_dossier(page, env)
    send_correction(page)


def open_correction_form(page: Page, env: SampleEnv) -> None:
    open_family_space_with_dossier(page, env)
    page.click("#report-error-link")
    page.wait_for_selector("#message")


def open_delete_account(page: Page, env: SampleEnv) -> None:
    open_family_space_with_dossier(page, env)
    page.click("#delete-account-link")
    page.wait_for_selector("#delete-account-submit")


def open_forgotten_password(page: Page, env: SampleEnv) -> None:
    open_login(page, env)
    page.click("a.pf-forgot")
    page.wait_for_selector("#kc-reset-password-form")


def open_new_password(page: Page, env: SampleEnv) -> None:
    username, _, _ = make_family_user(env.kc_admin, prefix="rgaa")
    email = f"{username}@example.org"
    open_forgotten_password(page, env)
    page.fill("#username", username)
    page.click("#kc-reset-password-form [type=submit]")
    page.wait_for_selector("#kc-form-login")
    link = _RESET_LINK.search(maildev.wait_for_mail(email)[-1].html)
    assert link, f"no reset link in the mail to {email}"
    page.goto(link.group(1).replace("&amp;", "&"))
    page.wait_for_selector("#kc-passwd-update-form")


POST_FORM = """([action, fields]) => {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = action;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


def open_page_expired(page: Page, env: SampleEnv) -> None:
    open_login(page, env)
    login_action = page.get_attribute("#kc-form-login", "action")
    page.click("a.pf-forgot")
    page.wait_for_selector("#kc-reset-password-form")
    # The sign-in form posted after the flow moved on (a tab left on the old page).
    page.evaluate(POST_FORM, [login_action, {"username": "quelqu-un", "password": "un-mot-de-passe"}])
    page.wait_for_selector("#loginRestartLink")


def open_keycloak_error(page: Page, _env: SampleEnv) -> None:
    page.goto(f"{REALM_URL}/login-actions/action-token?key=lien-invalide")
    page.wait_for_selector("#kc-error-message")


# ---- Bridge pages ----

def bridge_page(path: str) -> Callable[[Page, SampleEnv], None]:
    def open_path(page: Page, _env: SampleEnv) -> None:
        page.goto(f"{BRIDGE}{path}")
        page.wait_for_selector("main h1")

    return open_path


def open_queue(page: Page, env: SampleEnv) -> None:
    env.family_request()
    bridge_page("/review/")(page, env)


def open_duplicates(page: Page, env: SampleEnv) -> None:
    env.duplicate_dossiers()
    bridge_page("/review/doublons")(page, env)


def open_request(page: Page, env: SampleEnv) -> None:
    page.goto(f"{BRIDGE}/review/demandes/{env.family_request()}")
    page.wait_for_selector(".candidate")


def open_request_with_error(page: Page, env: SampleEnv) -> None:
    open_request(page, env)
    page.fill("#message", "")
    page.click("#ask-details-submit")
    page.wait_for_selector("#decision-error")


def open_news_form_with_errors(page: Page, env: SampleEnv) -> None:
    bridge_page("/review/actualites/nouvelle")(page, env)
    page.fill("#title", "")
    page.fill("#summary", "")
    page.fill("#link_url", "pas-une-adresse")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector(".error-summary")


def open_report(page: Page, env: SampleEnv) -> None:
    page.goto(env.report_url())
    page.wait_for_selector("#comment")


def open_report_sent(page: Page, env: SampleEnv) -> None:
    open_report(page, env)
    page.fill("#comment", "Ce n'est pas moi qui ai créé ce compte.")
    page.click("main form button[type=submit]")
    page.wait_for_selector("main h1")
    env.report_sent = True


def open_links(page: Page, env: SampleEnv) -> None:
    env.reported_dossier()
    bridge_page("/review/rattachements/")(page, env)


def open_link(page: Page, env: SampleEnv) -> None:
    """The link's page with the report the adult sent (its comment quoted), whichever pages ran before."""
    number = env.reported_dossier()
    if not env.report_sent:
        context = env.new_context("fr")
        try:
            open_report_sent(context.new_page(), env)
        finally:
            context.close()
    bridge_page("/review/rattachements/")(page, env)
    page.click(f"main a:text-is('{number}')")
    page.wait_for_selector("#undo-reason")


def open_news_deletion(page: Page, env: SampleEnv) -> None:
    bridge_page("/review/actualites/")(page, env)
    page.click("a.danger-link")
    page.wait_for_selector("form.confirm-form")


def open_forbidden(page: Page, env: SampleEnv) -> None:
    username, password, _ = make_family_user(env.kc_admin, prefix="rgaa")
    page.goto(f"{BRIDGE}/review/")
    sign_in(page, username, password)
    page.wait_for_url(f"{BRIDGE}/review/**")
    page.wait_for_selector("main h1")


def open_lost_number_sent(page: Page, env: SampleEnv) -> None:
    bridge_page("/numero-de-dossier-perdu")(page, env)
    page.fill("#email", f"{unique('rgaa-perdu')}@example.org")
    page.click("#lost-number-submit")
    page.wait_for_url(f"{BRIDGE}/numero-de-dossier-perdu/envoye")
    page.wait_for_selector("main h1")


def open_corrections(page: Page, env: SampleEnv) -> None:
    env.correction()
    bridge_page("/review/corrections/")(page, env)


def open_correction(page: Page, env: SampleEnv) -> None:
    page.goto(env.correction())
    page.wait_for_selector("#answer")


def open_import(page: Page, env: SampleEnv) -> None:
    """The upload form and the history of imports (one at least: the sample's own)."""
    env.import_job()
    bridge_page("/review/import/")(page, env)


def open_import_report(page: Page, env: SampleEnv) -> None:
    page.goto(env.import_job())
    page.wait_for_selector("#decision")


def open_expired_form(page: Page, env: SampleEnv) -> None:
    open_request(page, env)
    # A decision posted with a form token the bridge no longer accepts (a form left open too long).
    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(i => i.value = 'expire')")
    page.fill("#message", "Merci de préciser la date de naissance.")
    page.click("#ask-details-submit")
    page.wait_for_selector("main h1")


SAMPLE: dict[str, Opener] = {
    "connexion": Opener(open_login),
    "connexion-erreur": Opener(open_login_with_error),
    "inscription": Opener(open_registration),
    "inscription-erreurs": Opener(open_registration_with_errors, failed_long_form=True),
    "inscription-defi": Opener(open_registration_with_challenge, failed_long_form=True),
    "activation": Opener(open_verify_email),
    "informations-famille": Opener(open_family_information),
    "informations-famille-erreurs": Opener(open_family_information_with_errors, failed_long_form=True),
    "espace-famille": Opener(open_family_space),
    "espace-famille-dossier": Opener(open_family_space_after_correction),
    "signaler-une-erreur": Opener(open_correction_form),
    "supprimer-mon-compte": Opener(open_delete_account),
    "compte-supprime": Opener(bridge_page("/famille/compte-supprime")),
    "mot-de-passe-oublie": Opener(open_forgotten_password),
    "nouveau-mot-de-passe": Opener(open_new_password),
    "page-expiree": Opener(open_page_expired),
    "erreur": Opener(open_keycloak_error),
    "franceconnect-identite": Opener(open_franceconnect_identity),
    "franceconnect-dossier": Opener(open_franceconnect_dossier),
    "franceconnect-compte-existant": Opener(open_franceconnect_existing_account),
    "franceconnect-mot-de-passe": Opener(open_franceconnect_link_password),
    "aide": Opener(bridge_page("/aide")),
    "accessibilite": Opener(bridge_page("/accessibilite")),
    "actualites": Opener(bridge_page("/actualites")),
    "plan-du-site": Opener(bridge_page("/plan-du-site")),
    "confidentialite": Opener(bridge_page("/confidentialite")),
    "numero-perdu": Opener(bridge_page("/numero-de-dossier-perdu")),
    "numero-perdu-envoye": Opener(open_lost_number_sent),
    "signalement": Opener(open_report),
    "signalement-envoye": Opener(open_report_sent),
    "signalement-invalide": Opener(bridge_page("/signalement/lien-invalide")),
    "introuvable": Opener(bridge_page("/page-qui-n-existe-pas")),
    "agents-file": Opener(open_queue, staff=True),
    "agents-demande": Opener(open_request, staff=True),
    "agents-demande-erreur": Opener(open_request_with_error, staff=True),
    "agents-doublons": Opener(open_duplicates, staff=True),
    "agents-rattachements": Opener(open_links, staff=True),
    "agents-rattachement": Opener(open_link, staff=True),
    "agents-actualites": Opener(bridge_page("/review/actualites/"), staff=True),
    "agents-actualite-nouvelle": Opener(bridge_page("/review/actualites/nouvelle"), staff=True),
    "agents-actualite-erreurs": Opener(open_news_form_with_errors, staff=True, failed_long_form=True),
    "agents-actualite-suppression": Opener(open_news_deletion, staff=True),
    "agents-corrections": Opener(open_corrections, staff=True),
    "agents-correction": Opener(open_correction, staff=True),
    "agents-import": Opener(open_import, staff=True),
    "agents-import-rapport": Opener(open_import_report, staff=True),
    "agents-acces-refuse": Opener(open_forbidden),
    "agents-formulaire-expire": Opener(open_expired_form, staff=True),
}
