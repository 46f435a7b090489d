"""Screenshots of the login and registration pages at desktop and phone widths, kept in docs/screenshots/."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, open_login, open_registration


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_screenshots(browser, width, height):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    try:
        open_login(page)
        page.wait_for_load_state("networkidle")
        # No horizontal scrolling at phone width: the layout fits.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SCREENSHOTS / f"login-{width}.png"), full_page=True)
        open_registration(page)
        # Measured once the style sheets have applied, as a family sees it.
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SCREENSHOTS / f"register-{width}.png"), full_page=True)
    finally:
        context.close()
    assert (SCREENSHOTS / f"login-{width}.png").stat().st_size > 0
