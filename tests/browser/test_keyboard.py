"""Signing in and signing up with the keyboard only (Tab, Space, Enter); focus always visible."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import BRIDGE, open_login
from tests.support.users import unique

_FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  return {id: el.id, name: el.getAttribute('name'), tag: el.tagName, type: el.getAttribute('type'), text: (el.textContent || '').trim(), visible};
}"""


def tab_to(page: Page, matches, limit: int = 60) -> dict:
    """Press Tab until the focused element matches; every focus stop must be visibly focused."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_STATE)
        if state is None:
            continue
        assert state["visible"], f"focus not visible on {state}"
        if matches(state):
            return state
    raise AssertionError("element never reached with Tab")


def test_sign_in_with_the_keyboard_only(page, family_user):
    username, password, _ = family_user
    open_login(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "username")
    page.keyboard.type(username)
    tab_to(page, lambda s: s["id"] == "password")
    page.keyboard.type(password)
    tab_to(page, lambda s: s["id"] == "rememberMe")
    page.keyboard.press("Space")
    assert page.is_checked("#rememberMe")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") in ("kc-login", "password-show-password")
    if page.evaluate("document.activeElement.id") != "kc-login":
        tab_to(page, lambda s: s["id"] == "kc-login")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{BRIDGE}/famille/**")


def test_sign_up_with_the_keyboard_only(page):
    username = unique("clavier")
    open_login(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(page, lambda s: s["id"] == "pf-register-link")
    page.keyboard.press("Enter")
    page.wait_for_selector("#kc-register-form")
    page.wait_for_load_state("networkidle")
    values = {
        "firstName": "Camille", "lastName": "Clavier", "email": f"{username}@example.org", "username": username,
        "password": "Famille-Test-2026!", "password-confirm": "Famille-Test-2026!",
    }
    for field, value in values.items():
        tab_to(page, lambda s, f=field: s["id"] == f)
        page.keyboard.type(value)
    tab_to(page, lambda s: s["type"] == "submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Activez votre compte")
