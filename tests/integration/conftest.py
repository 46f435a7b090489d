from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
import requests

from devstack.paths import ROOT, VENV_BIN
from devstack.services import BRIDGE_URL, dev_environment

HEADER = "numero_dossier;role;nom;prenom;date_naissance;email;telephone;adresse;code_postal;ville"


@pytest.fixture(autouse=True)
def _needs_stack(stack):
    """Every integration test talks to the real services."""


@pytest.fixture(scope="session")
def bridge_env(stack, stack_env) -> dict[str, str]:
    """The environment of the running bridge: ours if the tests started it, the dev one otherwise."""
    return stack_env if "bridge" in stack.started else dev_environment()


@pytest.fixture(scope="session")
def add_dossier(bridge_env, tmp_path_factory):
    """Import a fresh dossier with a number no other test uses; returns the number."""
    used: set[str] = set()

    def add(*persons: tuple[str, str, str, str]) -> str:
        number = str(random.randint(10_000_000, 99_999_999))
        while number in used:
            number = str(random.randint(10_000_000, 99_999_999))
        used.add(number)
        rows = [f"{number};{role};{last};{first};{born};;;;28000;Chartres" for role, last, first, born in persons]
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
