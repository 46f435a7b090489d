"""Where the stack keeps downloads, state and logs (all git-ignored)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
RUN = ROOT / ".run"
LOGS = RUN / "logs"
PIDS = RUN / "pids"
POM = ROOT / "keycloak" / "pom.xml"
EXTENSION_JAR = ROOT / "keycloak" / "target" / "portail-famille-keycloak.jar"
REALM_FILE = ROOT / "realm-export.json"
THEMES = ROOT / "themes"
SAMPLE_DOSSIERS = ROOT / "data" / "sample-dossiers.csv"
SAMPLE_NEWS = ROOT / "data" / "sample-news.json"
VENV_BIN = ROOT / ".venv" / "bin"
MAILDEV = ROOT / "node_modules" / ".bin" / "maildev"
FRANCECONNECT_STANDIN = ROOT / "devstack" / "franceconnect_standin.mjs"
FRANCECONNECT_IDENTITIES = ROOT / "data" / "franceconnect-identities.json"
# The stand-in's signing key, kept between starts: Keycloak caches the keys it fetched.
FRANCECONNECT_STANDIN_KEY = RUN / "franceconnect" / "standin-signing-key.json"
# The official FranceConnect button's stylesheet, copied from npm by `make deps` (see Makefile).
FRANCECONNECT_BUTTON_CSS = THEMES / "portail-famille" / "login" / "resources" / "vendor" / "dsfr" / "connect.standalone.css"


@cache
def keycloak_version() -> str:
    """The version pinned in keycloak/pom.xml, the single place it is written."""
    match = re.search(r"<keycloak\.version>([^<]+)</keycloak\.version>", POM.read_text())
    if not match:
        raise RuntimeError(f"{POM} does not define <keycloak.version>")
    return match.group(1).strip()


def keycloak_home() -> Path:
    return CACHE / f"keycloak-{keycloak_version()}"
