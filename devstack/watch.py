"""What `make run` does while the stack is up: notice a service that stopped, and say why.

A service stopped by `make stop` (from another terminal) has lost its pid
file, since `process.stop` removes it first; a service that died on its own
still has it. One replaced by `python -m devstack restart` is followed under
its new pid.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from typing import Mapping

from devstack import process


@dataclass(frozen=True)
class Ended:
    name: str
    on_its_own: bool
    message: str


class Watch:
    def __init__(self, children: Mapping[str, subprocess.Popen]):
        self._children = dict(children)  # started by this run: their exit status is ours to read
        self._adopted: dict[str, int] = {}  # restarted from elsewhere: followed by pid
        self._replacing: set[str] = set()  # a restart is under way

    def check(self) -> Ended | None:
        """The first service found gone for good since the last check, or None while all run."""
        for name, proc in list(self._children.items()):
            code = proc.poll()
            if code is not None:
                del self._children[name]
                if ended := self._gone(name, proc.pid, code):
                    return ended
        for name, pid in list(self._adopted.items()):
            if not process.alive(pid):
                del self._adopted[name]
                if ended := self._gone(name, pid, None):
                    return ended
        for name in list(self._replacing):
            if ended := self._replaced(name):
                return ended
        return None

    def _gone(self, name: str, pid: int, code: int | None) -> Ended | None:
        recorded = process.recorded_pid(name, alive_only=False)
        if process.is_restarting(name) or recorded not in (None, pid):
            self._replacing.add(name)
            return self._replaced(name)
        if recorded is None:
            return Ended(name, False, f"{name} was stopped from elsewhere (make stop?)")
        status = f"code {code}" if code is not None and code >= 0 else "killed" if code is not None else "gone"
        return Ended(name, True, f"{name} exited on its own ({status}); see {process.log_file(name)}")

    def _replaced(self, name: str) -> Ended | None:
        pid = process.recorded_pid(name)
        if pid is not None:
            self._replacing.discard(name)
            self._adopted[name] = pid
            return None
        if process.is_restarting(name):
            return None
        self._replacing.discard(name)
        return Ended(name, True, f"{name} did not come back after its restart; see {process.log_file(name)}")
