"""HAProxy: started on deploy/haproxy/haproxy.cfg, asked about its servers through its admin socket."""

from __future__ import annotations

import csv
import io
import shutil
import socket
import subprocess
from typing import Mapping

from devstack import process
from devstack.paths import ROOT
from prodstack import layout

NAME = "proxy"
SOCKET = layout.PROXY_RUNTIME_DIR / "admin.sock"
CONFIG = layout.PROXY_CONFIG_DIR / "haproxy.cfg"


def start(env: Mapping[str, str]):
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    layout.PROXY_RUNTIME_DIR.mkdir(parents=True, exist_ok=True)
    layout.PROXY_RUNTIME_DIR.chmod(0o700)
    check = subprocess.run([binary, "-c", "-q", "-f", str(CONFIG)], env=dict(env), capture_output=True, text=True)
    if check.returncode != 0:
        raise process.StackError(f"HAProxy refuses {CONFIG}: {check.stdout}{check.stderr}")
    return process.start(NAME, [binary, "-db", "-f", str(CONFIG)], env, cwd=ROOT, place=layout.PLACE)


def command(line: str) -> str:
    """One command of HAProxy's runtime API (`show stat`, `disable server keycloak/kc2`, ...)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(SOCKET))
        sock.sendall(line.encode() + b"\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def server_states() -> dict[str, str]:
    """`backend/server` -> status as HAProxy's health checks see it (UP, DOWN, MAINT, ...).

    The fail-open backup servers have no check of their own and are left out.
    """
    try:
        table = command("show stat").lstrip("# ")
    except OSError:
        return {}
    states = {}
    for row in csv.DictReader(io.StringIO(table)):
        if row["svname"] not in ("FRONTEND", "BACKEND") and row["status"] != "no check":
            states[f"{row['pxname']}/{row['svname']}"] = row["status"].split()[0]
    return states


def all_up() -> bool:
    states = server_states()
    return bool(states) and all(status == "UP" for status in states.values())


def set_server(backend_server: str, enabled: bool) -> None:
    """Take a server out of the rotation (maintenance) or put it back; it keeps running."""
    answer = command(f"{'enable' if enabled else 'disable'} server {backend_server}")
    if answer.strip():
        raise process.StackError(f"HAProxy: {answer.strip()}")
