"""Starting and stopping background processes by process group, with pid files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

import requests

from devstack.paths import LOGS, PIDS


class StackError(RuntimeError):
    """An operator-facing failure of the dev stack, with the log to read."""


@dataclass(frozen=True)
class Place:
    """Where a stack keeps its logs and pid files (the dev stack and the production-like run differ)."""

    logs: Path
    pids: Path


DEV = Place(LOGS, PIDS)


def pid_file(name: str, place: Place = DEV) -> Path:
    return place.pids / f"{name}.pid"


def log_file(name: str, place: Place = DEV) -> Path:
    return place.logs / f"{name}.log"


def start(name: str, command: Sequence[str], env: Mapping[str, str], cwd: Path, place: Place = DEV) -> subprocess.Popen:
    place.logs.mkdir(parents=True, exist_ok=True)
    place.pids.mkdir(parents=True, exist_ok=True)
    with open(log_file(name, place), "ab") as log:
        # A session of its own, so that stop() ends the whole tree (kc.sh -> java).
        proc = subprocess.Popen(
            list(command), cwd=cwd, env=dict(env), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    pid_file(name, place).write_text(str(proc.pid))
    return proc


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def recorded_pid(name: str, alive_only: bool = True, place: Place = DEV) -> int | None:
    """The pid written when `name` was started; None once `stop` removed it (or, by default, once it died)."""
    pid = _read_pid(pid_file(name, place))
    return pid if pid is not None and (not alive_only or alive(pid)) else None


def _restart_file(name: str) -> Path:
    return PIDS / f"{name}.restarting"


@contextmanager
def restarting(names: Iterable[str]) -> Iterator[None]:
    """Tells a watching `make run` that these services are being replaced, not stopped for good."""
    PIDS.mkdir(parents=True, exist_ok=True)
    files = [_restart_file(name) for name in names]
    for path in files:
        path.write_text(str(os.getpid()))
    try:
        yield
    finally:
        for path in files:
            path.unlink(missing_ok=True)


def is_restarting(name: str) -> bool:
    pid = _read_pid(_restart_file(name))
    return pid is not None and alive(pid)


def stop(name: str, timeout: float = 30.0, place: Place = DEV, sig: int = signal.SIGTERM) -> bool:
    """Stop the process group recorded for `name`; True when something was stopped.

    SIGKILL as `sig` is a crash, as the production-like failure tests want one.
    """
    pid = recorded_pid(name, place=place)
    pid_file(name, place).unlink(missing_ok=True)
    if pid is None:
        return False
    _signal_group(pid, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _group_alive(pid):
            return True
        time.sleep(0.2)
    _signal_group(pid, signal.SIGKILL)
    return True


def wait_for_ctrl_c(gone: Callable[[], bool] | None = None) -> bool:
    """Block until Ctrl-C (SIGINT) or SIGTERM, or until `gone()` says there is nothing left to wait for.

    The foreground life of `make prod-like`; True when it ended because of `gone`.
    """
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    while not stopping.wait(1.0):
        if gone is not None and gone():
            return True
    return False


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def http_ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def wait_until(check: Callable[[], bool], name: str, timeout: float, proc: subprocess.Popen | None = None,
               place: Place = DEV) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc is not None and proc.poll() is not None:
            raise StackError(f"{name} exited with code {proc.returncode} while starting; see {log_file(name, place)}")
        time.sleep(0.5)
    raise StackError(f"{name} was not ready after {timeout:.0f} s; see {log_file(name, place)}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours counts as gone.
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        return finished == 0
    except ChildProcessError:
        return True


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    alive(pgid)  # reap it if it is our child
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass
