"""The production-like site as the tests see it: its URLs, settings, admin client and databases."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from keycloak import KeycloakAdmin

from bench.registration import import_rows
from devstack.bootstrap import ensure_user
from prodstack import environment, layout, postgres
from prodstack.settings import read

REALM = "portail-famille"


@dataclass
class Site:
    urls: dict[str, str]
    settings: dict[str, str]

    @property
    def keycloak(self) -> str:
        return self.urls["KEYCLOAK_PUBLIC_URL"]

    @property
    def bridge(self) -> str:
        return self.urls["BRIDGE_PUBLIC_URL"]

    @property
    def ca_file(self) -> str:
        return self.urls["CA_FILE"]

    @property
    def family_entry(self) -> str:
        return f"{self.settings['PORTAIL_BASE_URL']}/famille"

    def admin(self) -> KeycloakAdmin:
        """The realm's admin API through the proxy, on https, as the bootstrap admin."""
        return KeycloakAdmin(
            server_url=f"{self.keycloak}/", username=self.settings["KC_BOOTSTRAP_ADMIN_USERNAME"],
            password=self.settings["KC_BOOTSTRAP_ADMIN_PASSWORD"], realm_name=REALM, user_realm_name="master",
            verify=self.ca_file,
        )

    def api_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings['BRIDGE_API_SECRET']}"}

    def bridge_sql(self, query: str) -> list[list[str]]:
        result = postgres.psql("-d", "bridge", "-At", "-F", "\t", "-c", query)
        assert result.returncode == 0, result.stderr
        return [line.split("\t") for line in result.stdout.splitlines()]

    def add_dossier(self, *persons: tuple[str, str, str, str]) -> str:
        """Import a dossier with a fresh number through the CLI, as a city's import would."""
        number = str(random.randint(10_000_000, 99_999_999))
        import_rows(environment.bridge(self.settings),
                    [f"{number};{role};{last};{first};{born};;;;28000;Chartres" for role, last, first, born in persons])
        return number

    def make_staff(self, username: str, password: str) -> None:
        ensure_user(self.admin(), username, password, email=f"{username}@ville-chartres.example",
                    first_name="Agent", last_name="Production", roles=("agent-famille",))


@contextmanager
def helpers_pointed_at(site: Site) -> Iterator[None]:
    """Point the shared test helpers (and every `requests` call's CA) at the production-like site."""
    from tests.support import family_info, maildev, oidc, signup, staff

    patch = pytest.MonkeyPatch()
    patch.setenv("REQUESTS_CA_BUNDLE", site.ca_file)
    patch.setattr(oidc, "KEYCLOAK_URL", site.keycloak)
    patch.setattr(oidc, "ISSUER", f"{site.keycloak}/realms/{REALM}")
    patch.setattr(maildev, "MAILDEV_URL", site.urls["MAILDEV_URL"])
    patch.setattr(staff, "BRIDGE", site.bridge)
    patch.setattr(signup, "PORTAIL_REDIRECT", site.family_entry)
    patch.setattr(family_info, "PORTAIL_REDIRECT", site.family_entry)
    try:
        yield
    finally:
        patch.undo()


def load() -> Site:
    urls = read(layout.URLS_FILE)
    return Site(urls, read(Path(urls["SETTINGS_FILE"])))


def wait_for(check, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


def get_ok(url: str, timeout: float = 5, **kwargs) -> bool:
    try:
        return requests.get(url, timeout=timeout, **kwargs).status_code == 200
    except requests.RequestException:
        return False
