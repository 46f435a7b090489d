"""Keycloak for production: a copy of the pinned distribution, built once with `kc.sh build`.

The build bakes in PostgreSQL, health and metrics, and the extension; it is
done again only when one of those (or the theme, or the version) changes.
The dev stack's own copy is left alone: `start-dev` rebuilds it its way.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess

from devstack import process
from devstack.paths import EXTENSION_JAR, REALM_FILE, THEMES, keycloak_home, keycloak_version
from prodstack import layout

BUILD_OPTIONS = ("--db=postgres", "--health-enabled=true", "--metrics-enabled=true")
THEME = "portail-famille"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    digest.update(keycloak_version().encode())
    digest.update(" ".join(BUILD_OPTIONS).encode())
    digest.update(EXTENSION_JAR.read_bytes())
    for path in sorted((THEMES / THEME).rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(THEMES)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_built() -> bool:
    """Copy, install and build when needed; True when a build ran."""
    source = keycloak_home()
    if not (source / "bin" / "kc.sh").exists():
        raise process.StackError(f"Keycloak is not unpacked in {source}; run `make keycloak-dist`")
    if not EXTENSION_JAR.exists():
        raise process.StackError(f"{EXTENSION_JAR} is missing; run `make extension`")
    home = layout.KEYCLOAK_HOME
    marker = home / "build.sha256"
    fingerprint = _fingerprint()
    if marker.exists() and marker.read_text() == fingerprint:
        _install_realm(home)
        return False
    shutil.rmtree(home, ignore_errors=True)
    # Not the dev stack's own data (its H2 database, its import folder).
    shutil.copytree(source, home, symlinks=True, ignore=shutil.ignore_patterns("h2", "import", "realm.sha256"))
    shutil.copy2(EXTENSION_JAR, home / "providers" / EXTENSION_JAR.name)
    shutil.copytree(THEMES / THEME, home / "themes" / THEME)
    _install_realm(home)
    print("Building Keycloak for production (kc.sh build: PostgreSQL, health, metrics, extension)...", flush=True)
    result = subprocess.run([str(home / "bin" / "kc.sh"), "build", *BUILD_OPTIONS], cwd=home,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise process.StackError(f"kc.sh build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    marker.write_text(fingerprint)
    return True


def _install_realm(home) -> None:
    """The realm file to import when the realm does not exist yet (an existing realm is never overwritten)."""
    target = home / "data" / "import"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REALM_FILE, target / "portail-famille-realm.json")
