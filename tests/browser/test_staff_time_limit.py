"""The staff session's time limit (RGAA 13.1): staff are warned before it ends and keep it with the
keyboard alone, without losing a decision being written.

The page's clock is driven by Playwright to reach the warning; the extension is the bridge's real
answer (the session restarts its idle time on the server, checked in tests/unit/test_staff_session_time.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.rgaa.sample import BRIDGE, SampleEnv
from tests.browser.test_rgaa_sample import AGENT

MESSAGE = "Merci de nous indiquer l'école de Léa pour la rentrée."
WARNING = {"fr": ("Votre session va bientôt expirer", "Continuer ma session"),
           "en": ("Your session will soon expire", "Keep my session")}


@pytest.fixture
def staff_env(browser, kc_admin, bridge_env) -> Iterator[SampleEnv]:
    """Per test: a request of its own waiting for a decision, and a signed-in browser with a clock of its own."""
    env = SampleEnv(browser, kc_admin, dict(bridge_env), AGENT)
    yield env
    env.close()


@pytest.fixture
def staff_page(staff_env) -> Page:
    return staff_env.staff_context("fr").new_page()


def open_request_with_a_clock(page: Page, env: SampleEnv, lang: str = "fr") -> None:
    page.clock.install()
    page.goto(f"{BRIDGE}/review/demandes/{env.family_request()}?lang={lang}")
    page.wait_for_selector("#message")


def type_a_message(page: Page) -> None:
    page.focus("#message")
    page.keyboard.type(MESSAGE)


def extended(page: Page):
    return page.expect_response(lambda answer: answer.url.endswith("/review/session") and answer.request.method == "POST")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_staff_are_warned_and_keep_their_session_with_one_key_without_losing_their_message(staff_env, staff_page, lang):
    page = staff_page
    open_request_with_a_clock(page, staff_env, lang)
    type_a_message(page)
    # Typing keeps the session alive in the background (at most once a minute).
    with extended(page) as answer:
        page.clock.run_for("01:05")
    assert answer.value.ok and answer.value.json()["seconds_left"] > 25 * 60
    # Then nearly 30 minutes without a key pressed: the warning, with the focus on its button.
    title, button = WARNING[lang]
    page.clock.run_for("28:05")
    dialog = page.get_by_role("alertdialog", name=title)
    expect(dialog).to_be_visible()
    expect(page.get_by_role("button", name=button)).to_be_focused()
    with extended(page) as answer:
        page.keyboard.press("Enter")
    assert answer.value.ok
    expect(dialog).to_be_hidden()
    expect(page.locator("#message")).to_be_focused()
    expect(page.locator("#message")).to_have_value(MESSAGE)
    # The decision in progress goes through, still with the keyboard.
    page.keyboard.press("Tab")
    expect(page.locator("#ask-details-submit")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".flash")).to_be_visible()
    expect(page.locator("main h1")).not_to_contain_text("session")


def test_escape_also_keeps_the_session(staff_env, staff_page):
    page = staff_page
    open_request_with_a_clock(page, staff_env)
    page.focus("#message")
    page.clock.run_for("28:05")
    expect(page.get_by_role("alertdialog")).to_be_visible()
    with extended(page) as answer:
        page.keyboard.press("Escape")
    assert answer.value.ok
    expect(page.get_by_role("alertdialog")).to_be_hidden()
    expect(page.locator("#message")).to_be_focused()


def test_a_session_extended_in_another_tab_is_not_announced_as_ending(staff_env, staff_page):
    page = staff_page
    open_request_with_a_clock(page, staff_env)
    page.clock.run_for("27:00")
    # The agent worked in another tab meanwhile: that page tells this one the session started again.
    other = page.context.new_page()
    other.goto(f"{BRIDGE}/review/")
    other.wait_for_selector("main h1")
    other.close()
    page.clock.run_for("01:30")
    expect(page.get_by_role("alertdialog")).to_be_hidden()
