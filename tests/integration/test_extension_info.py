"""The admin console's provider info (GET /admin/serverinfo) lists the extension's
providers with the version of the built jar and the bridge options in force."""

import xml.etree.ElementTree as ET

import pytest

from devstack.paths import ROOT

OPTIONS = {"bridge-url", "bridge-secret", "bridge-timeout-ms"}
PROVIDERS = [("form-action", "dossier-number-validation"), ("required-action", "family-info")]


def _pom_version() -> str:
    project = ET.parse(ROOT / "keycloak" / "pom.xml").getroot()
    version = project.find("{http://maven.apache.org/POM/4.0.0}version")
    assert version is not None and version.text
    return version.text.strip()


@pytest.fixture(scope="module")
def server_info(kc_admin) -> dict:
    return kc_admin.get_server_info()


@pytest.mark.parametrize(("spi", "provider"), PROVIDERS)
def test_provider_info_shows_the_jars_version_and_its_options(server_info, stack_env, spi, provider):
    info = server_info["providers"][spi]["providers"][provider].get("operationalInfo")
    assert info, f"{spi}/{provider} shows no provider info"
    assert info["version"] == _pom_version()
    assert OPTIONS <= info.keys()
    assert info["bridge-url"] == stack_env["BRIDGE_INTERNAL_URL"].rstrip("/")
    assert info["bridge-secret"] == "set"
    assert stack_env["BRIDGE_API_SECRET"] not in info.values()
