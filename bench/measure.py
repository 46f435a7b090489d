"""Running one tool as a child process and measuring its wall time and peak memory."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    # Peak of the summed proportional memory (PSS) of the process and its
    # children, sampled: pages shared after a fork are split between the
    # processes instead of counted once per process as RSS would.
    peak_mb: float
    status: int | None  # None: stopped at the time limit

    @property
    def ok(self) -> bool:
        return self.status == 0


def run_measured(command: list[str], stdout: Path | None = None, timeout: float | None = None,
                 env: dict[str, str] | None = None) -> Run:
    """Run ``command`` and measure it.

    Memory is sampled (the summed PSS of the process tree): the kernel's
    ru_maxrss of a child counts the parent's memory at fork time, before
    the exec, and would report the benchmark's own size.
    """
    import psutil

    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    start = time.perf_counter()
    peak = 0
    try:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, start_new_session=True,
                                   env=None if env is None else {**os.environ, **env})
        watched = psutil.Process(process.pid)
        while True:
            peak = max(peak, _tree_rss(watched))
            pid, status, _usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                elapsed = time.perf_counter() - start
                # Popen must not reap the child again.
                process.returncode = os.waitstatus_to_exitcode(status)
                return Run(elapsed, peak / 2**20, process.returncode)
            if timeout is not None and time.perf_counter() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -9
                return Run(time.perf_counter() - start, peak / 2**20, None)
            time.sleep(0.05)
    finally:
        if stdout:
            out.close()  # type: ignore[union-attr]


def _tree_rss(process) -> int:
    import psutil

    try:
        processes = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for item in processes:
        try:
            total += item.memory_full_info().pss
        except (psutil.Error, AttributeError):
            try:
                total += item.memory_info().rss
            except psutil.Error:
                pass
    return total
