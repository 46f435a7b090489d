"""Every page of the audit sample, in French and in English, passes the automated RGAA checks.

The sample is ``docs/accessibility/sample.csv``; each page is opened once
per language (``tests/browser/rgaa/sample.py``) and every check of
``tests/browser/rgaa/checks.py`` runs on it. The grid cites these checks as
``auto:<check>``; the test fails with every problem of every check at once.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier_bridge.accessibility.audit import Audit, load
from tests.browser.rgaa.checks import Visit, nu_checker, run_all
from tests.browser.rgaa.sample import SAMPLE, SampleEnv, visit

ROOT = Path(__file__).resolve().parents[2]
AUDIT_DIR = ROOT / "docs" / "accessibility"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VNU_PORT = 8765
LANGUAGES = ("fr", "en")
AGENT = (os.environ.get("AGENT_DEMO_USERNAME", "agent.demo"), os.environ.get("AGENT_DEMO_PASSWORD", "Agent-Demo-2026!"))
# Titles seen by the checks, for the test that compares them across the sample.
TITLES: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def audit() -> Audit:
    return load(AUDIT_DIR)


@pytest.fixture(scope="module")
def sample_env(browser, kc_admin, bridge_env) -> Iterator[SampleEnv]:
    env = SampleEnv(browser, kc_admin, dict(bridge_env), AGENT)
    yield env
    env.close()


@pytest.fixture(scope="session")
def markup_checker() -> Iterator:
    """The W3C Nu HTML checker (npm `vnu-jar`) as a local service, started once."""
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make deps`"
    process = subprocess.Popen(
        ["java", "-Xss8m", "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", str(VNU_JAR),
         "nu.validator.servlet.Main", str(VNU_PORT)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                socket.create_connection(("127.0.0.1", VNU_PORT), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "the Nu HTML checker did not start"
                time.sleep(0.5)
        yield nu_checker(f"http://127.0.0.1:{VNU_PORT}")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_id", list(SAMPLE))
def test_sample_page_passes_the_automated_checks(sample_env, audit, axe, markup_checker, page_id, lang):
    opener = SAMPLE[page_id]
    with visit(sample_env, opener, lang) as page:
        TITLES[(page_id, lang)] = page.title()
        found = run_all(page, Visit(page_id, lang, audit, opener.failed_long_form, axe, markup_checker))
    report = "\n".join(f"  {check}:\n" + "\n".join(f"    - {p}" for p in problems) for check, problems in found.items())
    assert not found, f"{page_id} ({lang}):\n{report}"


def test_every_page_has_its_own_title(sample_env):
    """No two pages (or states) of the sample share a title, in either language (RGAA 8.6)."""
    for page_id, opener in SAMPLE.items():
        for lang in LANGUAGES:
            if (page_id, lang) not in TITLES:
                with visit(sample_env, opener, lang) as page:
                    TITLES[(page_id, lang)] = page.title()
    for lang in LANGUAGES:
        seen: dict[str, list[str]] = {}
        for (page_id, page_lang), title in TITLES.items():
            if page_lang == lang:
                seen.setdefault(title, []).append(page_id)
        shared = {title: pages for title, pages in seen.items() if len(pages) > 1}
        assert not shared, f"titles shared by several pages ({lang}): {shared}"
