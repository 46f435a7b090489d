"""Locust scenarios of the Portail Famille, run against the production-like site through the proxy.

    LOAD_CONFIG=config.json locust -f bench/loadtest/locustfile.py --headless -u 6 -r 6 -t 60s

The JSON configuration names the public URLs, the CA file, the accounts that
sign in, the dossiers that sign up, which kinds of users run, and the ledger
file where every sign-up's fate is written (one JSON line each), so that a
test can check afterwards that none was lost.

Families behave as families do: a sign-up told to try again (the proxy's
French "momentanément indisponible" page, or the form's "service de
vérification indisponible") is sent again a little later, in a new browser
session; an account that turns out to exist already signs in instead. A
sign-up is "lost" when the family got an answer that is neither the
activation page nor a French "try again": that must never happen.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import threading
import time
from urllib.parse import parse_qs, urljoin, urlparse

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from bs4 import BeautifulSoup
from locust import HttpUser, between, events, task
from requests.adapters import HTTPAdapter

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"], encoding="utf-8").read())
REALM_PATH = "/realms/portail-famille/protocol/openid-connect"
# 0 is Locust's status for a connection cut with no answer at all (a node killed after it had
# begun to answer, when the proxy can no longer send its own page): the browser then shows
# its own "connection reset" page, which offers to try again, and the family does.
RETRY_STATUSES = (0, 502, 503, 504)
UNAVAILABLE = "momentanément indisponible"
MAX_ATTEMPTS = 6

_dossiers = iter(CONFIG.get("dossiers", []))
_dossier_lock = threading.Lock()
_sequence = itertools.count()
_accounts = itertools.count()
_ledger_lock = threading.Lock()
_families = itertools.count()


class _FromOwnAddress(HTTPAdapter):
    """Connections leave from one loopback address of their own (all of 127.0.0.0/8 is local).

    Each simulated family (each sign-up, and each user's sign-ins) is then a
    client of its own behind the proxy, as families at home are: the bridge's
    per-address budget counts each one apart instead of seeing the whole load
    come from 127.0.0.1.
    """

    def __init__(self, address: str):
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def _own_address() -> str:
    n = next(_families)
    return f"127.1.{n // 250}.{n % 250 + 1}"  # clear of 127.0.0.0/24, where the stack and its proxy live


def _next_dossier():
    with _dossier_lock:
        return next(_dossiers, None)


def _record(entry: dict) -> None:
    with _ledger_lock, open(CONFIG["ledger"], "a", encoding="utf-8") as ledger:
        ledger.write(json.dumps(entry) + "\n")


class FamilyBrowser(HttpUser):
    """Common steps: the authorization request of the `portail` client, forms read as a browser reads them."""

    abstract = True
    host = CONFIG["keycloak_url"]
    wait_time = between(CONFIG.get("wait_min", 0.5), CONFIG.get("wait_max", 1.5))

    def on_start(self) -> None:
        self.client.verify = CONFIG["ca_file"]
        self.client.mount("https://", _FromOwnAddress(_own_address()))

    def new_browser(self) -> None:
        self.client.cookies.clear()

    def authorize(self) -> tuple[object, str, str]:
        verifier, state = generate_token(48), secrets.token_urlsafe(12)
        answer = self.client.get(f"{REALM_PATH}/auth", name="1 login page", params={
            "client_id": "portail", "redirect_uri": CONFIG["redirect_uri"], "response_type": "code",
            "scope": "openid", "state": state, "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256"})
        return answer, verifier, state

    @staticmethod
    def form_action(answer, form_id: str) -> str | None:
        form = BeautifulSoup(answer.text, "html.parser").find("form", id=form_id)
        return urljoin(answer.url, form["action"]) if form is not None else None

    def sign_in(self, username: str, password: str) -> str:
        """A full sign-in; returns 'signed_in', 'verify_email' (an account not activated yet) or 'failed'."""
        self.new_browser()
        page, verifier, _ = self.authorize()
        action = self.form_action(page, "kc-form-login")
        if action is None:
            return "failed"
        with self.client.post(action, name="2 submit password", allow_redirects=False, catch_response=True,
                              data={"username": username, "password": password, "credentialId": ""}) as answer:
            location = answer.headers.get("Location", "")
            if answer.status_code in (302, 303) and location.startswith(CONFIG["redirect_uri"]):
                answer.success()
            elif answer.status_code in (302, 303) and "execution=VERIFY_EMAIL" in location:
                answer.success()
                # The activation page: Keycloak sends the e-mail as it shows it.
                shown = self.client.get(urljoin(answer.url, location), name="6 activation page")
                return "verify_email" if shown.status_code == 200 else "failed"
            else:
                answer.failure(f"sign-in refused ({answer.status_code})")
                return "failed"
        code = parse_qs(urlparse(location).query)["code"][0]
        token = self.client.post(f"{REALM_PATH}/token", name="3 token", data={
            "grant_type": "authorization_code", "client_id": "portail", "code": code, "code_verifier": verifier,
            "redirect_uri": CONFIG["redirect_uri"]})
        return "signed_in" if token.status_code == 200 else "failed"


class SigningInFamily(FamilyBrowser):
    """A family signing in again and again with its own account.

    One account per simulated family: two sign-ins of one account at the same
    instant are another matter (brute-force protection's concurrency rule).
    """

    weight = CONFIG.get("sign_in_weight", 3)

    def on_start(self) -> None:
        super().on_start()
        accounts = CONFIG["accounts"]
        self.account = accounts[next(_accounts) % len(accounts)]

    @task
    def sign_in_task(self) -> None:
        self.sign_in(self.account["username"], self.account["password"])


class SigningUpFamily(FamilyBrowser):
    """A family with its invoice's dossier number signs up; it tries again when told to."""

    weight = CONFIG.get("sign_up_weight", 1)

    @task
    def sign_up_task(self) -> None:
        dossier = _next_dossier()
        if dossier is None:
            self.wait()
            return
        # A new family, at home behind an address of its own: the per-address budget counts each apart.
        self.client.mount("https://", _FromOwnAddress(_own_address()))
        entry = {"id": next(_sequence), "dossier_number": dossier["number"], "email": dossier["email"],
                 "username": dossier["username"], "attempts": [], "outcome": "gave_up"}
        for attempt in range(MAX_ATTEMPTS):
            outcome = self.register(dossier)
            entry["attempts"].append(outcome)
            if outcome == "exists":
                outcome = {"verify_email": "finished", "signed_in": "finished"}.get(
                    self.sign_in(dossier["username"], CONFIG["password"]), "retry")
                entry["attempts"].append(f"sign-in: {outcome}")
            if outcome != "retry":
                entry["outcome"] = outcome
                break
            # The family reads "réessayez dans quelques instants", and waits a little longer each time.
            time.sleep(2 * (attempt + 1))
        _record(entry)

    def register(self, dossier: dict) -> str:
        """One attempt: 'finished', 'retry' (told to try again), 'exists', 'refused' (the check said no)
        or 'lost' (an answer that is none of these: the family would not know what happened)."""
        self.new_browser()
        page, _, _ = self.authorize()
        if page.status_code in RETRY_STATUSES:
            return "retry"
        link = BeautifulSoup(page.text, "html.parser").find("a", href=lambda h: h and "login-actions/registration" in h)
        if link is None:
            return "lost"
        form_page = self.client.get(urljoin(page.url, link["href"]), name="4 registration form")
        if form_page.status_code in RETRY_STATUSES:
            return "retry"
        action = self.form_action(form_page, "kc-register-form")
        if action is None:
            return "lost"
        with self.client.post(action, name="5 submit registration", catch_response=True, data={
            "firstName": dossier["first_name"], "lastName": dossier["last_name"], "email": dossier["email"],
            "username": dossier["username"], "password": CONFIG["password"], "password-confirm": CONFIG["password"],
            "dossierNumber": dossier["number"] if CONFIG.get("with_number", True) else ""}) as answer:
            return self._registration_outcome(answer)

    @staticmethod
    def _registration_outcome(answer) -> str:
        if answer.status_code in RETRY_STATUSES:
            return "retry"  # the proxy's French page; the failure is counted by Locust
        soup = BeautifulSoup(answer.text, "html.parser")
        error = soup.find(id="input-error-dossierNumber")
        if error is not None and UNAVAILABLE in error.get_text():
            answer.failure("dossier check unavailable")
            return "retry"
        if soup.find(id="input-error-username") or soup.find(id="input-error-email"):
            answer.success()
            return "exists"
        if error is not None:
            answer.failure("dossier check refused")
            return "refused"
        if answer.status_code == 200 and "execution=VERIFY_EMAIL" in answer.url:
            answer.success()
            return "finished"  # "Activez votre compte": the activation e-mail is on its way
        title = soup.title.get_text(" ", strip=True) if soup.title else ""
        answer.failure(f"unexpected registration answer {answer.status_code} at {urlparse(answer.url).path}: "
                       f"{title} | {soup.get_text(' ', strip=True)[:160]}")
        return "lost"


@events.test_stop.add_listener
def _summary(environment, **_kwargs) -> None:
    total = environment.stats.total
    print(f"requests: {total.num_requests}, failures: {total.num_failures}", flush=True)
