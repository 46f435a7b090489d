"""Test tiers by folder, and the session-wide fixtures of the real stack (started once, or reused when up).

Every test lives in `tests/unit`, `tests/integration`, `tests/browser`,
`tests/bench` (the duplicate benchmark's baselines) or `tests/prod` (the
production-like stack, `make test-prod`) and carries that folder's marker, so
`pytest -m unit|integration|browser|bench` picks one tier. Unit tests never
ask for the stack: importing this module starts
nothing, only the `stack` fixture does.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from devstack import stack as devstack
from devstack.bootstrap import admin_client, ensure_demo_staff
from devstack.paths import ROOT, RUN, VENV_BIN
from devstack.services import BRIDGE_URL, dev_environment

TEST_STATE = RUN / "test"
TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "integration", "browser", "bench", "prod")
HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"


def tier_of(path: Path) -> str | None:
    """The tier of a test file: the first folder under tests/."""
    try:
        parts = path.resolve().relative_to(TESTS).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in TIERS else None


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    homeless, unit_with_stack = [], []
    for item in items:
        tier = tier_of(item.path)
        if tier is None:
            homeless.append(item.nodeid)
            continue
        item.add_marker(tier)
        if tier == "unit" and "stack" in getattr(item, "fixturenames", ()):
            unit_with_stack.append(item.nodeid)
    if homeless:
        raise pytest.UsageError(f"tests outside tests/{{{','.join(TIERS)}}} have no tier: {homeless}")
    if unit_with_stack:
        raise pytest.UsageError(f"unit tests must not use the running stack (move them to tests/integration): "
                                f"{unit_with_stack}")


def _test_environment() -> dict[str, str]:
    env = dev_environment()
    # A bridge started by the tests gets a database of its own: PostgreSQL in
    # CI (TEST_STACK_DATABASE_URL), a fresh SQLite file otherwise.
    env["BRIDGE_DATABASE_URL"] = os.environ.get(
        "TEST_STACK_DATABASE_URL", f"sqlite:///{TEST_STATE / 'bridge.sqlite3'}"
    )
    # Follow account activations quickly, and keep the per-address limit out
    # of the way: every test's browser is 127.0.0.1 (a test covers it with its own address).
    env["BRIDGE_WORKER_INTERVAL_SECONDS"] = "1"
    env["BRIDGE_MAIL_RETRY_BASE_SECONDS"] = "1"
    env["BRIDGE_VERIFY_LIMIT_PER_ADDRESS"] = "1000 per 15 minutes"
    env["BRIDGE_VERIFY_LIMIT_PER_NUMBER"] = "5 per 15 minutes"
    # Staff and family sign-ins asked back to Keycloak every 2 s: revocation tests need not wait 5 minutes.
    env["BRIDGE_SESSION_REVALIDATE_SECONDS"] = "2"
    env["BRIDGE_LOST_NUMBER_LIMIT_PER_ADDRESS"] = "1000 per hour"
    return env


@pytest.fixture(scope="session")
def stack_env() -> dict[str, str]:
    return _test_environment()


@pytest.fixture(scope="session")
def stack(stack_env) -> Iterator[devstack.RunningStack]:
    shutil.rmtree(TEST_STATE, ignore_errors=True)
    TEST_STATE.mkdir(parents=True)
    # A developer's running `make run` is reused; CI (PORTAIL_TEST_REUSE_STACK=0) wants its own.
    running = devstack.up(stack_env, reuse=os.environ.get("PORTAIL_TEST_REUSE_STACK", "1") != "0")
    try:
        ensure_demo_staff(stack_env)  # the staff account the review tests sign in with
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def kc_admin(stack, stack_env):
    return admin_client(stack_env)


@pytest.fixture(scope="session")
def bridge_env(stack, stack_env) -> dict[str, str]:
    """The environment of the running bridge: ours if the tests started it, the dev one otherwise."""
    return stack_env if "bridge" in stack.started else dev_environment()


@pytest.fixture(scope="session")
def add_dossier(bridge_env, tmp_path_factory):
    """Import a fresh dossier with a number no other test uses; returns the number."""
    used: set[str] = set()

    def add(*persons: tuple[str, ...]) -> str:
        number = str(random.randint(10_000_000, 99_999_999))
        while number in used:
            number = str(random.randint(10_000_000, 99_999_999))
        used.add(number)
        # (role, last name, first name, birth date[, e-mail])
        rows = [f"{number};{p[0]};{p[1]};{p[2]};{p[3]};{p[4] if len(p) > 4 else ''};;;28000;Chartres" for p in persons]
        path: Path = tmp_path_factory.mktemp("dossiers") / f"{number}.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        result = subprocess.run([str(VENV_BIN / "dossier-bridge"), "import-dossiers", str(path)],
                                env=bridge_env, cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return number

    return add


@pytest.fixture(scope="session")
def bridge_api(bridge_env):
    """GET on the bridge's API with the shared secret."""

    def get(path: str) -> dict:
        answer = requests.get(f"{BRIDGE_URL}{path}", headers={"Authorization": f"Bearer {bridge_env['BRIDGE_API_SECRET']}"}, timeout=10)
        answer.raise_for_status()
        return answer.json()

    return get
