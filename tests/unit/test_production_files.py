"""docker-compose.yml, `make prod-like`, the example settings and the README tell the same story."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from devstack import keycloak_jvm
from devstack.paths import ROOT, keycloak_version
from prodstack import environment, keycloak_build, layout, settings

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
HAPROXY = (ROOT / "deploy" / "haproxy" / "haproxy.cfg").read_text()
README = (ROOT / "README.md").read_text()
EXAMPLE = settings.read(layout.ENV_EXAMPLE)
# Settings of a loopback run that containers do not need (each has its own address).
LOOPBACK_ONLY = {"KC_HTTP_HOST", "KC_CACHE_EMBEDDED_NETWORK_BIND_ADDRESS", "KC_CACHE_EMBEDDED_NETWORK_BIND_PORT"}
# Settings the Keycloak image carries itself (deploy/keycloak.Dockerfile), for compose and Kubernetes alike.
IN_THE_IMAGE = {"JAVA_OPTS_APPEND"}


def readme_table(title: str) -> list[list[str]]:
    section = README.split(f"### {title}\n", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][2:]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def names_in(cell: str) -> set[str]:
    return set(re.findall(r"`([A-Za-z0-9_-]+)`", cell))


def fake_settings() -> dict[str, str]:
    return {name: f"value-of-{name.lower()}" for name in EXAMPLE}


def test_the_services_are_the_readme_s():
    assert set(COMPOSE["services"]) == {names_in(row[0]).pop() for row in readme_table("Production services")}


def test_only_the_proxy_publishes_ports_and_the_readme_says_which():
    published = {name: service.get("ports", []) for name, service in COMPOSE["services"].items()}
    assert [name for name, ports in published.items() if ports] == ["proxy"]
    port_variables = {v for mapping in published["proxy"] for v in re.findall(r"\$\{([A-Z0-9_]+)", mapping)}
    documented = {names_in(row[0]).pop(): row[2] for row in readme_table("Production services")}
    assert names_in(documented["proxy"]) == port_variables == {"KEYCLOAK_HTTPS_PORT", "BRIDGE_HTTPS_PORT"}
    assert all(documented[name] == "none" for name in documented if name != "proxy")


def test_one_set_of_variables_everywhere():
    in_compose = set(re.findall(r"\$\{([A-Z0-9_]+)", COMPOSE_TEXT))
    in_readme = set().union(*(names_in(row[0]) for row in readme_table("Production settings")))
    made_by_prod_like = set(settings.SECRET_NAMES) | set(settings.SITE_SETTINGS)
    assert in_compose == set(EXAMPLE) == in_readme == made_by_prod_like


def test_the_example_names_the_pinned_keycloak():
    assert EXAMPLE["KEYCLOAK_VERSION"] == keycloak_version()


def test_keycloak_is_built_with_the_same_options():
    dockerfile = (ROOT / "deploy" / "keycloak.Dockerfile").read_text()
    assert f"kc.sh build {' '.join(keycloak_build.BUILD_OPTIONS)}\n" in dockerfile


def test_the_proxy_reads_the_same_variables_in_both_runs():
    lines = "\n".join(line for line in HAPROXY.splitlines() if not line.lstrip().startswith("#"))
    in_config = set(re.findall(r"\$\{([A-Z0-9_]+)(?:\[\*\])?\}", lines))
    prod_like = set(environment.proxy(fake_settings())) - set(environment.base_environment())
    assert in_config == set(COMPOSE["services"]["proxy"]["environment"]) == prod_like


def test_keycloak_and_the_bridges_get_the_same_settings_in_both_runs():
    values = fake_settings()
    node = layout.KEYCLOAK_NODES[0]
    base = set(environment.base_environment())
    for service in ("keycloak-1", "keycloak-2"):
        assert set(COMPOSE["services"][service]["environment"]) == \
            set(environment.keycloak(values, node)) - base - LOOPBACK_ONLY - IN_THE_IMAGE
    for service in ("bridge-1", "bridge-2", "worker-1", "worker-2", "bridge-migrate"):
        assert set(COMPOSE["services"][service]["environment"]) == \
            set(environment.bridge(values, layout.BRIDGES[0])) - base


def test_every_keycloak_runs_with_the_same_java_options():
    dockerfile = (ROOT / "deploy" / "keycloak.Dockerfile").read_text()
    assert f'ENV JAVA_OPTS_APPEND="{keycloak_jvm.JAVA_OPTS_APPEND}"\n' in dockerfile
    assert environment.keycloak(fake_settings(), layout.KEYCLOAK_NODES[1])["JAVA_OPTS_APPEND"] == \
        keycloak_jvm.JAVA_OPTS_APPEND
    assert not IN_THE_IMAGE & set(COMPOSE["services"]["keycloak-1"]["environment"])


def test_the_same_health_checks():
    assert "http-check send meth GET uri /health/ready" in HAPROXY and "check port" in HAPROXY
    assert "http-check send meth GET uri /healthz" in HAPROXY
    keycloak_check = " ".join(COMPOSE["services"]["keycloak-1"]["healthcheck"]["test"])
    assert "/dev/tcp/127.0.0.1/9000" in keycloak_check and "GET /health/ready" in keycloak_check
    assert "/healthz" in " ".join(COMPOSE["services"]["bridge-1"]["healthcheck"]["test"])
    assert COMPOSE["services"]["keycloak-1"]["environment"]["KC_HTTP_MANAGEMENT_PORT"] == "9000"


def test_the_trusted_proxy_address_is_the_proxy_s_own():
    proxy = COMPOSE["services"]["proxy"]
    assert proxy["networks"]["portail"]["ipv4_address"].startswith("${PROXY_SOURCE_ADDRESS")
    assert COMPOSE["services"]["keycloak-1"]["environment"]["KC_PROXY_TRUSTED_ADDRESSES"].startswith("${PROXY_SOURCE_ADDRESS")
    assert COMPOSE["services"]["bridge-1"]["environment"]["BRIDGE_TRUSTED_PROXIES"].startswith("${PROXY_SOURCE_ADDRESS")


def compose_command() -> list[str] | None:
    """`docker compose` (the CLI plugin), or a standalone `docker-compose` of version 2; None when neither runs."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    if standalone:
        version = subprocess.run([standalone, "version"], capture_output=True, text=True).stdout
        if "version v2" in version or "version 2" in version or "version dev" in version:
            return [standalone]
    return None


