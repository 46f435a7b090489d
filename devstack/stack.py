"""Bringing the services up (or reusing running ones) and down again."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from devstack import process
from devstack.services import ALL_SERVICES, SERVICES


@dataclass
class RunningStack:
    env: Mapping[str, str]
    started: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)  # what `started` runs

    def stop(self) -> None:
        for name in reversed(self.started):
            process.stop(name)
        self.started.clear()
        self.processes.clear()


def up(env: Mapping[str, str], names: Iterable[str] = ALL_SERVICES, reuse: bool = True) -> RunningStack:
    """Start the services that are not answering yet; reuse the ones that are."""
    stack = RunningStack(env)
    pending = []
    try:
        for name in names:
            service = SERVICES[name]
            if service.ready():
                if not reuse:
                    raise process.StackError(f"{name} is already running on port {service.port}")
                stack.reused.append(name)
                continue
            if service.port is not None and process.port_open(service.port):
                raise process.StackError(
                    f"port {service.port} is taken by another program, so {name} cannot start; "
                    f"find it with `ss -ltnp 'sport = :{service.port}'`"
                )
            proc = service.start(env)
            pending.append((service, proc))
            stack.started.append(name)
            stack.processes[name] = proc
        # Started side by side, awaited together: Keycloak's slow boot hides the others'.
        for service, proc in pending:
            process.wait_until(service.ready, service.name, service.timeout, proc)
    except BaseException:
        stack.stop()
        raise
    return stack


def down(names: Iterable[str] = tuple(reversed(ALL_SERVICES))) -> list[str]:
    return [name for name in names if process.stop(name)]
