"""Dependencies are locked: hashed lock files cover pyproject.toml, every install path uses them,
and every image is pinned by digest."""

from __future__ import annotations

import hashlib
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from devstack.paths import ROOT, keycloak_version

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
LOCKS = ROOT / "requirements"
# Where the lock files are used: local venv, benchmarks, and the bridge image.
INSTALLERS = {
    "Makefile": ["-r requirements/build.txt -r requirements/test.txt", "-r requirements/bench.txt"],
    "deploy/bridge.Dockerfile": ["-r requirements/build.txt -r requirements/bridge.txt"],
}
LINE = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\$")


def read_lock(name: str) -> dict[str, tuple[str, str | None, list[str]]]:
    """name -> (version, marker, hashes) from a `uv pip compile --generate-hashes` file."""
    entries: dict[str, tuple[str, str | None, list[str]]] = {}
    current = None
    for raw in (LOCKS / name).read_text().splitlines():
        if match := LINE.match(raw):
            current = canonicalize_name(match["name"])
            entries[current] = (match["version"], match["marker"], [])
        elif (stripped := raw.strip()).startswith("--hash=sha256:") and current:
            entries[current][2].append(stripped.split(":", 1)[1].rstrip(" \\"))
        elif stripped and not stripped.startswith("#"):
            raise AssertionError(f"{name}: unexpected line {raw!r}")
    return entries


def applies_here(marker: str | None) -> bool:
    return marker is None or Marker(marker).evaluate()


def requirements(*extras: str) -> list[Requirement]:
    names = list(PROJECT["dependencies"])
    for extra in extras:
        names += PROJECT["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize("lock, extras", [("bridge.txt", ()), ("test.txt", ("test",)), ("bench.txt", ("test", "bench"))])
def test_each_lock_pins_what_pyproject_asks_for(lock, extras):
    pinned = read_lock(lock)
    for requirement in requirements(*extras):
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is in pyproject.toml but not in {lock}: run `make lock`"
        assert requirement.specifier.contains(pinned[name][0], prereleases=True), (
            f"{lock} pins {name}=={pinned[name][0]}, outside pyproject.toml's {requirement}: run `make lock`")


def test_the_build_backend_is_locked_too():
    pinned = read_lock("build.txt")
    for text in PYPROJECT["build-system"]["requires"]:
        requirement = Requirement(text)
        assert requirement.specifier.contains(pinned[canonicalize_name(requirement.name)][0])


@pytest.mark.parametrize("lock", ["build.txt", "bridge.txt", "test.txt", "bench.txt"])
def test_every_locked_package_has_a_hash(lock):
    entries = read_lock(lock)
    assert entries
    for name, (_, _, hashes) in entries.items():
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name


def test_the_environment_the_tests_run_in_is_the_lock():
    """`make deps` installed exactly the test lock (CI builds this venv from a fresh clone)."""
    for name, (version, marker, _) in read_lock("test.txt").items():
        if applies_here(marker):
            assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, locked {version}"


@pytest.mark.parametrize("path, needles", INSTALLERS.items())
def test_every_install_path_requires_the_hashes(path, needles):
    text = (ROOT / path).read_text()
    # `make lock` installs its own tool, uv, pinned by version: it never reaches an install of the product.
    installs = [line for line in text.splitlines() if "pip install" in line and "uv==" not in line]
    for needle in needles:
        assert any(needle in line and "--require-hashes" in line for line in installs), (path, needle)
    # The project itself is installed without letting pip pick its dependencies.
    assert all("--require-hashes" in line or "--no-deps" in line for line in installs), installs


def image_references() -> list[tuple[str, str]]:
    found = [(m, "docker-compose.yml") for m in re.findall(r"^\s*image:\s*(\S+)", (ROOT / "docker-compose.yml").read_text(), re.M)]
    for dockerfile in (ROOT / "deploy").glob("*.Dockerfile"):
        found += [(m, dockerfile.name) for m in re.findall(r"^FROM\s+(\S+)", dockerfile.read_text(), re.M)]
    return found


def test_every_image_is_pinned_by_digest():
    references = image_references()
    assert len(references) >= 7
    for reference, where in references:
        assert re.search(r"@sha256:[0-9a-f]{64}$", reference), f"{where}: {reference} is not pinned by digest"


def test_the_keycloak_image_checks_the_distribution_the_tests_run():
    pom = (ROOT / "keycloak" / "pom.xml").read_text()
    expected = re.search(r"<keycloak.dist.sha256>([0-9a-f]{64})</keycloak.dist.sha256>", pom)
    assert expected, "keycloak/pom.xml names no keycloak.dist.sha256"
    dockerfile = (ROOT / "deploy" / "keycloak.Dockerfile").read_text()
    assert "sha256sum --check --strict" in dockerfile and "keycloak.dist.sha256" in dockerfile
    version = keycloak_version()
    archive = (Path.home() / ".m2" / "repository" / "org" / "keycloak" / "keycloak-quarkus-dist" / version
               / f"keycloak-quarkus-dist-{version}.zip")
    if not archive.exists():
        pytest.skip("the distribution has not been fetched on this machine (make keycloak-dist)")
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == expected[1]