COMPOSE_TOOL = compose_command()


def compose_config(env_file) -> subprocess.CompletedProcess:
    return subprocess.run([*COMPOSE_TOOL, "--env-file", str(env_file), "-f", str(ROOT / "docker-compose.yml"),
                           "config", "--quiet"], capture_output=True, text=True)


@pytest.mark.skipif(COMPOSE_TOOL is None, reason="neither `docker compose` nor docker-compose v2 is installed here")
def test_docker_compose_config_accepts_the_file_and_wants_every_setting(tmp_path):
    values = {**fake_settings(), "PROXY_SOURCE_ADDRESS": "172.28.0.10", "KEYCLOAK_HTTPS_PORT": "443",
              "TLS_CERT_FILE": "/etc/portail-famille/tls/proxy.pem",
              "BRIDGE_HTTPS_PORT": "8443", "SMTP_PORT": "25"}
    complete = tmp_path / "prod.env"
    complete.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    accepted = compose_config(complete)
    assert accepted.returncode == 0, accepted.stderr
    incomplete = tmp_path / "incomplete.env"
    incomplete.write_text("".join(f"{k}={v}\n" for k, v in values.items() if k != "REDIS_PASSWORD"))
    refused = compose_config(incomplete)
    assert refused.returncode != 0 and "REDIS_PASSWORD" in refused.stderr


def test_the_kubernetes_manifests_describe_the_same_processes():
    keycloak = list(yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "keycloak.yaml").read_text()))
    bridge = {(doc["kind"], doc["metadata"]["name"]): doc for doc in
              yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "bridge.yaml").read_text())}
    cr = next(doc for doc in keycloak if doc["kind"] == "Keycloak")
    assert cr["spec"]["startOptimized"] is True and cr["spec"]["instances"] >= 2
    assert cr["spec"]["proxy"]["headers"] == "xforwarded"
    assert any(o["name"] == "proxy-trusted-addresses" for o in cr["spec"]["additionalOptions"])
    realm_import = next(doc for doc in keycloak if doc["kind"] == "KeycloakRealmImport")
    assert set(realm_import["spec"]["placeholders"]) == set(re.findall(
        r'"\$\{([A-Z][A-Z0-9_]+)\}"', (ROOT / "realm-export.json").read_text()))
    web = bridge["Deployment", "dossier-bridge"]["spec"]["template"]["spec"]["containers"][0]
    assert web["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert bridge["Deployment", "dossier-bridge-worker"]["spec"]["template"]["spec"]["containers"][0]["command"] == ["dossier-bridge", "worker"]
    assert bridge["Job", "dossier-bridge-migrate"]["spec"]["template"]["spec"]["containers"][0]["command"] == ["dossier-bridge", "db-upgrade"]
