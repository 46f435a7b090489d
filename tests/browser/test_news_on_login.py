"""The login page shows the latest published news; without the bridge it still signs a family in."""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlencode

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from sqlalchemy import delete

from dossier_bridge.db import make_engine, make_session_factory, transaction
from dossier_bridge.models import NewsItem
from tests.browser.conftest import BRIDGE, REALM_URL, open_login


def _bridge_sessions(stack, stack_env):
    from devstack.services import dev_environment

    env = stack_env if "bridge" in stack.started else dev_environment()
    from dossier_bridge.config import Settings

    return make_session_factory(make_engine(Settings.from_env(env).database_url))


def test_published_news_appear_and_unpublished_do_not(page, stack, stack_env):
    sessions = _bridge_sessions(stack, stack_env)
    marker = secrets.token_hex(4)
    future = dt.date.today() + dt.timedelta(days=3650)  # newest of all, whatever else is stored
    with transaction(sessions) as session:
        shown = NewsItem(title=f"Inscriptions école des sports {marker}", news_date=future, published=True,
                         summary="Les inscriptions sont ouvertes.", link_url="https://www.exemple.fr/sports")
        hidden = NewsItem(title=f"Brouillon {marker}", news_date=future, published=False, summary="Pas encore.")
        session.add_all([shown, hidden])
    try:
        open_login(page)
        page.wait_for_selector(f"text=Inscriptions école des sports {marker}")
        item = page.locator(".pf-news__item", has_text=marker)
        assert item.locator(".pf-news__date").inner_text().strip()
        assert item.get_by_role("link", name="Lire la suite").get_attribute("href") == "https://www.exemple.fr/sports"
        assert page.locator(f"text=Brouillon {marker}").count() == 0
    finally:
        with transaction(sessions) as session:
            session.execute(delete(NewsItem).where(NewsItem.title.contains(marker)))


def test_login_works_when_the_bridge_does_not_answer(page, family_user):
    username, password, _ = family_user
    # Every request to the bridge fails, as if it were stopped.
    page.route(f"{BRIDGE}/**", lambda route: route.abort("connectionrefused"))
    redirect_uri = f"{BRIDGE}/famille/retour"
    query = urlencode({
        "client_id": "portail", "redirect_uri": redirect_uri, "response_type": "code", "scope": "openid",
        "state": secrets.token_urlsafe(8), "code_challenge_method": "S256",
        "code_challenge": create_s256_code_challenge(secrets.token_urlsafe(48)),
    })
    page.goto(f"{REALM_URL}/protocol/openid-connect/auth?{query}")
    page.wait_for_selector("#kc-form-login")
    page.wait_for_load_state("networkidle")
    assert page.locator(".pf-news__item").count() == 0
    assert page.get_by_role("link", name="Toutes les actualités").is_visible()
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_request(lambda r: r.url.startswith(redirect_uri) and "code=" in r.url):
        page.click("#kc-login")
