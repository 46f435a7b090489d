"""Session-wide fixtures: the real stack, started once (or reused when already up)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from devstack import stack as devstack
from devstack.bootstrap import admin_client
from devstack.paths import RUN
from devstack.services import dev_environment

TEST_STATE = RUN / "test"


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
    return env


@pytest.fixture(scope="session")
def stack_env() -> dict[str, str]:
    return _test_environment()


@pytest.fixture(scope="session")
def stack(stack_env) -> Iterator[devstack.RunningStack]:
    shutil.rmtree(TEST_STATE, ignore_errors=True)
    TEST_STATE.mkdir(parents=True)
    running = devstack.up(stack_env)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def kc_admin(stack, stack_env):
    return admin_client(stack_env)
