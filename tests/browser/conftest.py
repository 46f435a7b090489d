"""Headless Chromium (Debian's package) driven by Playwright, against the real stack."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.users import make_family_user

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-gpu"]
KEYCLOAK = "http://localhost:8080"
BRIDGE = "http://localhost:5000"
REALM_URL = f"{KEYCLOAK}/realms/portail-famille"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

@pytest.fixture(autouse=True)
def _needs_stack(stack):
    """Every browser test talks to the real services."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@contextmanager
def browser_page(browser: Browser, locale: str = "fr-FR") -> Iterator[Page]:
    """A page in a fresh browser context (no cookies), as a family whose browser asks for `locale`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    # The active tab of the browser: focus checks (the element focused *and* its page focused)
    # must not depend on which earlier page Chromium still counts as in front.
    page.bring_to_front()
    page.set_default_timeout(15000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    with browser_page(browser) as page:
        yield page


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Zero WCAG 2.1 A/AA violations reported by axe-core on the page as it is now."""

    def check(page: Page, what: str) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_A_AA}})
        violations = results.response["violations"]
        detail = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in violations
        )
        assert not violations, f"axe-core violations on {what} ({page.url}):\n{detail}"

    return check


def open_login(page: Page) -> None:
    """The families' entry point: the portail client's sign-in, as the bridge starts it."""
    page.goto(f"{BRIDGE}/famille/connexion")
    page.wait_for_selector("#kc-form-login")
    # Style sheets applied, as the family sees the page (focus rings, layout).
    page.wait_for_load_state("networkidle")


def open_registration(page: Page) -> None:
    open_login(page)
    page.click("#pf-register-link")
    page.wait_for_selector("#kc-register-form")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def family_user(kc_admin):
    return make_family_user(kc_admin, prefix="navigateur")
