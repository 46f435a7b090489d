"""A family in "Mon espace" (`/famille`), its forms, and the bridge's database as a whole."""

from __future__ import annotations

import json
import random
import subprocess
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable
from urllib.parse import urljoin

import pytest
import requests
from bs4 import BeautifulSoup
from sqlalchemy import MetaData, select

from devstack import process
from devstack.paths import ROOT, VENV_BIN
from devstack.services import SERVICES
from dossier_bridge.db import make_engine, make_session_factory
from dossier_bridge.models import AccountErasure
from tests.support import oidc
from tests.support.waiting import wait_until  # noqa: F401 - the family-space tests import it from here

BRIDGE = "http://localhost:5000"
HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"


def import_dossier(bridge_env: dict, folder: Path, rows: Iterable[tuple[str, ...]]) -> str:
    """Import one dossier with full rows (role, last, first, born, email, phone, address, postal code, town)."""
    number = str(random.randint(10_000_000, 99_999_999))
    lines = [HEADER, *(";".join((number, *row)) for row in rows)]
    path = folder / f"{number}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run([str(VENV_BIN / "dossier-bridge"), "import-dossiers", str(path)], env=bridge_env,
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return number


def signed_in(username: str, password: str) -> requests.Session:
    """A browser signed in to "Mon espace" through the portail client (Keycloak's real login form)."""
    session = oidc.browser_like_session()
    login = session.get(f"{BRIDGE}/famille/connexion", timeout=15)
    page = oidc.LoginPage(session, login)
    answer = session.post(page.form_action("kc-form-login"), data={"username": username, "password": password},
                          timeout=15)
    assert answer.url.startswith(f"{BRIDGE}/famille"), f"not signed in to /famille: {answer.url}"
    return session


def follow(session: requests.Session, answer: requests.Response, limit: int = 10) -> requests.Response:
    """Follow redirects one hop at a time, so that each hop's (Secure) cookies reach the next one.

    requests prepares a whole redirect chain before `BrowserLikeSession` can treat
    localhost as a secure context; a browser sends Keycloak's cookies at every hop.
    """
    for _ in range(limit):
        if answer.status_code not in (301, 302, 303, 307, 308):
            return answer
        answer = session.get(urljoin(answer.url, answer.headers["Location"]), allow_redirects=False, timeout=15)
    raise AssertionError(f"more than {limit} redirects from {answer.url}")


def deletion_start(session: requests.Session) -> oidc.LoginPage:
    """The Keycloak page a signed-in family reaches from "Mon espace"'s deletion link."""
    answer = session.get(f"{BRIDGE}/famille/supprimer-mon-compte/confirmer", allow_redirects=False, timeout=15)
    return oidc.LoginPage(session, follow(session, answer))


def csrf_token(html: str) -> str:
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert field is not None, "no form token on the page"
    return field["value"]


def post_form(session: requests.Session, path: str, data: dict, **kwargs) -> requests.Response:
    """Open the page of a bridge form, then post it with its form token, as a browser would."""
    page = session.get(f"{BRIDGE}{path}", timeout=15)
    assert page.status_code == 200, f"{path}: {page.status_code}"
    return session.post(f"{BRIDGE}{path}", data={**data, "csrf_token": csrf_token(page.text)}, timeout=15, **kwargs)


def text_of(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def main_text(html: str) -> str:
    main = BeautifulSoup(html, "html.parser").find("main")
    return main.get_text(" ", strip=True) if main else ""


def download(session: requests.Session) -> dict:
    answer = session.get(f"{BRIDGE}/famille/mes-donnees", timeout=20)
    assert answer.status_code == 200, answer.text[:300]
    assert "attachment" in answer.headers.get("Content-Disposition", "")
    return json.loads(answer.content.decode("utf-8"))


def database_rows(bridge_env: dict) -> dict[str, list[dict]]:
    """Every row of every table of the bridge's database (SQLite or PostgreSQL)."""
    engine = make_engine(bridge_env["BRIDGE_DATABASE_URL"])
    try:
        metadata = MetaData()
        with warnings.catch_warnings():
            # SQLite cannot reflect the expression index on lower(email); the table itself is read.
            warnings.simplefilter("ignore")
            metadata.reflect(engine)
        with engine.connect() as connection:
            return {name: [dict(row._mapping) for row in connection.execute(select(table))]
                    for name, table in metadata.tables.items()}
    finally:
        engine.dispose()


def where_found(bridge_env: dict, needles: Iterable[str]) -> dict[str, list[str]]:
    """For each needle, the tables whose rows contain it anywhere (case-insensitive)."""
    needles = [n.lower() for n in needles if n]
    found: dict[str, list[str]] = {}
    for table, rows in database_rows(bridge_env).items():
        text = json.dumps(rows, default=str, ensure_ascii=False).lower()
        for needle in needles:
            if needle in text:
                found.setdefault(needle, []).append(table)
    return found


BRIDGE_PROCESSES = ("bridge", "worker")


@contextmanager
def stopped(stack, stack_env, names: Iterable[str]):
    """These processes of the dev stack stopped for the block, then started again."""
    names = tuple(names)
    if any(name not in stack.started for name in names):
        pytest.skip(f"{', '.join(names)} not started by this test session, so the test will not stop it")
    for name in names:
        process.stop(name)
    try:
        yield
    finally:
        for name in names:
            service = SERVICES[name]
            process.wait_until(service.ready, name, service.timeout, service.start(stack_env))


def bridge_down(stack, stack_env):
    """The bridge's web process and worker stopped for the block, then started again."""
    return stopped(stack, stack_env, BRIDGE_PROCESSES)


def erasure_of(bridge_env, user_id: str) -> AccountErasure | None:
    engine = make_engine(bridge_env["BRIDGE_DATABASE_URL"])
    try:
        with make_session_factory(engine)() as session:
            return session.scalars(select(AccountErasure).where(AccountErasure.keycloak_user_id == user_id)).first()
    finally:
        engine.dispose()


def rows_of(bridge_env, model, user_id: str) -> list:
    engine = make_engine(bridge_env["BRIDGE_DATABASE_URL"])
    try:
        with make_session_factory(engine)() as session:
            return list(session.scalars(select(model).where(model.keycloak_user_id == user_id)))
    finally:
        engine.dispose()
