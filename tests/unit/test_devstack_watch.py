"""`make run` notices when a service it started is stopped elsewhere or dies, says why, and exits.

Real processes stand in for the services (a Python that sleeps); their pid
files and logs live in the test's own folder, never in the dev stack's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pytest

from devstack import __main__ as devstack_main
from devstack import process, stack
from devstack.services import ALL_SERVICES, SERVICES, Service
from devstack.watch import Watch

SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]
WATCHDOG_SECONDS = 60  # only if the run never notices: then it is stopped as by Ctrl-C, and the test fails


@pytest.fixture(autouse=True)
def own_run_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(process, "PIDS", tmp_path / "pids")
    monkeypatch.setattr(process, "LOGS", tmp_path / "logs")


@pytest.fixture
def started() -> Callable[..., subprocess.Popen]:
    procs: list[subprocess.Popen] = []

    def start(name: str, command=SLEEPER) -> subprocess.Popen:
        proc = process.start(name, command, os.environ, cwd=os.getcwd())
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def until_ended(watch: Watch, limit: int = 600):
    for _ in range(limit):
        if ended := watch.check():
            return ended
        time.sleep(0.1)
    raise AssertionError("the watch never noticed")


def test_all_running_means_nothing_to_say(started):
    watch = Watch({"bridge": started("bridge"), "keycloak": started("keycloak")})
    assert watch.check() is None


def test_a_service_stopped_by_make_stop_is_reported_as_such(started):
    watch = Watch({"bridge": started("bridge"), "keycloak": started("keycloak")})
    process.stop("keycloak")  # what `make stop` does from another terminal
    ended = until_ended(watch)
    assert (ended.name, ended.on_its_own) == ("keycloak", False)
    assert ended.message == "keycloak was stopped from elsewhere (make stop?)"


def test_a_service_that_dies_on_its_own_is_reported_with_its_code_and_log(started):
    watch = Watch({"bridge": started("bridge"), "worker": started("worker", [sys.executable, "-c", "raise SystemExit(3)"])})
    ended = until_ended(watch)
    assert (ended.name, ended.on_its_own) == ("worker", True)
    assert ended.message == f"worker exited on its own (code 3); see {process.log_file('worker')}"


def test_a_restarted_service_is_followed_under_its_new_pid(started):
    watch = Watch({"bridge": started("bridge")})
    with process.restarting(["bridge"]):  # what `python -m devstack restart bridge` does
        process.stop("bridge")
        assert watch.check() is None
        replacement = started("bridge")
    assert watch.check() is None
    os.killpg(replacement.pid, signal.SIGKILL)
    replacement.wait()
    ended = until_ended(watch)
    assert ended.name == "bridge" and ended.on_its_own


def _fake(name: str) -> Service:
    return Service(name, SERVICES[name].title, lambda: process.recorded_pid(name) is not None, None,
                   lambda env: process.start(name, SLEEPER, env, cwd=os.getcwd()), 30)


@pytest.fixture
def fake_stack(monkeypatch):
    """`make run` with every service replaced by a sleeper; returns a runner that gives (exit code, output)."""
    for name in ALL_SERVICES:
        monkeypatch.setitem(SERVICES, name, _fake(name))
    monkeypatch.setattr(devstack_main, "ensure_demo_staff", lambda env: None)
    monkeypatch.setattr(devstack_main, "POLL_SECONDS", 0.1)

    def run(meanwhile: Callable[[], None], capsys) -> tuple[int, str]:
        def act() -> None:
            while not all(process.recorded_pid(name) for name in ALL_SERVICES):
                time.sleep(0.05)
            meanwhile()

        helper = threading.Thread(target=act, daemon=True)
        watchdog = threading.Timer(WATCHDOG_SECONDS, os.kill, (os.getpid(), signal.SIGINT))
        helper.start()
        watchdog.start()
        try:
            code = devstack_main.run()
        finally:
            watchdog.cancel()
        # `make stop` in the other terminal finishes on its own; what is left after both is what counts.
        helper.join(WATCHDOG_SECONDS)
        out = capsys.readouterr()
        return code, out.out + out.err

    yield run
    stack.down()


def test_make_run_exits_when_make_stop_is_run_elsewhere(fake_stack, capsys):
    code, output = fake_stack(stack.down, capsys)
    assert "was stopped from elsewhere (make stop?); stopping the rest of what this run started" in output
    assert "Stopping what this run started" not in output  # not the watchdog's Ctrl-C
    assert code == 0
    assert not any(process.recorded_pid(name) for name in ALL_SERVICES)


def test_make_run_exits_with_an_error_when_a_service_dies(fake_stack, capsys):
    def keycloak_crashes() -> None:
        os.killpg(process.recorded_pid("keycloak"), signal.SIGKILL)

    code, output = fake_stack(keycloak_crashes, capsys)
    assert f"keycloak exited on its own (killed); see {process.log_file('keycloak')}" in output
    assert "Stopping what this run started" not in output
    assert code == 1
    assert not any(process.recorded_pid(name) for name in ALL_SERVICES)  # the rest was stopped


def test_messages_name_every_service_the_stack_starts(fake_stack, capsys):
    code, output = fake_stack(stack.down, capsys)
    starting = output.splitlines()[0]
    for name in ALL_SERVICES:
        assert SERVICES[name].title in starting
        assert process.log_file(name).name in output
