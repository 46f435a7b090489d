"""Backups and restores of the production-like run, through the project's own scripts."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from devstack import process
from devstack.paths import ROOT
from prodstack import layout, postgres, stack

APPLICATIONS = (*(n.name for n in layout.KEYCLOAK_NODES), *(b.name for b in layout.BRIDGES), *layout.WORKERS)


def _script(name: str, folder: Path) -> None:
    values = stack.load_settings()
    env = {
        **os.environ,
        "PATH": f"{Path(postgres.tool('pg_dump')).parent}:{os.environ.get('PATH', '')}",
        "PGHOST": layout.HOST, "PGPORT": str(layout.POSTGRES_PORT), "PGUSER": "postgres",
        "PGPASSWORD": values["POSTGRES_PASSWORD"],
    }
    result = subprocess.run([str(ROOT / "scripts" / name), str(folder)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise process.StackError(f"scripts/{name} failed:\n{result.stdout}{result.stderr}")


def backup(folder: Path) -> None:
    _script("backup.sh", folder)


def restore(folder: Path) -> None:
    """Stop what uses the databases, restore both, start them again."""
    for name in APPLICATIONS:
        stack.stop_service(name)
    _script("restore.sh", folder)
    stack.up()
