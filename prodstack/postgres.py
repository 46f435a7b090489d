"""PostgreSQL from Debian's packages: one server, Keycloak's and the bridge's databases.

TCP on 127.0.0.1 with passwords (scram-sha-256); the Unix socket lives in a
folder only the server's user can open, for the superuser's own work
(creating the databases, backups, restores).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path
from typing import Mapping, Sequence

from devstack import process
from devstack.paths import ROOT
from prodstack import layout

DATA = layout.POSTGRES_DIR / "data"
SOCKET_DIR = layout.POSTGRES_DIR / "socket"
DATABASES_SQL = ROOT / "deploy" / "postgres" / "databases.sql"
NAME = "postgres"


def _bin(tool: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        raise process.StackError("PostgreSQL is not installed; run scripts/install-system-deps.sh postgresql as root")
    return str(versions[-1] / tool)


def _as_server_user(command: Sequence[str]) -> list[str]:
    """Root hands the server to Debian's `postgres` account, as the packaged service does."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _init(superuser_password: str) -> None:
    layout.POSTGRES_DIR.mkdir(parents=True, exist_ok=True)
    _own(layout.POSTGRES_DIR)
    SOCKET_DIR.mkdir(exist_ok=True)
    SOCKET_DIR.chmod(0o700)
    _own(SOCKET_DIR)
    if (DATA / "PG_VERSION").exists():
        return
    password_file = layout.POSTGRES_DIR / "initdb.pw"
    fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(superuser_password + "\n")
    _own(password_file)
    try:
        result = subprocess.run(
            _as_server_user([_bin("initdb"), "-D", str(DATA), "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                             "--auth-host=scram-sha-256", "--auth-local=trust", f"--pwfile={password_file}"]),
            capture_output=True, text=True,
        )
    finally:
        password_file.unlink(missing_ok=True)
    if result.returncode != 0:
        shutil.rmtree(DATA, ignore_errors=True)
        raise process.StackError(f"initdb failed: {result.stderr.strip()}")


def start(env: Mapping[str, str]):
    _init(env["POSTGRES_PASSWORD"])
    command = _as_server_user([
        _bin("postgres"), "-D", str(DATA), "-p", str(layout.POSTGRES_PORT), "-k", str(SOCKET_DIR),
        "-c", f"listen_addresses={layout.HOST}", "-c", "password_encryption=scram-sha-256",
        "-c", "log_line_prefix=%m [%p] %q%u@%d ", "-c", "max_connections=200",
    ])
    return process.start(NAME, command, {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}, cwd=ROOT,
                         place=layout.PLACE)


def ready() -> bool:
    result = subprocess.run([_bin("pg_isready"), "-q", "-h", layout.HOST, "-p", str(layout.POSTGRES_PORT)],
                            capture_output=True)
    return result.returncode == 0


def stop() -> bool:
    """A fast shutdown (clients are told and disconnected), then the usual process-group stop."""
    if process.recorded_pid(NAME, place=layout.PLACE) is None:
        return False
    subprocess.run(_as_server_user([_bin("pg_ctl"), "-D", str(DATA), "-m", "fast", "-w", "stop"]),
                   capture_output=True)
    return process.stop(NAME, place=layout.PLACE)


def superuser_env() -> dict[str, str]:
    """libpq variables of the superuser, through the private socket (used by psql, pg_dump, pg_restore)."""
    return {**os.environ, "PGHOST": str(SOCKET_DIR), "PGPORT": str(layout.POSTGRES_PORT), "PGUSER": "postgres"}


def run_as_superuser(command: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(_as_server_user(command), env=superuser_env(), capture_output=True, text=True, **kwargs)


def psql(*args: str) -> subprocess.CompletedProcess:
    return run_as_superuser([_bin("psql"), "-X", "-v", "ON_ERROR_STOP=1", *args])


def _psql_literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def create_databases(env: Mapping[str, str]) -> None:
    # Passwords through stdin, not the command line that `ps` shows.
    script = (f"\\set keycloak_password {_psql_literal(env['KEYCLOAK_DB_PASSWORD'])}\n"
              f"\\set bridge_password {_psql_literal(env['BRIDGE_DB_PASSWORD'])}\n" + DATABASES_SQL.read_text())
    result = run_as_superuser([_bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres"], input=script)
    if result.returncode != 0:
        raise process.StackError(f"creating the databases failed: {result.stderr.strip()}")


def tool(name: str) -> str:
    return _bin(name)
